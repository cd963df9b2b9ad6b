"""A citizen's information to a work's supervision board is a case routed to that board: a tracking
code and deadlines for the citizen, the board's members (and the commune's Front that set it up) handle
and answer it; the commune's staff, and the board of another work of the same commune, do not see it.
The API answers with the tracking code; an eleventh message a day is refused and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.cases import services as cases
from danchu.cases.models import Case, State
from danchu.core.errors import Forbidden
from danchu.works import services
from danchu.works.models import Information

pytestmark = pytest.mark.django_db


def _other_board(make_work: Any, front_officer: Any, commune: Any) -> Any:
    """A second work of the same commune, with its own board and member."""
    other = make_work(title="Kênh mương nội đồng Thôn 1", decision_number="16/NQ-HNTDC")
    body = BodyFactory(kind=Body.Kind.SUPERVISION_BOARD, name="Ban GSĐTCĐ kênh mương", place=commune)
    member = person_with_role(Role.SUPERVISION_MEMBER, commune, body=body, full_name="Phan Văn Kênh")
    services.board_establish(
        work=other,
        by=front_officer,
        decision_number="09/QĐ-MTTQ",
        established_on=dt.date(2026, 3, 25),
        body=body,
    )
    return member


def test_the_information_is_a_case_the_works_board_handles(
    browser_as: Any,
    client_as: Any,
    board: Any,
    work: Any,
    citizen: Any,
    supervisor: Any,
    front_officer: Any,
    officer: Any,
    chairman: Any,
    make_work: Any,
    commune: Any,
) -> None:
    other_member = _other_board(make_work, front_officer, commune)
    sender = browser_as(citizen)
    r = sender.post_form(f"/works/{work.pk}/inform/", {"text": "Xe chở cát quá tải làm lún mặt đường."})
    info = Information.objects.get()
    case = Case.objects.get()
    assert r["Location"] == f"/cases/new/{case.tracking_code}/" and info.tracking_code == case.tracking_code
    # The receipt shows the sender's browser the key (the sender is protected as a denouncer: not
    # linked to the case as its submitter, so the key is what opens it).
    receipt = sender.get(r["Location"]).content.decode()
    key = receipt.split('id="receipt-key">', 1)[1].split("<", 1)[0]
    assert case.case_type == "works_information" and case.unit == commune and case.acceptance_due is not None
    assert "Xe chở cát quá tải" in case.description and f"/works/{work.pk}/" in case.description
    # The citizen follows it; the board's member and the Front read and act on it.
    tracking = sender.get(f"/cases/track/{case.tracking_code}/", {"k": key}).content.decode()
    # It names the body that answers, not only the commune.
    assert '<dd id="case-unit">Ban giám sát đầu tư của cộng đồng — ' in tracking
    for person in (supervisor, front_officer):
        c = client_as(person)
        assert c.get(f"/cases/office/{case.tracking_code}/").status_code == 200, person
        assert case.tracking_code in c.get("/cases/office/").content.decode(), person
    # The commune's staff, and the member of another work's board of the commune, do not.
    for person in (officer, chairman, other_member):
        c = client_as(person)
        assert c.get(f"/cases/office/{case.tracking_code}/").status_code == 404, person
        assert case.tracking_code not in c.get("/cases/office/").content.decode(), person
    # The board's page links each message to its case.
    page = client_as(supervisor).get(f"/works/{work.pk}/board/").content.decode()
    assert f'href="/cases/office/{case.tracking_code}/"' in page
    # The member takes it up, answers and signs for the board; the citizen reads the answer.
    cases.case_accept(case=case, by=supervisor)
    cases.case_respond(case=case, by=supervisor, body="Ban đã kiểm tra, yêu cầu nhà thầu sửa mặt đường.")
    cases.case_sign_reply(case=Case.objects.get(pk=case.pk), by=supervisor)
    assert Case.objects.get(pk=case.pk).state == State.RESOLVED
    tracking = browser_as(citizen).get(f"/cases/track/{case.tracking_code}/", {"k": key}).content.decode()
    assert "yêu cầu nhà thầu sửa mặt đường" in tracking
    # The code alone (the Front reads it in its list) shows the state, not the answer.
    assert "yêu cầu nhà thầu" not in Client().get(f"/cases/track/{case.tracking_code}/").content.decode()
    with pytest.raises(Forbidden):  # the other work's board member may not act on it
        cases.case_reopen(case=Case.objects.get(pk=case.pk), by=other_member, reason="Thử")


def test_through_the_api_with_a_token_and_the_daily_limit(
    client: Any, board: Any, work: Any, citizen: Any, token_for: Any
) -> None:
    url = f"/api/v1/works/works/{work.pk}/information"
    headers = token_for(citizen)
    r = client.post(
        url, {"text": "Đá hộc đổ chắn lối vào trường"}, content_type="application/json", **headers
    )
    assert r.status_code == 201 and r.json()["tracking_code"] == Case.objects.get().tracking_code
    # The sender's key comes with the answer: they are not the case's submitter (protected as a
    # denouncer), and the key opens what they sent.
    assert r.json()["receipt_key"].replace("-", "") == Case.objects.get().receipt_key
    for n in range(9):
        client.post(url, {"text": f"Lần {n}"}, content_type="application/json", **headers)
    r = client.post(url, {"text": "Lần thứ mười một"}, content_type="application/json", **headers)
    assert r.status_code == 429 and "ngày mai" in r.json()["message"]
    assert Case.objects.count() == Information.objects.count() == 10
    # Bad input: a NUL byte, over-long text — refused, nothing written.
    for bad in ("a\x00b", "x" * 5001):
        r = client.post(
            url,
            {"text": bad},
            content_type="application/json",
            **headers,
        )
        assert r.status_code in (400, 422)
    assert Case.objects.count() == 10


def test_the_case_page_looks_the_work_up_once(
    browser_as: Any, client_as: Any, board: Any, work: Any, citizen: Any, supervisor: Any
) -> None:
    """The page asks whether the member handles the case for every action it may offer; the work the
    case is about is found once per page, not once per question."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser_as(citizen).post_form(f"/works/{work.pk}/inform/", {"text": "Mặt đường bị nứt ở đoạn đầu thôn."})
    case = Case.objects.get()
    c = client_as(supervisor)
    with CaptureQueriesContext(connection) as ctx:
        assert c.get(f"/cases/office/{case.tracking_code}/").status_code == 200
    lookups = [q["sql"] for q in ctx.captured_queries if '"works_information"' in q["sql"]]
    assert len(lookups) == 1, lookups


def test_the_board_does_not_transfer_the_case_to_another_commune(
    browser_as: Any, board: Any, work: Any, citizen: Any, supervisor: Any, other_commune: Any
) -> None:
    """The board answers what was sent to it (or refuses it, saying where to turn): a transfer would
    leave the case with the same board under another commune's name."""
    browser_as(citizen).post_form(f"/works/{work.pk}/inform/", {"text": "Cống thoát nước bị tắc."})
    case = Case.objects.get()
    c = browser_as(supervisor)
    page = c.get(f"/cases/office/{case.tracking_code}/").content.decode()
    assert "/transfer/" not in page and 'name="to_unit"' not in page
    r = c.post_form(
        f"/cases/office/{case.tracking_code}/transfer/",
        {"to_unit": other_commune.code, "reason": "Thuộc xã khác"},
        HTTP_REFERER=f"http://testserver/cases/office/{case.tracking_code}/",
    )
    assert r.status_code == 409, r.status_code  # the case page again, with the reason
    assert "không chuyển sang xã khác" in r.content.decode()
    assert case.tracking_code in r.content.decode() and 'class="error-message"' not in r.content.decode()
    assert Case.objects.get(pk=case.pk).unit_id == case.unit_id and not case.transfers.exists()
