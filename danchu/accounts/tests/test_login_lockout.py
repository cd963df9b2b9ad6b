"""Sign-in lockout per account (whatever identifier is typed) and per client address, behind the
trusted proxy: other people's failures never lock out someone who knows their password
(issue #9, item 5)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danchu.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

REFUSED = "Quá nhiều lần đăng nhập không thành công"
PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def _fresh_cache_behind_nginx(settings: Any) -> None:
    from django.core.cache import cache

    cache.clear()
    settings.TRUSTED_PROXIES = [PROXY]
    # Unknown accounts are checked against a dummy hash; keep that cheap (the cast's hash is PBKDF2).
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def through_nginx(client_address: str) -> Client:
    """A browser at `client_address`, reaching danchu through the trusted proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=client_address)


def attempt(client: Client, login: str, password: str) -> tuple[str, bool]:
    response = client.post(reverse("account_login"), {"login": login, "password": password})
    page = REFUSED if response.status_code == 429 else response.content.decode()
    return page, "_auth_user_id" in client.session


def test_failures_by_phone_count_against_the_same_account_typed_by_email() -> None:
    UserFactory(phone="+84912345678", email="lan@example.vn")
    attacker = through_nginx("203.0.113.5")
    for _ in range(5):
        attempt(attacker, "0912 345 678", "sai-mat-khau")
    page, signed_in = attempt(attacker, "lan@example.vn", PASSWORD)
    assert REFUSED in page and not signed_in


def test_failures_from_another_address_never_lock_out_the_owner() -> None:
    UserFactory(phone="+84912345678")
    attacker = through_nginx("203.0.113.5")
    for _ in range(6):
        attempt(attacker, "0912345678", "sai-mat-khau")
    assert REFUSED in attempt(attacker, "0912345678", PASSWORD)[0]
    # The owner, at home, behind the same nginx.
    _, signed_in = attempt(through_nginx("198.51.100.7"), "0912345678", PASSWORD)
    assert signed_in


def test_an_address_that_tries_many_accounts_is_stopped_without_stopping_others(settings: Any) -> None:
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed": "8/5m/ip,5/5m/key"}
    owner = UserFactory(phone="+84987654321")
    attacker = through_nginx("203.0.113.5")
    for n in range(8):
        attempt(attacker, f"09123456{n:02d}", "sai-mat-khau")
    page, signed_in = attempt(attacker, "0987654321", PASSWORD)
    assert REFUSED in page and not signed_in
    _, signed_in = attempt(through_nginx("198.51.100.7"), owner.phone, PASSWORD)
    assert signed_in


def test_a_forwarded_for_header_from_an_untrusted_address_is_ignored() -> None:
    UserFactory(phone="+84912345678")
    # The attacker connects directly and pretends to be many clients: still one address.
    for n in range(6):
        attempt(
            Client(REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"), "0912345678", "sai"
        )
    page, signed_in = attempt(Client(REMOTE_ADDR="203.0.113.5"), "0912345678", PASSWORD)
    assert REFUSED in page and not signed_in


@pytest.mark.parametrize("login", ["0912\x00345678", "lan\x00@example.vn", "x" * 5000])
def test_a_malformed_login_is_refused_with_a_message_not_an_error(login: str) -> None:
    response = through_nginx("203.0.113.5").post(reverse("account_login"), {"login": login, "password": "x"})
    assert response.status_code in (200, 400)
