"""Staff sessions: two-factor authentication, limited lifetimes, nothing kept in caches.

- A person holding a staff role who has not set up TOTP is sent to set it up before reaching anything
  but the sign-in, MFA and static pages; their session-authenticated API calls get a 403 error body.
  (A staff person who has TOTP passes allauth's MFA step at sign-in; personal tokens are created only
  from a signed-in session, so they too come after MFA.)
- A staff session ends after settings.STAFF_SESSION_IDLE_SECONDS without a request and, however
  active, settings.STAFF_SESSION_MAX_SECONDS after sign-in: an office PC left signed in, or a stolen
  session cookie, does not open case files for days.
- Every answer to a staff member carries `Cache-Control: private, no-store`, so neither a shared
  proxy nor the browser's back button keeps a denunciation on a shared computer.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

ALLOWED_PREFIXES = ("/accounts/", "/static/", "/media/", "/i18n/", "/healthz", "/open311/")
API_PREFIX = "/api/"
STARTED, SEEN = "danchu_started", "danchu_seen"
# The last-seen time is written at most this often (seconds), not on every request.
SEEN_RESOLUTION = 60


class StaffMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        from .permissions import must_use_mfa, needs_mfa_setup

        if not must_use_mfa(user):
            return self.get_response(request)
        if session_expired(request):
            logout(request)
            messages.info(request, _("Your session has ended. Please sign in again."))
            return no_store(self.get_response(request))
        if not request.path.startswith(ALLOWED_PREFIXES) and needs_mfa_setup(user):
            if request.path.startswith(API_PREFIX):
                return no_store(
                    JsonResponse(
                        {
                            "code": "mfa_required",
                            "message": _("Staff must set up two-factor authentication before using the API."),
                            "detail": None,
                        },
                        status=403,
                    )
                )
            return no_store(redirect("mfa_activate_totp"))
        return no_store(self.get_response(request))


def session_expired(request: HttpRequest) -> bool:
    """Whether this staff session is past its idle or absolute limit; records the visit otherwise."""
    session = getattr(request, "session", None)
    if session is None or session.session_key is None:
        return False  # e.g. a token-authenticated API call: no session to expire
    now = int(time.time())
    started, seen = session.get(STARTED), session.get(SEEN)
    if started is None:
        session[STARTED] = session[SEEN] = now
        return False
    if now - int(seen or started) > settings.STAFF_SESSION_IDLE_SECONDS:
        return True
    if now - int(started) >= settings.STAFF_SESSION_MAX_SECONDS:
        return True
    if now - int(seen or 0) >= SEEN_RESOLUTION:
        session[SEEN] = now
    return False


def no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    return response
