"""Reads that may be seconds stale go to PostgreSQL streaming replicas; everything else to the primary.

With `DATABASE_REPLICA_URLS` empty (the default, and every SQLite install) nothing here is installed.
With replicas, `ReplicaReadsMiddleware` marks a request stale-tolerant when it only reads and is
public (anonymous) or a dashboard/report page (`REPLICA_READ_PATHS`); inside it, `PrimaryReplicaRouter`
sends reads to a replica, except:

- inside a transaction (a `select_for_update()` or a read that a write depends on);
- after this request wrote anything (read-after-write within the request);
- for `REPLICA_PIN_SECONDS` after the browser's last write (the `danchu_primary` cookie the middleware
  sets on every unsafe request), so a redirect after a POST shows what was just saved;
- for the models that must never be stale (sessions, accounts, the database cache, idempotency keys
  and the audit chain: `PRIMARY_ONLY_APPS`).

Code that knows its read may be stale (a management command drafting a report, a job computing a
roll-up) wraps it in `stale_reads()`.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

PRIMARY = "default"
PIN_COOKIE = "danchu_primary"
# Never read from a replica: a session, a sign-in, a lockout counter or an idempotency key seen a few
# seconds late is a wrong answer, not a stale one.
PRIMARY_ONLY_APPS = frozenset(
    {
        "sessions",
        "auth",
        "accounts",
        "account",
        "mfa",
        "socialaccount",
        "usersessions",
        "django_cache",
        "core",
    }
)


@dataclass
class _State:
    stale_ok: bool = False
    wrote: bool = False


_state: ContextVar[_State | None] = ContextVar("danchu_db_state", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


@contextmanager
def stale_reads() -> Iterator[None]:
    """Within this block, reads may go to a replica (until the block writes)."""
    token = _state.set(_State(stale_ok=True))
    try:
        yield
    finally:
        _state.reset(token)


@contextmanager
def primary_reads() -> Iterator[None]:
    """Within this block every read goes to the primary (the default outside `stale_reads()`)."""
    token = _state.set(_State(stale_ok=False))
    try:
        yield
    finally:
        _state.reset(token)


class PrimaryReplicaRouter:
    """Django database router: see the module docstring. `primary` and `replicas` are attributes so a
    test can route between clusters it started itself."""

    primary: str = PRIMARY
    replicas: tuple[str, ...] | None = None  # None: the settings' "replica*" aliases

    def _replicas(self) -> list[str]:
        return list(self.replicas) if self.replicas is not None else replica_aliases()

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        state = _state.get()
        if (
            state is None
            or not state.stale_ok
            or state.wrote
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or connections[self.primary].in_atomic_block
        ):
            return self.primary
        replicas = self._replicas()
        return random.choice(replicas) if replicas else self.primary  # noqa: S311 (load spreading)

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        state = _state.get()
        if state is not None:
            state.wrote = True
        return self.primary

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # one database, copied: every alias holds every row

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == self.primary


def _stale_tolerant(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD") or PIN_COOKIE in request.COOKIES:
        return False
    path = request.path_info
    if any(path.startswith(prefix) for prefix in settings.REPLICA_NEVER_PATHS):
        return False
    if any(path.startswith(prefix) for prefix in settings.REPLICA_READ_PATHS):
        return True
    # Public pages: an anonymous visitor (no session cookie) sees what nginx would cache anyway.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES and "HTTP_AUTHORIZATION" not in request.META


class ReplicaReadsMiddleware:
    """Marks stale-tolerant requests (installed only when replicas are configured)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _state.set(_State(stale_ok=_stale_tolerant(request)))
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                secure=request.is_secure(),
                samesite="Lax",
            )
        return response
