"""Public pages are built to be cached by nginx in front: an anonymous visitor gets a public
Cache-Control and no cookie (nginx does not cache a response that sets one)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/places/66/", "/places/24181/", "/places/search/?q=krong+pac"])
def test_anonymous_public_page_sets_no_cookie_and_is_cacheable(path: str, village: Any) -> None:
    response = Client().get(path)
    assert response.status_code == 200
    assert not response.cookies, f"{path} sets {list(response.cookies)}"
    if path != "/places/search/?q=krong+pac":
        assert "public" in response["Cache-Control"]


@pytest.mark.django_db
def test_language_switch_works_without_a_csrf_cookie(commune: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.get("/").content.decode().count("Grassroots democracy in your commune") == 1


@pytest.mark.django_db
def test_signed_in_pages_still_carry_the_csrf_token_for_htmx(client_as: Any, officer: Any) -> None:
    html = client_as(officer).get("/").content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
