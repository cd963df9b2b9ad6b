"""TOTP is required for staff: set up at first sign-in, asked at every sign-in after."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from danchu.accounts.models import Membership, Role
from danchu.accounts.tests.factories import PASSWORD, UserFactory, give_totp, totp_code

pytestmark = pytest.mark.django_db


def sign_in(client: Client, login: str) -> Any:
    return client.post(reverse("account_login"), {"login": login, "password": PASSWORD})


@pytest.fixture
def new_officer(commune: Any) -> Any:
    """A commune officer who has never set up TOTP."""
    person = UserFactory(phone="+84912000004", full_name="Phạm Thị Lan")
    Membership.objects.create(person=person, role=Role.COMMUNE_OFFICER, place=commune)
    return person


def test_staff_without_totp_are_sent_to_set_it_up(new_officer: Any) -> None:
    client = Client()
    sign_in(client, "0912000004")
    response = client.get(reverse("office:index"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")


def test_staff_set_up_totp_with_a_code_from_the_secret_and_get_recovery_codes(new_officer: Any) -> None:
    client = Client()
    sign_in(client, "0912000004")
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    assert secret in page.content.decode()
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=new_officer, type=Authenticator.Type.TOTP).exists()
    codes = client.get(reverse("mfa_view_recovery_codes"))
    assert len(codes.context["unused_codes"]) >= 10
    assert client.get(reverse("office:index")).status_code == 200


def test_a_wrong_setup_code_is_refused(new_officer: Any) -> None:
    client = Client()
    sign_in(client, "0912000004")
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 400
    assert "Mã không đúng" in response.content.decode()
    assert not Authenticator.objects.filter(user=new_officer).exists()


def test_session_api_calls_by_staff_without_totp_get_a_403_error_body(new_officer: Any) -> None:
    client = Client()
    sign_in(client, "0912000004")
    response = client.get("/api/v1/accounts/me")
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "mfa_required"
    assert "xác thực hai lớp" in body["message"]


def test_staff_with_totp_must_pass_the_mfa_step(officer: Any) -> None:
    secret = give_totp_again(officer)
    client = Client()
    response = sign_in(client, officer.phone)
    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("office:index")).status_code == 302
    wrong = client.post(reverse("mfa_authenticate"), {"code": "123456"})
    assert "_auth_user_id" not in client.session
    assert wrong.status_code == 400
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("office:index")).status_code == 200


def test_a_recovery_code_replaces_the_authenticator_code(officer: Any) -> None:
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    give_totp_again(officer)
    codes = RecoveryCodes.activate(officer).get_unused_codes()
    client = Client()
    sign_in(client, officer.phone)
    client.post(reverse("mfa_authenticate"), {"code": codes[0]})
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_staff_may_not_turn_totp_off(officer: Any) -> None:
    client = Client()
    client.force_login(officer)
    client.post(reverse("mfa_deactivate_totp"), {})
    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()


def test_citizens_are_not_asked_for_totp(citizen: Any) -> None:
    client = Client()
    response = sign_in(client, citizen.phone)
    assert response["Location"] == reverse("accounts:home")
    assert client.get(reverse("accounts:home")).status_code == 200


def give_totp_again(user: Any) -> str:
    """Replace the cast's authenticator with one whose secret the test knows."""
    Authenticator.objects.filter(user=user).delete()
    return give_totp(user)
