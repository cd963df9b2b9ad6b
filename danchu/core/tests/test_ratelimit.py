"""The kernel's rate limiter: in local memory by default, and against the real Redis on 127.0.0.1
(a database number and key prefix of its own; skipped only when no Redis answers)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from danchu.core import ratelimit


@pytest.fixture
def on_redis(settings: Any, redis_cache: Any) -> Any:
    return redis_cache(settings.RATELIMIT_CACHE)


def test_the_default_store_is_local_memory_never_the_database(settings: Any) -> None:
    backend = settings.CACHES[settings.RATELIMIT_CACHE]["BACKEND"]
    assert backend.endswith("LocMemCache") or backend.endswith("RedisCache")
    assert "db" not in backend.rsplit(".", 2)[-2]


def test_hits_count_up_within_the_window_in_memory() -> None:
    assert [ratelimit.hit("t:a", 60) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.count("t:a") == 3 and ratelimit.exceeded("t:a", 3)
    assert ratelimit.count("t:b") == 0
    ratelimit.reset("t:a")
    assert ratelimit.count("t:a") == 0


def test_hits_count_up_and_expire_on_the_real_redis(on_redis: Any) -> None:
    assert type(on_redis).__name__ == "RedisCache"
    assert [ratelimit.hit("t:r", 1) for _ in range(4)] == [1, 2, 3, 4]
    assert ratelimit.count("t:r") == 4
    time.sleep(1.2)
    assert ratelimit.count("t:r") == 0
    assert ratelimit.hit("t:r", 1) == 1


def test_the_window_is_set_once_not_renewed_by_each_hit(on_redis: Any) -> None:
    ratelimit.hit("t:w", 100)
    ratelimit.hit("t:w", 100)
    client = on_redis._cache.get_client()
    key = on_redis.make_and_validate_key("t:w")
    assert 0 < client.ttl(key) <= 100
    assert client.get(key) == b"2"


def test_an_unreachable_redis_lets_requests_through(settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        settings.RATELIMIT_CACHE: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        },
    }
    assert ratelimit.hit("t:down", 60) == 0
    assert not ratelimit.exceeded("t:down", 1)
