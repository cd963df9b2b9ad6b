"""The kernel's rate limiter: fixed-window counters in a cache of their own, never the database.

The counters live in the cache alias `settings.RATELIMIT_CACHE` ("ratelimit"): Redis in production
(`RATELIMIT_REDIS_URL`, by default `REDIS_URL`; Django's RedisCache), local memory in development and
tests (per process, which is enough there). On Redis one hit is one round trip (SET NX EX and INCR in
a pipeline); elsewhere `add` and `incr`. Modules build their limits on `hit()` and `count()`
(e.g. danchu.cases.ratelimit) and choose their own keys; keys are namespaced by the caller.

A limiter that cannot reach its cache lets the request through and logs it: refusing every citizen
because Redis restarted would be worse than a minute without limits.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import BaseCache, caches
from django.core.cache.backends.redis import RedisCache

logger = logging.getLogger(__name__)


def store() -> BaseCache:
    return caches[settings.RATELIMIT_CACHE]


def hit(key: str, window: int) -> int:
    """Count one event under `key` in a window of `window` seconds; returns the count so far."""
    cache = store()
    try:
        if isinstance(cache, RedisCache):
            full = cache.make_and_validate_key(key)
            client = cache._cache.get_client(full, write=True)
            pipe = client.pipeline(transaction=False)
            pipe.set(full, 0, ex=window, nx=True)
            pipe.incr(full)
            return int(pipe.execute()[1])
        cache.add(key, 0, window)
        try:
            return int(cache.incr(key))
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
            return 1
    except Exception:  # the cache is down: count nothing, refuse nobody
        logger.exception("rate limiter: cache %s unreachable", settings.RATELIMIT_CACHE)
        return 0


def count(key: str) -> int:
    """The count under `key` in its current window (0 when none or unreachable)."""
    cache = store()
    try:
        if isinstance(cache, RedisCache):
            full = cache.make_and_validate_key(key)
            value: Any = cache._cache.get_client(full).get(full)
            return int(value or 0)
        return int(cache.get(key, 0) or 0)
    except Exception:
        logger.exception("rate limiter: cache %s unreachable", settings.RATELIMIT_CACHE)
        return 0


def exceeded(key: str, limit: int) -> bool:
    return count(key) >= limit


def reset(key: str) -> None:
    try:
        store().delete(key)
    except Exception:
        logger.exception("rate limiter: cache %s unreachable", settings.RATELIMIT_CACHE)
