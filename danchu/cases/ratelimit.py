"""Limits in the kernel's rate limiter (danchu.core.ratelimit: Redis in production, local memory in
development; never a database table), keyed on the client's address as far as it can be
trusted (`danchu.core.net.client_ip`, behind the configured proxies) or on the person.

- Tracking-code misses: one limiter for every entry point (page, API, Open311, replies, ratings), so
  nobody walks the space of codes; past the limit even a right code waits for the window to pass.
- Public submissions: per verified account, or per phone number / e-mail given, with a generous
  per-address ceiling so that a commune whose residents share one address can still work.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _

from danchu.core import ratelimit as kernel
from danchu.core.errors import DomainError
from danchu.core.net import client_ip

PREFIX = "danchu:cases:rl"


class RateLimited(DomainError):
    code = "rate_limited"
    status = 429


def _setting(name: str, default: int) -> int:
    """A limit from settings (every name is declared in settings.py; `default` documents it)."""
    return int(getattr(settings, name))


def _count(key: str, window: int) -> int:
    return kernel.hit(key, window)


def _miss_key(request: HttpRequest) -> str:
    return f"{PREFIX}:track-miss:ip:{client_ip(request)}"


def track_misses_allowed(request: HttpRequest) -> None:
    """Refuse (429) a lookup by tracking code from an address past its misses for this window."""
    if kernel.exceeded(_miss_key(request), _setting("CASES_TRACK_MISS_LIMIT", 30)):
        raise RateLimited(
            _("Too many unknown tracking codes from your connection. Please wait an hour and try again.")
        )


def track_miss(request: HttpRequest) -> None:
    _count(_miss_key(request), _setting("CASES_TRACK_MISS_WINDOW", 3600))


def submission(request: HttpRequest, *, phone: str = "", email: str = "") -> None:
    """Count one public submission: per person (a signed-in account, else the phone number or e-mail
    given) and per address; refuse with 429 past either limit."""
    window = _setting("CASES_RATE_WINDOW", 3600)
    person_limit = _setting("CASES_RATE_LIMIT", 5)
    address_limit = _setting("CASES_RATE_ADDRESS_LIMIT", 60)
    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        person = f"user:{user.pk}"  # type: ignore[union-attr]
    elif phone.strip():
        person = "phone:" + "".join(ch for ch in phone if ch.isdigit())[-9:]
    elif email.strip():
        person = "email:" + email.strip().lower()
    else:
        person = ""
    address = client_ip(request)
    keys = [(f"{PREFIX}:submit:ip:{address}", address_limit)]
    if person:  # hashed: no phone number or e-mail address in clear in the cache, any length
        digest = hashlib.sha256(person.encode()).hexdigest()[:32]
        keys.append((f"{PREFIX}:submit:person:{digest}", person_limit))
    else:  # nobody to count but the address: anonymous feedback has its own, smaller allowance
        keys.append((f"{PREFIX}:submit:anonymous:{address}", _setting("CASES_RATE_ANONYMOUS_LIMIT", 20)))
    for key, limit in keys:
        if _count(key, window) > limit:
            raise RateLimited(
                _(
                    "You have sent %(n)d submissions within %(minutes)d minutes. Please wait before sending "
                    "another, or visit the commune's citizen reception."
                )
                % {"n": limit, "minutes": window // 60}
            )
