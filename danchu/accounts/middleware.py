"""Staff must use TOTP.

A person holding a staff role who has not set it up is sent to set it up before reaching anything
but the sign-in, MFA and static pages; their session-authenticated API calls get a 403 error body.
(A staff person who has TOTP passes allauth's MFA step at sign-in; personal tokens are created
only from a signed-in session, so they too come after MFA.)
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/i18n/", "/healthz", "/open311/")
API_PREFIX = "/api/"


class StaffMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(ALLOWED_PREFIXES):
            from .permissions import needs_mfa_setup

            if needs_mfa_setup(user):
                if request.path.startswith(API_PREFIX):
                    return JsonResponse(
                        {
                            "code": "mfa_required",
                            "message": _("Staff must set up two-factor authentication before using the API."),
                            "detail": None,
                        },
                        status=403,
                    )
                return redirect("mfa_activate_totp")
        return self.get_response(request)
