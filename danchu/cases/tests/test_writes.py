"""Every write of the cases module as a browser and as a client app would send it (issue #9): a
signed-in session keeps its CSRF check, a personal token writes without one; and every POST that
creates a case can be retried (idempotency key)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from danchu.cases import services
from danchu.cases.models import Case

API_WRITES = [
    ("accept", {}),
    ("refuse", {"reason": "Không thuộc thẩm quyền"}),
    ("assign", {"handler_id": 0}),
    ("transfer", {"to_unit_code": "24190", "reason": "Đúng thẩm quyền xã bạn"}),
    ("extend", {"reason": "Phức tạp"}),
    ("pause", {"reason": "Chờ giám định"}),
    ("resume", None),
    ("respond", {"body": "Trả lời"}),
    ("sign", {}),
    ("close", None),
    ("reopen", {"reason": "Chưa xong"}),
    ("link", {"other_code": "PA-AAAAAA"}),
    ("merge", {"other_code": "PA-AAAAAA"}),
]


@pytest.fixture
def case(file_case: Any, officer: Any) -> Case:
    return file_case()


@pytest.mark.parametrize("step,payload", API_WRITES)
def test_api_workflow_writes_need_csrf_with_a_session_and_work_with_a_token(
    step: str, payload: Any, case: Case, officer: Any, browser_as: Any, token_for: Any, other_commune: Any
) -> None:
    url = f"/api/v1/cases/{case.tracking_code}/{step}"
    body = dict(payload or {})
    if "handler_id" in body:
        body["handler_id"] = officer.pk
    session = browser_as(officer)
    no_csrf = session.post(url, body, content_type="application/json")
    assert no_csrf.status_code == 403, step
    with_csrf = session.api("post", url, body)
    assert with_csrf.status_code not in (401, 403, 500), (step, with_csrf.content)
    case.refresh_from_db()
    token = Client().post(url, body, content_type="application/json", **token_for(officer))
    assert token.status_code not in (401, 403, 500), (step, token.content)


def test_filing_a_case_through_the_api(village: Any, citizen: Any, browser_as: Any, token_for: Any) -> None:
    payload = {"place_code": village.code, "title": "Đèn hỏng", "description": "Đèn đường trước chợ hỏng."}
    # Anonymous: no session, no token, no CSRF needed.
    assert Client().post("/api/v1/cases/", payload, content_type="application/json").status_code == 201
    # A signed-in browser session must send its CSRF token (a forged cross-site post is refused).
    session = browser_as(citizen)
    assert session.post("/api/v1/cases/", payload, content_type="application/json").status_code == 403
    assert session.api("post", "/api/v1/cases/", payload).status_code == 201
    # A token writes without CSRF and files as its person; a bad token is refused, not taken as anonymous.
    response = Client().post("/api/v1/cases/", payload, content_type="application/json", **token_for(citizen))
    assert response.status_code == 201
    assert Case.objects.get(tracking_code=response.json()["tracking_code"]).submitter == citizen
    bad = Client().post(
        "/api/v1/cases/", payload, content_type="application/json", HTTP_AUTHORIZATION="Bearer x"
    )
    assert bad.status_code == 401
    assert Case.objects.count() == 3


def test_rating_through_the_api_keeps_csrf_for_sessions(
    file_case: Any, officer: Any, chairman: Any, citizen: Any, browser_as: Any
):
    case = file_case(submitter=citizen)
    services.case_accept(case=case, by=officer)
    services.case_respond(case=case, by=officer, body="Đã sửa đèn.")
    services.case_sign_reply(case=case, by=chairman)
    url = f"/api/v1/cases/track/{case.tracking_code}/rate"
    session = browser_as(citizen)  # the signed-in submitter: no key needed, but the CSRF token is
    assert session.post(url, {"satisfaction": 5}, content_type="application/json").status_code == 403
    assert Case.objects.get(pk=case.pk).satisfaction is None
    assert session.api("post", url, {"satisfaction": 5}).status_code == 200
    assert Case.objects.get(pk=case.pk).satisfaction == 5


PAGE_WRITES = [
    "/cases/office/{code}/accept/",
    "/cases/office/{code}/identity/",
    "/cases/office/intake/",
    "/cases/office/import/",
    "/cases/office/reception/",
    "/cases/track/{code}/rate/",
    "/cases/new/",
]


@pytest.mark.parametrize("template", PAGE_WRITES)
def test_page_forms_are_refused_without_their_csrf_token(
    template: str, case: Case, officer: Any, browser_as: Any
) -> None:
    url = template.format(code=case.tracking_code)
    client = browser_as(officer)
    without = client.post(url, {"kind": "slot"})
    assert without.status_code == 403
    csrf_page = re.search(r'<p class="error-message">(.*?)</p>', without.content.decode())
    assert csrf_page is not None
    # With its token the form passes the CSRF check: what the service says of "slot" may be a 403 too
    # (the identity is for the assigned handler only), but not the CSRF check's page.
    assert csrf_page.group(1) not in client.post_form(url, {"kind": "slot"}).content.decode()


def test_administrators_keys_page_needs_csrf(admin_user: Any, browser_as: Any) -> None:
    client = browser_as(admin_user)
    assert client.post("/cases/office/apikeys/", {"name": "Ứng dụng Zalo"}).status_code == 403
    issued = client.post_form("/cases/office/apikeys/", {"name": "Ứng dụng Zalo"}, follow=True)
    assert "o311_" in issued.content.decode()


def test_the_public_form_carries_a_fresh_idempotency_key(client: Client) -> None:
    first = client.get("/cases/new/").content.decode()
    second = client.get("/cases/new/").content.decode()

    def key(html: str) -> str:
        return html.split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]

    import uuid

    assert uuid.UUID(key(first)).version == 4 and key(first) != key(second)


def test_every_post_that_creates_a_case_wears_idempotent() -> None:
    from pathlib import Path

    app = Path(__file__).resolve().parent.parent
    sources = {
        "views/public.py": "def submit(",
        "views/office.py": "def intake(",
        "api/public.py": "def create_case(",
        "open311.py": "def requests_view(",
    }
    for name, definition in sources.items():
        text = (app / name).read_text()
        head = text[: text.index(definition)].rsplit("\n\n\n", 1)[-1]
        assert "@idempotent" in head, name
