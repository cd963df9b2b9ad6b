from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_me_api_lists_roles_and_verified_households(household_rep: Any, client_as: Any) -> None:
    body = client_as(household_rep).get("/api/v1/accounts/me").json()
    assert body["verified_resident"] is True
    assert body["roles"][0]["role"] == "household_rep"
    assert body["households"][0]["as_representative"] is True


def test_me_api_for_staff_names_the_scope(steering_member: Any, client_as: Any) -> None:
    body = client_as(steering_member).get("/api/v1/accounts/me").json()
    assert body["is_staff"] is True
    assert body["roles"][0]["place_code"] == "66"
    assert body["verified_resident"] is False


def test_me_api_needs_sign_in() -> None:
    response = Client().get("/api/v1/accounts/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_my_page_shows_roles_households_verification_and_preferences(citizen: Any, client_as: Any) -> None:
    page = client_as(citizen).get(reverse("accounts:home")).content.decode()
    assert "Thôn 1" in page
    assert reverse("accounts:preferences") in page and reverse("accounts:tokens") in page


def test_an_unverified_person_is_invited_to_ask_for_verification(unverified: Any, client_as: Any) -> None:
    page = client_as(unverified).get(reverse("accounts:home")).content.decode()
    assert reverse("accounts:household_request") in page


def test_the_notification_preference_is_saved(citizen: Any, client_as: Any) -> None:
    response = client_as(citizen).post(
        reverse("accounts:preferences"), {"notify_channel": "zalo", "language": "en"}
    )
    assert response.status_code == 302
    citizen.refresh_from_db()
    assert (citizen.notify_channel, citizen.language) == ("zalo", "en")


def test_email_cannot_be_chosen_without_an_address(citizen: Any, client_as: Any) -> None:
    citizen.email = None
    citizen.notify_channel = "sms"
    citizen.save()
    response = client_as(citizen).post(
        reverse("accounts:preferences"), {"notify_channel": "email", "language": "vi"}
    )
    assert response.status_code == 400
    citizen.refresh_from_db()
    assert citizen.notify_channel == "sms"
