"""Bad input to accounts answers 4xx with a message and writes nothing — never a 500 (issue #9,
item 8). Unsafe requests go through the CSRF-enforcing client and with personal tokens."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danchu.accounts.models import HouseholdLink, PersonalToken

pytestmark = pytest.mark.django_db
MEGABYTE = "Đ" * (1024 * 1024 // 2)


def api_post(client: Client, url: str, body: Any, headers: dict[str, str]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **headers)


def assert_refused_with_message(response: Any) -> None:
    assert 400 <= response.status_code < 500, response.content[:300]
    assert response.json()["message"]


@pytest.mark.parametrize("name", ["Máy tính\x00 xã", MEGABYTE, "x" * 101])
def test_a_bad_token_name_is_refused_through_the_api(unverified: Any, token_for: Any, name: str) -> None:
    headers = token_for(unverified)
    response = api_post(
        Client(raise_request_exception=False), "/api/v1/accounts/tokens", {"name": name}, headers
    )
    assert_refused_with_message(response)
    assert PersonalToken.objects.filter(person=unverified).count() == 1  # only the test's own token


@pytest.mark.parametrize("name", ["Máy tính\x00 xã", MEGABYTE])
def test_a_bad_token_name_is_refused_on_the_page(unverified: Any, browser_as: Any, name: str) -> None:
    response = browser_as(unverified).post_form(reverse("accounts:tokens"), {"name": name})
    assert response.status_code in (200, 400)
    assert not PersonalToken.objects.filter(person=unverified).exists()


@pytest.mark.parametrize(
    "field",
    ["village_code", "household_number", "message"],
)
def test_nul_bytes_in_a_household_link_request_are_refused_through_the_api(
    unverified: Any, household: Any, browser_as: Any, field: str
) -> None:
    body = {
        "village_code": household.village.code,
        "household_number": household.number,
        "message": "Xin xác nhận",
    }
    body[field] = body[field][:3] + "\x00" + body[field][3:]
    browser = browser_as(unverified)
    browser.raise_request_exception = False
    assert_refused_with_message(browser.api("post", "/api/v1/accounts/household-links", body))
    assert not HouseholdLink.objects.exists()


def test_a_household_link_message_of_a_megabyte_is_refused_with_a_token(
    unverified: Any, household: Any, token_for: Any
) -> None:
    body = {"village_code": household.village.code, "household_number": household.number, "message": MEGABYTE}
    response = api_post(Client(), "/api/v1/accounts/household-links", body, token_for(unverified))
    assert_refused_with_message(response)
    assert not HouseholdLink.objects.exists()


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("?village=24181\x00-001", {}),
        ("", {"village_code": "24181\x00-001", "number": "12", "message": "x"}),
        ("", {"village_code": "24181-001", "number": "1\x002", "message": "x"}),
        ("", {"village_code": "24181-001", "number": "12", "message": "Xin\x00 chào"}),
    ],
)
def test_nul_bytes_in_the_household_request_page_are_refused(
    unverified: Any, village: Any, browser_as: Any, query: str, form: dict[str, str]
) -> None:
    browser = browser_as(unverified)
    browser.raise_request_exception = False
    url = reverse("accounts:household_request") + query
    response = browser.post_form(url, form) if form else browser.get(url)
    assert response.status_code in (200, 400)
    assert not HouseholdLink.objects.exists()


@pytest.mark.parametrize("language", ["vi\x00", "x" * 100_000, "fr"])
def test_the_language_switch_of_a_signed_in_person_never_answers_500(
    citizen: Any, browser_as: Any, language: str
) -> None:
    browser = browser_as(citizen)
    browser.raise_request_exception = False
    response = browser.post_form(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code < 500
    citizen.refresh_from_db()
    assert citizen.language == "vi"
