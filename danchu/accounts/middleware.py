"""Staff must use TOTP: a person holding a staff role who has not set it up is sent to set it up
before reaching anything but the sign-in, MFA and static pages."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/i18n/", "/healthz", "/api/", "/open311/")


class StaffMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            from .permissions import needs_mfa_setup

            if needs_mfa_setup(user):
                return redirect("mfa_activate_totp")
        return self.get_response(request)
