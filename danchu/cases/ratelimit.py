"""Cache-based limit on repeated submissions from one source (an IP address or a signed-in person)."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def client_ip(request: HttpRequest) -> str:
    # Behind nginx the real address is the last X-Forwarded-For hop nginx appended.
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "USE_X_FORWARDED_FOR", False):
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def sources(request: HttpRequest) -> list[str]:
    keys = [f"ip:{client_ip(request)}"]
    if getattr(request.user, "is_authenticated", False):
        keys.append(f"user:{request.user.pk}")
    return keys


def hit(request: HttpRequest, action: str = "submit", limit: int | None = None) -> None:
    """Count one submission; refuse with 429 past CASES_RATE_LIMIT per CASES_RATE_WINDOW seconds."""
    limit = limit if limit is not None else int(getattr(settings, "CASES_RATE_LIMIT", 5))
    window = int(getattr(settings, "CASES_RATE_WINDOW", 3600))
    for source in sources(request):
        key = f"danchu:cases:rl:{action}:{source}"
        cache.add(key, 0, window)
        try:
            count = cache.incr(key)
        except ValueError:
            cache.set(key, 1, window)
            count = 1
        if count > limit:
            raise RateLimited(
                _(
                    "You have sent %(n)d submissions within %(minutes)d minutes. Please wait before sending another, "
                    "or visit the commune's citizen reception."
                )
                % {"n": limit, "minutes": window // 60}
            )
