"""A form refused by the CSRF check (a page left open for hours, an in-app browser that keeps no
cookie) showed Django's technical English page, "Forbidden (403) CSRF verification failed. Request
aborted."; the API answered `{"code": "error", "detail": "CSRF check Failed"}`. Now the site's page
says, in the reader's language, what to do and leads back to the form; the API names the check."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.core.testing import BrowserClient

pytestmark = pytest.mark.django_db


def test_a_form_sent_without_its_token_says_what_to_do(citizen: Any) -> None:
    client = BrowserClient()
    client.force_login(citizen)
    response = client.post(
        "/cases/new/",
        {"title": "Đèn đường hỏng"},
        HTTP_ACCEPT_LANGUAGE="vi",
        HTTP_REFERER="http://testserver/cases/new/",
    )
    assert response.status_code == 403
    page = response.content.decode()
    assert "CSRF verification failed" not in page and "Forbidden" not in page
    assert "Chưa gửi được biểu mẫu: trang đã mở quá lâu" in page
    assert 'href="http://testserver/cases/new/"' in page and "Quay lại trang có biểu mẫu" in page
    # The page it leads back to gives the browser a token again: sent from there, the form goes on.
    client.get("/cases/new/")
    assert client.cookies.get("csrftoken") is not None


def test_the_same_in_english_when_chosen() -> None:
    response = BrowserClient().post("/cases/new/", {}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 403
    assert "This form could not be sent: the page was open too long" in response.content.decode()


def test_the_api_names_the_check_that_failed(citizen: Any) -> None:
    client = BrowserClient()
    client.force_login(citizen)
    response = client.post(
        "/api/v1/accounts/tokens", {"name": "x"}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "csrf_failed" and body["message"].startswith(
        "Yêu cầu không qua được bước kiểm tra an toàn"
    )
