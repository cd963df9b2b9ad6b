"""The cases limits go through the kernel's rate limiter: tested on the real local Redis (database 14,
a key prefix of its own; skipped only when no Redis answers)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from danchu.cases import ratelimit


@pytest.fixture
def on_redis(settings: Any, redis_cache: Any) -> Any:
    return redis_cache(settings.RATELIMIT_CACHE)


def test_submissions_past_the_limit_are_refused_from_redis(on_redis: Any, settings: Any) -> None:
    settings.CASES_RATE_LIMIT = 2
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    ratelimit.submission(request, phone="0912345678")
    ratelimit.submission(request, phone="0912 345 678")
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.submission(request, phone="+84912345678")
    ratelimit.submission(request, phone="0987654321")  # another person, same address: still fine


def test_tracking_code_misses_are_counted_in_redis(on_redis: Any, settings: Any) -> None:
    settings.CASES_TRACK_MISS_LIMIT = 3
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.10")
    for _ in range(3):
        ratelimit.track_misses_allowed(request)
        ratelimit.track_miss(request)
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.track_misses_allowed(request)
