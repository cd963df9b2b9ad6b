"""Phones proved by a one-time SMS code at sign-up; passwords reset by SMS code (issue #16 item 3)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from danchu.accounts.models import OutboxMessage, PhoneCode, User
from danchu.accounts.tests.factories import PASSWORD, UserFactory
from danchu.core.models import AuditEntry

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Một mật khẩu mới rất dài 2026"


def last_code(phone: str) -> str:
    message = OutboxMessage.objects.filter(channel="sms", recipient=phone).order_by("-pk").first()
    assert message is not None, "no SMS was sent"
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found
    return found.group(1)


def sign_up(browser: Any, phone: str = "0912 345 678") -> Any:
    return browser.post_form(
        reverse("account_signup"),
        {
            "full_name": "Nguyễn Thị Mai",
            "phone": phone,
            "email": "",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "language": "vi",
        },
    )


def test_signup_sends_a_code_and_the_code_verifies_the_phone(browser_as: Any) -> None:
    browser = browser_as()
    response = sign_up(browser)
    assert response.status_code == 302 and response["Location"] == reverse("accounts:phone")
    person = User.objects.get(phone="+84912345678")
    assert person.phone_verified_at is None
    code = last_code("+84912345678")
    # The code itself is never stored, only its keyed hash.
    row = PhoneCode.objects.get(person=person)
    assert code not in row.digest and len(row.digest) == 64

    page = browser.get(reverse("accounts:phone"))
    assert "Nhập" in page.content.decode() or page.status_code == 200
    response = browser.post_form(reverse("accounts:phone"), {"action": "verify", "code": code})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone_verified_at is not None
    assert AuditEntry.objects.filter(action="accounts.phone_verified").count() == 1
    # A code serves once.
    person.phone_verified_at = None
    person.save(update_fields=["phone_verified_at"])
    again = browser.post_form(reverse("accounts:phone"), {"action": "verify", "code": code})
    assert again.status_code == 400


def test_wrong_codes_are_counted_and_lock_the_code(browser_as: Any) -> None:
    browser = browser_as()
    sign_up(browser)
    code = last_code("+84912345678")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        response = browser.post_form(reverse("accounts:phone"), {"action": "verify", "code": wrong})
        assert response.status_code == 400
        assert "không đúng" in response.content.decode()
    response = browser.post_form(reverse("accounts:phone"), {"action": "verify", "code": code})
    assert response.status_code == 429
    assert User.objects.get(phone="+84912345678").phone_verified_at is None


def test_a_code_expires(browser_as: Any) -> None:
    browser = browser_as()
    sign_up(browser)
    code = last_code("+84912345678")
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=11)):
        response = browser.post_form(reverse("accounts:phone"), {"action": "verify", "code": code})
    assert response.status_code == 400
    assert "hết hạn" in response.content.decode()


def test_codes_are_rate_limited(browser_as: Any) -> None:
    browser = browser_as()
    sign_up(browser)
    for _ in range(2):
        browser.post_form(reverse("accounts:phone"), {"action": "send"})
    assert OutboxMessage.objects.filter(channel="sms").count() == 3
    response = browser.post_form(reverse("accounts:phone"), {"action": "send"}, follow=True)
    assert "Quá nhiều" in response.content.decode()
    assert OutboxMessage.objects.filter(channel="sms").count() == 3


def test_nul_bytes_and_long_input_are_refused_cleanly(browser_as: Any) -> None:
    browser = browser_as()
    sign_up(browser)
    response = browser.post_form(
        reverse("accounts:phone"), {"action": "verify", "code": "12\x0034" + "9" * 500}
    )
    assert response.status_code == 400
    response = browser_as().post_form(reverse("accounts:reset_by_sms"), {"phone": "09\x0012" * 50})
    assert response.status_code == 400


@pytest.mark.parametrize("typed", ["0987654321", "+84987654321", "987654321", "987 654 321"])
def test_sign_in_accepts_every_form_of_the_number(browser_as: Any, typed: str) -> None:
    UserFactory(phone="+84987654321", email=None)
    browser = browser_as()
    response = browser.post_form(reverse("account_login"), {"login": typed, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]


def test_password_reset_by_sms(browser_as: Any) -> None:
    person = UserFactory(phone="+84987654321", email=None)
    browser = browser_as()
    response = browser.post_form(reverse("accounts:reset_by_sms"), {"phone": "987 654 321"})
    assert response.status_code == 302
    code = last_code("+84987654321")
    step2 = response["Location"]
    bad = browser.post_form(
        step2, {"phone": "+84987654321", "code": "123", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert bad.status_code == 400
    response = browser.post_form(
        step2, {"phone": "+84987654321", "code": code, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password(NEW_PASSWORD)
    assert person.phone_verified_at is not None


def test_reset_by_sms_does_not_tell_who_has_an_account(browser_as: Any) -> None:
    response = browser_as().post_form(
        reverse("accounts:reset_by_sms"), {"phone": "0911 111 111"}, follow=True
    )
    assert response.status_code == 200
    assert "Nếu có tài khoản" in response.content.decode()
    assert not OutboxMessage.objects.exists()


def test_changing_the_phone_clears_its_verification() -> None:
    from danchu.accounts.services import profile_correct

    person = UserFactory(phone="+84987654321", email=None, phone_verified_at=timezone.now())
    profile_correct(person=person, full_name=person.full_name, phone="0912 000 111")
    person.refresh_from_db()
    assert person.phone_verified_at is None


def test_reset_requests_are_limited_per_address(browser_as: Any, settings: Any) -> None:
    from danchu.accounts import phone_views

    browser = browser_as()
    for _ in range(phone_views.RESET_REQUESTS_PER_ADDRESS_HOUR):
        browser.post_form(reverse("accounts:reset_by_sms"), {"phone": "0911 111 111"})
    response = browser.post_form(reverse("accounts:reset_by_sms"), {"phone": "0911 111 112"})
    from django.core.cache import cache

    cache.clear()  # the count must not outlive the test, whatever the cache backend
    assert response.status_code == 429
    assert "Quá nhiều yêu cầu" in response.content.decode()
