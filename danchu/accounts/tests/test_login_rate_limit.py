"""Wrong passwords are rate-limited (ACCOUNT_RATE_LIMITS["login_failed"] = 5 per 5 minutes)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from danchu.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REFUSED = "Quá nhiều lần đăng nhập không thành công"


def attempt(client: Client, login: str, password: str) -> str:
    return client.post(reverse("account_login"), {"login": login, "password": password}).content.decode()


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    from django.core.cache import cache

    cache.clear()


def test_the_sixth_wrong_password_is_refused_even_when_right() -> None:
    UserFactory(phone="+84912345678")
    client = Client()
    for _ in range(5):
        assert REFUSED not in attempt(client, "0912345678", "sai-mat-khau")
    page = attempt(client, "0912 345 678", PASSWORD)
    assert REFUSED in page
    assert "_auth_user_id" not in client.session


def test_wrong_passwords_for_one_number_do_not_lock_out_another() -> None:
    UserFactory(phone="+84912345678")
    UserFactory(phone="+84987654321")
    for _ in range(5):
        attempt(Client(REMOTE_ADDR="10.0.0.1"), "0912345678", "sai-mat-khau")
    client = Client(REMOTE_ADDR="10.0.0.2")
    client.post(reverse("account_login"), {"login": "0987654321", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_wrong_passwords_by_email_are_limited_too() -> None:
    UserFactory(email="mai@example.vn")
    client = Client()
    for _ in range(5):
        attempt(client, "mai@example.vn", "sai-mat-khau")
    assert REFUSED in attempt(client, "mai@example.vn", PASSWORD)
