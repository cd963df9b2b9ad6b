"""Idempotency keys for POSTs that create something.

    @idempotent
    def case_submit_view(request): ...      # a page view

    @router.post("/", ...)
    @idempotent
    def submit(request, payload: CaseIn): ...   # a django-ninja operation (above or below the route)

A client sends `Idempotency-Key: <uuid>` (the public forms send one automatically in a hidden
`idempotency_key` field); a repeated key from the same client returns the first response instead of
creating the object again (with the header `Idempotent-Replayed: true`). Without a key the call
passes through unchanged.

How a retry stays safe when the server dies at any moment:
- the key is first recorded, pending, in its own statement (IdempotencyRecord, unique per client
  scope and key);
- the view then runs inside one transaction that holds the record's row lock, and the first
  response is written into the record in that same transaction. Either the view's writes and the
  stored response are committed together, or neither is: a retry after a crash finds the record
  either completed (and gets the first response) or still pending (and runs the view itself);
- a concurrent duplicate waits for the row lock (PostgreSQL; SQLite serialises writers anyway) and
  then answers from the record; after WAIT_SECONDS it gets 409 and may retry later;
- the same key with a different request (method, path or body) gets 422: it is a client bug, and
  answering with another request's response would be wrong.
Only successful answers (2xx, 3xx) are kept; after a refusal the key stays free, so a person who
corrects a form and sends it again with the same key is not told it was a different request.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import re
from collections.abc import Callable
from typing import Any, TypeVar

from django.db import OperationalError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .errors import DomainError
from .models import IdempotencyRecord
from .net import client_ip

F = TypeVar("F", bound=Callable[..., Any])

HEADER = "HTTP_IDEMPOTENCY_KEY"
FIELD = "idempotency_key"
REPLAYED = "Idempotent-Replayed"
KEY_PATTERN = re.compile(r"[A-Za-z0-9._:\-]{8,100}")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data"})
# Response headers worth repeating; cookies and per-request headers are not.
KEPT_HEADERS = ("Content-Type", "Location", "Content-Disposition", "Content-Language", "Cache-Control")
# How long a duplicate waits for the first request to finish before it is told to come back.
WAIT_SECONDS = 10
LOCK_NOT_AVAILABLE = "55P03"


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: Any) -> None:
        super().__init__(str(message))
        self.status, self.code, self.message = status, code, str(message)


def idempotent(view: F) -> F:
    """Make a page view or a django-ninja operation answer a repeated Idempotency-Key with the
    first response. See the module docstring for the contract."""
    operation = getattr(view, "_ninja_operation", None)
    if operation is not None:  # written above @router.post: wrap the operation now
        _wrap_operation(operation)
        return view

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        api = request.path.startswith("/api/")
        return respond_once(request, lambda: view(request, *args, **kwargs), api=api)

    # Written below @router.post: django-ninja calls this back with the operation it builds, so the
    # whole operation (authentication and error handling included) runs inside the guard, and the
    # wrapper above then sees the request already handled and passes it through.
    from ninja.utils import contribute_operation_callback

    contribute_operation_callback(wrapper, _wrap_operation)
    try:
        # django-ninja resolves string annotations in the wrapper's module; give it them resolved.
        wrapper.__signature__ = inspect.signature(view, eval_str=True)  # type: ignore[attr-defined]
    except (NameError, TypeError):
        pass  # a page view annotated with names imported for type checking only
    return wrapper  # type: ignore[return-value]


def _wrap_operation(operation: Any) -> None:
    from ninja.decorators import _apply_decorators

    _apply_decorators((_guard_run,), operation)


def _guard_run(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    @functools.wraps(run)
    def guarded(request: HttpRequest, **kw: Any) -> Any:
        return respond_once(request, lambda: run(request, **kw), api=True)

    return guarded


def respond_once(request: HttpRequest, call: Callable[[], Any], *, api: bool) -> Any:
    if request.method not in UNSAFE_METHODS or getattr(request, "_idempotency_handled", False):
        return call()
    request._idempotency_handled = True  # type: ignore[attr-defined]
    try:
        key = key_of(request)
        if key is None:
            return call()
        return _once(request, call, scope=scope_of(request), key=key, fingerprint=fingerprint_of(request))
    except Refusal as refusal:
        if api:
            body = {"code": refusal.code, "message": refusal.message, "detail": None}
            return JsonResponse(body, status=refusal.status)
        raise DomainError(refusal.message, code=refusal.code, status=refusal.status) from None


def key_of(request: HttpRequest) -> str | None:
    key = request.META.get(HEADER)
    if key is None and request.content_type in FORM_TYPES:
        key = request.POST.get(FIELD)
    if not key:
        return None
    if not KEY_PATTERN.fullmatch(key):
        raise Refusal(
            400,
            "bad_idempotency_key",
            _("The idempotency key must be 8 to 100 letters, digits or the signs . _ : -"),
        )
    return key


def scope_of(request: HttpRequest) -> str:
    """Who the key belongs to: the token, else the signed-in person, else the client's address."""
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    if authorization:
        return "auth:" + hashlib.sha256(authorization.encode("utf-8", "surrogatepass")).hexdigest()[:40]
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return f"addr:{client_ip(request)}"[:100]


def fingerprint_of(request: HttpRequest) -> str:
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            digest.update(part if isinstance(part, bytes) else part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")

    add(request.method or "", request.path, request.META.get("QUERY_STRING", ""))
    if request.content_type in FORM_TYPES:
        # The CSRF token is masked afresh on every page, so a browser's retry may differ in it.
        for name in sorted(request.POST):
            if name not in ("csrfmiddlewaretoken", FIELD):
                add(name, *request.POST.getlist(name))
        for name in sorted(request.FILES):
            for upload in request.FILES.getlist(name):
                add(name, upload.name or "", str(upload.size))
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
    else:
        add(request.body)
    return digest.hexdigest()


def _once(request: HttpRequest, call: Callable[[], Any], *, scope: str, key: str, fingerprint: str) -> Any:
    IdempotencyRecord.objects.bulk_create(
        [
            IdempotencyRecord(
                scope=scope,
                key=key,
                fingerprint=fingerprint,
                method=request.method or "",
                path=request.path[:500],
            )
        ],
        ignore_conflicts=True,
    )
    try:
        with transaction.atomic():
            record = _locked(scope, key)
            if record.completed_at is not None:
                if record.fingerprint != fingerprint:
                    raise Refusal(
                        422,
                        "idempotency_key_reused",
                        _("This idempotency key was already used for a different request."),
                    )
                return replay(record)
            response = call()
            if _keep(response):
                record.fingerprint = fingerprint
                record.status = response.status_code
                record.body = response.content
                record.headers = {h: response[h] for h in KEPT_HEADERS if h in response}
                record.completed_at = timezone.now()
                record.save(update_fields=["fingerprint", "status", "body", "headers", "completed_at"])
            elif getattr(response, "status_code", 500) >= 500:
                transaction.set_rollback(True)
            return response
    except OperationalError as e:
        if getattr(e.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise Refusal(
                409,
                "request_in_progress",
                _("The same request is still being processed. Try again in a moment."),
            ) from None
        raise


def _locked(scope: str, key: str) -> IdempotencyRecord:
    """The record with its row lock, waiting at most WAIT_SECONDS for a request that holds it."""
    if connection.vendor != "postgresql":
        return IdempotencyRecord.objects.select_for_update().get(scope=scope, key=key)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('lock_timeout'), set_config('lock_timeout', %s, true)",
            [f"{WAIT_SECONDS}s"],
        )
        previous = cursor.fetchone()[0]
        # On a timeout the enclosing atomic block rolls back, and the setting with it.
        record = IdempotencyRecord.objects.select_for_update().get(scope=scope, key=key)
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [previous])
    return record


def _keep(response: Any) -> bool:
    return isinstance(response, HttpResponse) and not response.streaming and 200 <= response.status_code < 400


def replay(record: IdempotencyRecord) -> HttpResponse:
    response = HttpResponse(bytes(record.body), status=record.status or 200)
    for header, value in record.headers.items():
        response[header] = value
    response[REPLAYED] = "true"
    return response
