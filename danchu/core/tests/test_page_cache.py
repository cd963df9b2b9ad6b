"""The application's page cache for anonymous public pages (issue #17 item 1): kept per language,
never for signed-in people or anyone with a session, forgotten by invalidate_public()."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.core.pagecache import invalidate_public, public_pages_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_on(settings: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 300


def _rename(place: Any, name: str) -> None:
    type(place).objects.filter(pk=place.pk).update(name=name)


def test_anonymous_page_is_served_from_the_cache_until_invalidated(cache_on: Any, commune: Any) -> None:
    path = f"/places/{commune.code}/"
    first = Client().get(path)
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    _rename(commune, "Xã Đổi Tên")
    second = Client().get(path)
    assert second["X-Page-Cache"] == "hit" and second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert "public" in second["Cache-Control"]
    invalidate_public([path])
    third = Client().get(path)
    assert third["X-Page-Cache"] == "miss" and "Xã Đổi Tên" in third.content.decode()


def test_vietnamese_and_english_never_mix(cache_on: Any, commune: Any) -> None:
    path = f"/places/{commune.code}/"
    vi = Client(HTTP_ACCEPT_LANGUAGE="vi").get(path)
    en = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").get(path)
    assert vi["X-Page-Cache"] == en["X-Page-Cache"] == "miss"
    assert vi.content != en.content
    again = Client(HTTP_ACCEPT_LANGUAGE="en").get(path)
    assert again["X-Page-Cache"] == "hit" and again.content == en.content
    by_cookie = Client(HTTP_ACCEPT_LANGUAGE="en")
    by_cookie.cookies["django_language"] = "vi"
    assert by_cookie.get(path).content == vi.content


def test_signed_in_people_and_sessions_bypass_the_cache(
    cache_on: Any, commune: Any, client_as: Any, officer: Any
) -> None:
    path = f"/places/{commune.code}/"
    Client().get(path)
    signed_in = client_as(officer).get(path)
    assert "X-Page-Cache" not in signed_in
    with_session = Client()
    with_session.cookies["sessionid"] = "x"
    assert "X-Page-Cache" not in with_session.get(path)
    assert "X-Page-Cache" not in Client().get(path, HTTP_AUTHORIZATION="Bearer x")


def test_a_csrf_cookie_alone_still_gets_the_cached_page(cache_on: Any, commune: Any) -> None:
    path = f"/places/{commune.code}/"
    Client().get(path)
    client = Client()
    client.cookies["csrftoken"] = "a" * 32
    assert client.get(path)["X-Page-Cache"] == "hit"


def test_pages_that_set_cookies_or_are_private_are_not_kept(cache_on: Any, commune: Any) -> None:
    # The case form sets a CSRF cookie and varies by it: never shared.
    for _ in range(2):
        response = Client().get("/cases/new/")
        assert response.get("X-Page-Cache") != "hit"
    assert not Client().post("/i18n/setlang/", {"language": "en", "next": "/"}).has_header("X-Page-Cache")


def test_off_when_the_setting_is_zero(commune: Any) -> None:
    assert "X-Page-Cache" not in Client().get(f"/places/{commune.code}/")


def test_invalidation_is_announced_to_other_caches() -> None:
    heard = []

    def listener(sender: Any, paths: list[str], **kwargs: Any) -> None:
        heard.append(paths)

    public_pages_changed.connect(listener)
    try:
        invalidate_public(["/places/24181/", ""])
    finally:
        public_pages_changed.disconnect(listener)
    assert heard == [["/places/24181/"]]


def test_works_on_the_real_redis(settings: Any, commune: Any, redis_cache: Any) -> None:
    settings.PAGE_CACHE_SECONDS = 300
    redis_cache(settings.PAGE_CACHE)
    path = f"/places/{commune.code}/"
    assert Client().get(path)["X-Page-Cache"] == "miss"
    assert Client().get(path)["X-Page-Cache"] == "hit"
    invalidate_public([path])
    assert Client().get(path)["X-Page-Cache"] == "miss"
