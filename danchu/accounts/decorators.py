"""Guards that modules put on acts the law reserves to identified residents (voting, complaints,
denunciations):

    from danchu.accounts.decorators import require_verified_resident, ensure_verified_resident

    @access("signed_in")
    @require_verified_resident
    def vote(request, ...): ...                       # page: explains and links to verification

    @router.post("/votes", openapi_extra=api_access("signed_in"))
    @require_verified_resident
    def api_vote(request, ...): ...                   # API: 403 {"code": "not_verified", ...}

    ensure_verified_resident(person)                  # in a service: raises Forbidden
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from danchu.core.errors import Forbidden

from .permissions import is_verified_resident

F = TypeVar("F", bound=Callable[..., Any])


def verification_url() -> str:
    return reverse("accounts:household_request")


def not_verified_message() -> str:
    return _(
        "Only verified residents may do this: the law reserves it to identified residents. "
        "Ask to be linked to your household; your village head or the commune confirms it."
    )


def ensure_verified_resident(person: Any) -> None:
    """Raise Forbidden (code "not_verified", detail with the URL to ask for verification)."""
    if not is_verified_resident(person):
        raise Forbidden(
            not_verified_message(),
            code="not_verified",
            detail={"verify_url": settings.SITE_URL + verification_url()},
        )


def require_verified_resident(view: F) -> F:
    """For pages and API operations alike: API paths get the error body, pages an explanation
    with a link to ask for verification, anonymous visitors the sign-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        is_api = request.path.startswith("/api/")
        if not request.user.is_authenticated and not is_api:
            return redirect_to_login(request.get_full_path())
        if is_api:
            ensure_verified_resident(request.user)
        elif not is_verified_resident(request.user):
            return _not_verified_page(request)
        return view(request, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _not_verified_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "accounts/not_verified.html",
        {"message": not_verified_message(), "verify_url": verification_url()},
        status=403,
    )
