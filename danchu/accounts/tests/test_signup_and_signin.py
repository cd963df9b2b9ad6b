from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from danchu.accounts.models import User
from danchu.accounts.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def signup(client: Client, **data: str) -> Any:
    payload = {
        "full_name": "Nguyễn Thị Mai",
        "phone": "0912 345 678",
        "email": "",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "language": "vi",
    }
    payload.update(data)
    return client.post(reverse("account_signup"), payload)


def sign_in(client: Client, login: str, password: str = PASSWORD) -> Any:
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_signup_with_a_vietnamese_phone_number_stores_it_in_international_form() -> None:
    client = Client()
    response = signup(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    person = User.objects.get(full_name="Nguyễn Thị Mai")
    assert person.phone == "+84912345678"
    assert person.email is None
    assert person.notify_channel == "sms"
    assert client.get(reverse("accounts:home")).status_code == 200


def test_two_people_without_email_can_both_sign_up() -> None:
    assert signup(Client()).status_code == 302
    assert signup(Client(), full_name="Trần Văn Nam", phone="+84 987 654 321").status_code == 302
    assert User.objects.filter(email__isnull=True).count() == 2


def test_signup_requires_the_full_name() -> None:
    response = signup(Client(), full_name=" ")
    assert response.status_code == 400
    assert not User.objects.exists()


def test_signup_with_a_number_already_registered_is_refused() -> None:
    UserFactory(phone="+84912345678")
    response = signup(Client(), phone="0912.345.678")
    assert response.status_code == 400
    assert User.objects.filter(phone="+84912345678").count() == 1


def test_signup_refuses_something_that_is_not_a_phone_number() -> None:
    response = signup(Client(), phone="12ab")
    assert response.status_code == 400
    assert "0912 345 678" in response.content.decode()


@pytest.mark.parametrize("login", ["0912345678", "0912 345 678", "+84912345678", "84912345678"])
def test_sign_in_with_the_phone_number_in_any_usual_form(login: str) -> None:
    UserFactory(phone="+84912345678")
    client = Client()
    response = sign_in(client, login)
    assert response.status_code == 302
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


def test_sign_in_with_the_email_address() -> None:
    UserFactory(email="mai@example.vn")
    response = sign_in(Client(), "mai@example.vn")
    assert response.status_code == 302


def test_wrong_password_is_refused_in_vietnamese() -> None:
    UserFactory(phone="+84912345678")
    response = sign_in(Client(), "0912345678", "sai-mat-khau")
    assert response.status_code == 400
    assert "Số điện thoại và/hoặc mật khẩu không đúng" in response.content.decode()


@pytest.mark.parametrize("login", ["admin", "0912abc", "Nguyễn Văn A"])
def test_a_login_neither_phone_nor_email_is_refused_in_vietnamese(login: str) -> None:
    """allauth words this case as a wrong *username*, a text of its own (no Vietnamese catalogue)."""
    UserFactory(phone="+84912345678")
    page = sign_in(Client(), login, "sai-mat-khau").content.decode()
    assert "Số điện thoại hoặc e-mail, hoặc mật khẩu không đúng" in page
    assert "The username" not in page


def test_the_persons_language_is_applied_at_sign_in() -> None:
    UserFactory(phone="+84912345678", language="en")
    client = Client()
    response = sign_in(client, "0912345678")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(reverse("accounts:home"))
    assert page.headers["Content-Language"] == "en"


def test_signup_stores_the_chosen_language() -> None:
    client = Client()
    signup(client, language="en")
    assert User.objects.get().language == "en"


def test_the_sign_in_page_uses_danchus_layout_in_vietnamese() -> None:
    page = Client().get(reverse("account_login")).content.decode()
    assert "Đăng nhập" in page
    assert "Số điện thoại hoặc e-mail" in page
    assert 'class="brand"' in page
