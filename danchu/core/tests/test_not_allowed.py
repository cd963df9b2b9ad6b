"""Opening the address a form posts to (a link shared, a page reloaded after its form failed) gave an
empty page with "405"; the API answered "Method not allowed" as text/html. Now a page that says
what happened, in the reader's language, and the API's usual JSON body; the Allow header stays."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_forms_address_opened_by_a_visit_says_what_it_is(client_as: Any, officer: Any) -> None:
    response = client_as(officer).get("/works/1/board/sessions/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 405 and response["Allow"] == "POST"
    page = response.content.decode()
    assert "Đây là nơi nhận biểu mẫu" in page and "hãy quay lại trang có biểu mẫu" in page
    assert 'href="/"' in page  # and a way on


def test_the_api_answers_a_wrong_method_with_its_json(client_as: Any, officer: Any) -> None:
    response = Client().get("/api/v1/works/works", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 405 and response["Content-Type"] == "application/json"
    assert response["Allow"] == "POST"
    assert response.json() == {
        "code": "method_not_allowed",
        "message": "Địa chỉ này không nhận GET; chỉ nhận POST.",
        "detail": None,
    }
    english = client_as(officer).delete("/api/v1/core/todos", HTTP_ACCEPT_LANGUAGE="en")
    assert (
        english.status_code == 405
        and english.json()["message"] == "This address does not take DELETE; it takes GET."
    )
