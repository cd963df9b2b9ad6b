"""Staff sessions end when idle and after an absolute lifetime; staff pages are never cached
(issue #9, item 9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


def signed_in(client: Any) -> bool:
    return "_auth_user_id" in client.session


def test_a_staff_page_is_not_kept_in_any_cache(client_as: Any, village_head: Any) -> None:
    response = client_as(village_head).get(reverse("accounts:office_links"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_idle_staff_session_ends(client_as: Any, village_head: Any, settings: Any) -> None:
    settings.STAFF_SESSION_IDLE_SECONDS = 1800
    with time_machine.travel(START, tick=False) as clock:
        client = client_as(village_head)
        assert client.get(reverse("accounts:office_links")).status_code == 200
        clock.shift(dt.timedelta(minutes=29))
        assert client.get(reverse("accounts:office_links")).status_code == 200
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("accounts:office_links"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert not signed_in(client)


def test_an_active_staff_session_still_ends_after_its_lifetime(
    client_as: Any, village_head: Any, settings: Any
) -> None:
    settings.STAFF_SESSION_IDLE_SECONDS, settings.STAFF_SESSION_MAX_SECONDS = 1800, 12 * 3600
    with time_machine.travel(START, tick=False) as clock:
        client = client_as(village_head)
        for _ in range(12 * 3):  # a request every 20 minutes for 12 hours
            assert client.get(reverse("accounts:office_links")).status_code == 200
            clock.shift(dt.timedelta(minutes=20))
        response = client.get(reverse("accounts:office_links"))
    assert response.status_code == 302
    assert not signed_in(client)


def test_a_residents_session_is_not_cut_short(client_as: Any, citizen: Any) -> None:
    with time_machine.travel(START, tick=False) as clock:
        client = client_as(citizen)
        client.get(reverse("accounts:home"))
        clock.shift(dt.timedelta(hours=3))
        assert client.get(reverse("accounts:home")).status_code == 200
        assert signed_in(client)
