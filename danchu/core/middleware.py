"""The one error path of the pages: a service's DomainError becomes the page's message.

Views call one service and let its DomainError rise; this middleware shows the message (translated
by the service) instead of every view repeating try/except. An unsafe request answers with the
refusal's status (400, 403, 409, 429…) and the page it was posted from, rendered again for the person
with the message on top and nothing changed (the service's transaction rolled back); when that page
cannot be rendered, the error page with the message and a link back. A safe request renders the error
page with the error's status.
The API has its own handler with the same body ({code, message, detail}, danchu/api.py).
"""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed, JsonResponse, QueryDict
from django.shortcuts import render
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, get_script_prefix, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.datastructures import MultiValueDict
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .errors import DomainError

T = TypeVar("T")
logger = logging.getLogger(__name__)
# What a refused POST carries that the visit of its page does not (a body, a conditional request).
_NOT_A_VISIT = {"CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"}
_MESSAGES = "django.contrib.messages.middleware.MessageMiddleware"


def back_url(request: HttpRequest) -> str:
    """The page a refused form was on (same host only), shown again with the refusal, or the same
    address (a browser always sends the Referer to its own site; Referrer-Policy same-origin)."""
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.get_full_path()


def form_page(request: HttpRequest) -> str:
    """The page a refused form was sent from (same host), or "" when the browser did not say: unlike
    back_url, never the refused address itself, which an error page must not link to."""
    return back_url(request) if request.META.get("HTTP_REFERER") else ""


def page_again(request: HttpRequest, exc: DomainError) -> HttpResponse | None:
    """The page a refused form was sent from (same host; else the form's own address), rendered again
    for this person as its own view renders it on a visit, with the refusal's message on top and its
    status; None when there is no such page, the person may not see it, it would not render (a
    redirect, a 405, an error of its own) or it does not show the message: the caller then shows the
    refusal itself (the message stays queued, for the caller to leave out).

    The alternative, a redirect back (303), answers bad input with a 3xx and the page with 200."""
    parts = urlsplit(back_url(request))
    prefix = get_script_prefix()
    path_info = "/" + parts.path[len(prefix) :] if parts.path.startswith(prefix) else parts.path
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    visit = copy.copy(request)
    visit.method = "GET"
    visit.path, visit.path_info = parts.path, path_info
    visit.GET, visit.POST = QueryDict(parts.query), QueryDict()
    # Nor the files: a view binding its form to `request.POST or None, request.FILES or None` showed an
    # empty bound form ("This field is required." under every field typed).
    visit._files = MultiValueDict()  # type: ignore[attr-defined]
    visit.META = {key: value for key, value in request.META.items() if key not in _NOT_A_VISIT}
    visit.META.update(REQUEST_METHOD="GET", QUERY_STRING=parts.query, PATH_INFO=path_info)
    visit.resolver_match = match
    # The page is answered at the address the form was sent to: its relative links and the forms
    # without an action (a search box) must still go where they go on the page (base.html's <base>).
    visit.page_again_of = urlunsplit(("", "", parts.path, parts.query, ""))  # type: ignore[attr-defined]

    def view(visit: HttpRequest) -> HttpResponse:
        response = match.func(visit, *match.args, **match.kwargs)
        return response.render() if isinstance(response, SimpleTemplateResponse) else response

    messages.error(request, exc.message)
    response: HttpResponse | None
    try:
        response = _as_a_visit(view)(visit)
    except (DomainError, Http404, PermissionDenied):
        response = None
    except Exception:  # the page's own fault, logged; the refusal still answers with its status
        logger.exception("the page %s could not be rendered again after a refusal", parts.path)
        response = None
    for key in ("CSRF_COOKIE", "CSRF_COOKIE_NEEDS_UPDATE"):  # the page's token is the person's own
        if key in visit.META:
            request.META[key] = visit.META[key]
    shown = escape(exc.message).encode()
    if response is None or response.status_code != 200 or response.streaming or shown not in response.content:
        return None
    # The page carries this person's refusal: no cache keeps it (a public page says "public").
    add_never_cache_headers(response)
    for header in ("ETag", "Last-Modified"):
        if header in response:
            del response[header]
    response.status_code = exc.status
    return response


def _as_a_visit(view: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """`view` behind the middlewares that follow the messages in settings.MIDDLEWARE (all but this
    one): they gate pages by person (a staff member without an authenticator is sent to set one up),
    and the page again must pass them as a visit would — or a refused /accounts/ form, which that
    gate lets through, would show an office page through its Referer."""
    names = list(settings.MIDDLEWARE)
    handler = view
    for name in reversed(names[names.index(_MESSAGES) + 1 :]):
        if name != f"{__name__}.DomainErrorMiddleware":
            handler = import_string(name)(handler)
    return handler


def domain_error_response(request: HttpRequest, exc: DomainError) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # A page's own script (htmx or fetch) gets the message as data, to show beside the form.
        body = {"code": exc.code, "message": exc.message, "errors": {"__all__": exc.message}}
        return JsonResponse(body, status=exc.status)
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        # Refused input is a 4xx in danchu, also for a form whose action is not its page: the page
        # it was sent from comes back with the message on top and the refusal's status.
        again = page_again(request, exc)
        if again is not None:
            return again
        # The error page says it once: not also among the messages (page_again queued it there).
        others = [m for m in messages.get_messages(request) if m.message != exc.message]
        context = {
            "status": exc.status,
            "message": exc.message,
            "back": form_page(request),
            "messages": others,
        }
        return render(request, "core/error.html", context, status=exc.status)
    # A refused filter or search in the address (400), or a page number past the end of its list:
    # the same page without them is one click away.
    unfiltered = request.path if (exc.status == 400 or exc.code == "no_such_page") and request.GET else ""
    context = {"status": exc.status, "message": exc.message, "unfiltered": unfiltered}
    return render(request, "core/error.html", context, status=exc.status)


def method_not_allowed(request: HttpRequest, bare: HttpResponseNotAllowed) -> HttpResponse:
    """Django's and django-ninja's 405 is an empty page or "Method not allowed": a person who opens the
    address of a form's action (a link shared, a page reloaded after its form failed) meets a page
    that says what happened, and the API a body of its usual shape; the Allow header stays."""
    if request.path.startswith(("/api/", "/open311/")):
        message = _("This address does not take %(method)s; it takes %(allowed)s.") % {
            "method": request.method,
            "allowed": bare["Allow"],
        }
        response: HttpResponse = JsonResponse(
            {"code": "method_not_allowed", "message": message, "detail": None}, status=405
        )
    else:
        message = _("This address takes what a form sends, not a visit: go back to the page of the form.")
        context = {"status": 405, "message": message, "back": form_page(request)}
        response = render(request, "core/error.html", context, status=405)
    response["Allow"] = bare["Allow"]
    return response


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query:
            # No page takes a NUL in its address (a search, a filter, a chosen place): refused here
            # once, not by every view that reads a parameter (PostgreSQL answers one with an error).
            # The APIs validate their parameters themselves (core/schema.py, Open311's views).
            if not request.path.startswith(("/api/", "/open311/")):
                refused = _("The address contains a character that is not allowed (NUL).")
                return domain_error_response(request, DomainError(refused, code="bad_address"))
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed):
            return method_not_allowed(request, response)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DomainError) and not request.path.startswith("/api/"):
            return domain_error_response(request, exception)
        return None


def attempt(target: Any, call: Callable[[], T]) -> T | None:
    """Run one service call for a form page: its result, or None when the service refused — the
    refusal then shows as the form's error (target: a Form) or the page's message (an HttpRequest).
    The one place pages turn a DomainError into a message while re-rendering their form.

    On a form, the refusal sits next to the field it names (an error whose `detail` is a list of
    one field name of the form), else on top; `form.status` keeps the error's status (400, 403,
    409, 429…) for `status_of()`, and `form.refusal` the error itself."""
    try:
        return call()
    except DomainError as e:
        if isinstance(target, HttpRequest):
            messages.error(target, e.message)
        else:
            names = e.detail if isinstance(e.detail, list) else []
            field = names[0] if len(names) == 1 and names[0] in target.fields else None
            target.add_error(field, e.message)
            target.status = e.status
            target.refusal = e
        return None


def status_of(form: Any) -> int:
    """The status a form page answers with: 200 unless the form has errors, then the refusing
    service's status (see attempt()), else 400."""
    if not form.is_bound or not form.errors:
        return 200
    return int(getattr(form, "status", 400))


def answering_refusals(view: Callable[..., Any]) -> Callable[..., Any]:
    """A library's view (allauth's sign-up, sign-in, password reset…) that shows a refused form again
    with 200, made to answer with status_of(form): bad input is a 4xx in danchu, whoever renders it."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = view(request, *args, **kwargs)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if request.method == "POST" and response.status_code == 200 and form is not None:
            response.status_code = status_of(form)
        return response

    return wrapped


def answering_refusals_in(patterns: list[Any]) -> list[Any]:
    """`patterns` (and those they include) with every view wrapped by answering_refusals()."""
    from django.urls import URLPattern, URLResolver

    out: list[Any] = []
    for p in patterns:
        if isinstance(p, URLResolver):
            out.append(
                URLResolver(
                    p.pattern,
                    answering_refusals_in(p.url_patterns),
                    p.default_kwargs,
                    p.app_name,
                    p.namespace,
                )
            )
        else:
            out.append(URLPattern(p.pattern, answering_refusals(p.callback), p.default_args, p.name))
    return out
