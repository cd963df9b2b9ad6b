"""/api/v1: one django-ninja API assembled from each app's router.

Authentication: the browser session (with CSRF) or a personal token (`Authorization: Bearer …`).
Every error has one body: {"code", "message", "detail"}, the message in the request's language.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import SessionAuth

from danchu.accounts.auth import TokenAuth
from danchu.core.api import DanchuAPI, enforce_access
from danchu.core.errors import MESSAGES, DomainError, field_problems, own_message

api = DanchuAPI(
    title="danchu API",
    version="1",
    description="Grassroots democracy platform (quy chế dân chủ ở cơ sở). Errors: {code, message, detail}.",
    urls_namespace="api-1",
    # The token first: a request that carries one is not a browser's and needs no CSRF token; the
    # session (with its CSRF check on unsafe methods) only when no token was sent.
    auth=[TokenAuth(), SessionAuth(csrf=True)],
)
api.add_decorator(enforce_access, mode="operation")


def error(request: HttpRequest, status: int, code: str, message: str, detail: Any = None) -> HttpResponse:
    return api.create_response(request, {"code": code, "message": message, "detail": detail}, status=status)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return error(request, exc.status, exc.code, exc.message, exc.detail)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return error(request, 422, "invalid", str(MESSAGES["invalid"]), field_problems(exc.errors))


@api.exception_handler(AuthenticationError)
def on_auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return error(request, 401, "unauthenticated", str(MESSAGES["unauthenticated"]))


@api.exception_handler(PermissionDenied)
def on_forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return error(request, 403, "forbidden", str(MESSAGES["forbidden"]))


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error(request, 404, "not_found", own_message(exc) or str(MESSAGES["not_found"]))


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja raises HttpError with English text of its own (e.g. an unparsable body); the user
    # gets a message in their language and the library's text as detail.
    if exc.status_code == 400 and str(exc).startswith("Cannot parse request body"):
        return error(request, 400, "bad_request", str(MESSAGES["bad_body"]))
    if exc.status_code == 403 and str(exc) == "CSRF check Failed":
        return error(request, 403, "csrf_failed", str(MESSAGES["csrf_failed"]))
    return error(request, exc.status_code, "error", str(MESSAGES["error"]), str(exc))


def _mount() -> None:
    from danchu.accounts.api import router as accounts
    from danchu.adminreform.api import router as adminreform
    from danchu.cases.api import router as cases
    from danchu.consultations.api import router as consultations
    from danchu.core.api import router as core
    from danchu.disclosures.api import router as disclosures
    from danchu.meetings.api import router as meetings
    from danchu.newrural.api import router as newrural
    from danchu.oversight.api import router as oversight
    from danchu.places.api import router as places
    from danchu.reporting.api import router as reporting
    from danchu.steering.api import router as steering
    from danchu.workplaces.api import router as workplaces
    from danchu.works.api import router as works

    for prefix, router in [
        ("/core/", core),
        ("/places/", places),
        ("/accounts/", accounts),
        ("/disclosures/", disclosures),
        ("/consultations/", consultations),
        ("/meetings/", meetings),
        ("/cases/", cases),
        ("/works/", works),
        ("/oversight/", oversight),
        ("/workplaces/", workplaces),
        ("/steering/", steering),
        ("/reporting/", reporting),
        ("/newrural/", newrural),
        ("/adminreform/", adminreform),
    ]:
        api.add_router(prefix, router)


_mount()
