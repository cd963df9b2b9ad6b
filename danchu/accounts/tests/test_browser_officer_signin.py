"""A commune officer signs in with phone and password, completes two-factor authentication and
reaches the back office of their commune."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator

from danchu.accounts.models import Membership, Role
from danchu.accounts.tests.factories import PASSWORD, UserFactory, give_totp, totp_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Any, login: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Số điện thoại hoặc e-mail").fill(login)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_a_new_officer_sets_up_totp_at_first_sign_in_and_reaches_the_back_office(
    page: Any, commune: Any
) -> None:
    officer = UserFactory(phone="+84912000004", full_name="Phạm Thị Lan")
    Membership.objects.create(person=officer, role=Role.COMMUNE_OFFICER, place=commune)

    sign_in(page, "0912 000 004")
    page.wait_for_url("**/accounts/2fa/totp/activate/")
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Mã từ ứng dụng").fill(totp_code(secret))
    page.get_by_role("button", name="Kích hoạt").click()
    page.wait_for_url("**/accounts/2fa/recovery-codes/")
    assert len(page.locator("pre.recovery-codes").inner_text().split()) >= 10
    page.get_by_role("link", name="Tiếp tục vào trang nghiệp vụ").click()
    page.wait_for_url("**/office/")
    assert "Xã Krông Pắc" in page.locator("main").inner_text()
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()


def test_an_officer_with_an_authenticator_passes_the_mfa_step(page: Any, officer: Any) -> None:
    Authenticator.objects.filter(user=officer).delete()
    secret = give_totp(officer)

    sign_in(page, officer.phone)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.get_by_label("Mã").fill(totp_code(secret))
    page.get_by_role("button", name="Tiếp tục").click()
    page.wait_for_url("**/me/")
    page.goto("/office/")
    assert "Xã Krông Pắc" in page.locator("main").inner_text()
