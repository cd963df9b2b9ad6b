"""A citizen's information to the board is a case handled by the board (cases' "handled by" hook):
its members read, assign, answer and close it through the cases pages and API; the commune's staff
and chairman, and another commune's board, do not see it."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.cases.models import Case, Reply, State
from danchu.cases.permissions import readable_cases, visibility
from danchu.oversight import services
from danchu.oversight.models import Board

pytestmark = pytest.mark.django_db


@pytest.fixture
def ttnd(board: Board, citizen: Any) -> Case:
    sent = services.information_send(
        person=citizen, board=board, title="Thu quỹ không có nghị quyết", description="Thôn thu 200.000đ/hộ."
    )
    return Case.objects.get(tracking_code=sent.tracking_code)


def _page(client: Any, case: Case, step: str, data: dict[str, str] | None = None) -> Any:
    return client.post_form(f"/cases/office/{case.tracking_code}/{step}/", data or {})


def test_board_member_acts_on_the_case_through_the_pages(
    browser_as: Any, ttnd: Case, board_member: Any, second_member: Any
) -> None:
    client = browser_as(board_member)
    page = client.get(f"/cases/office/{ttnd.tracking_code}/")
    assert page.status_code == 200 and ttnd.title in page.content.decode()
    assert ttnd.tracking_code in client.get("/cases/office/?state=").content.decode()
    assert _page(client, ttnd, "accept").status_code == 302
    assert _page(client, ttnd, "assign", {"handler": str(second_member.pk)}).status_code == 302
    ttnd.refresh_from_db()
    assert ttnd.state == State.IN_PROGRESS and ttnd.handler == second_member
    assert (
        _page(client, ttnd, "respond", {"body": "Ban đã kiến nghị Chủ tịch xã dừng thu."}).status_code == 302
    )
    # A member signs for the board: the block names the board, not the commune's chairman.
    assert _page(client, ttnd, "sign").status_code == 302
    ttnd.refresh_from_db()
    reply = ttnd.replies.get(status=Reply.Status.SIGNED)
    assert ttnd.state == State.RESOLVED and reply.signed_by == board_member
    assert reply.signer_title == "TM. BAN THANH TRA NHÂN DÂN"
    assert _page(client, ttnd, "close").status_code == 302
    ttnd.refresh_from_db()
    assert ttnd.state == State.CLOSED
    actions = set(ttnd.events.values_list("action", flat=True))
    assert {"accept", "assign", "respond", "sign_reply", "close"} <= actions


def test_board_member_acts_through_the_api_with_a_token(
    client: Any, token_for: Any, ttnd: Case, board_member: Any, second_member: Any
) -> None:
    h = token_for(board_member)
    base = f"/api/v1/cases/{ttnd.tracking_code}"
    r = client.get(base, **h)
    assert r.status_code == 200 and r.json()["content_visible"] is True
    listed = client.get("/api/v1/cases/?state=", **h).json()
    assert [c["tracking_code"] for c in listed] == [ttnd.tracking_code]
    assert client.post(f"{base}/accept", {}, content_type="application/json", **h).status_code == 200
    r = client.post(f"{base}/assign", {"handler_id": second_member.pk}, content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["handler_id"] == second_member.pk
    r = client.post(f"{base}/respond", {"body": "Đã xác minh."}, content_type="application/json", **h)
    assert r.status_code == 200 and r.json()["state"] == State.DRAFTED
    assert (
        client.post(f"{base}/sign", {}, content_type="application/json", **h).json()["state"]
        == State.RESOLVED
    )
    assert (
        client.post(f"{base}/close", {}, content_type="application/json", **h).json()["state"] == State.CLOSED
    )


def test_assigning_someone_outside_the_board_is_refused(
    client: Any, token_for: Any, ttnd: Case, board_member: Any, officer: Any
) -> None:
    h = token_for(board_member)
    r = client.post(
        f"/api/v1/cases/{ttnd.tracking_code}/assign",
        {"handler_id": officer.pk},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 400
    ttnd.refresh_from_db()
    assert ttnd.handler_id is None


def test_another_communes_board_member_gets_404(
    client: Any, browser_as: Any, token_for: Any, ttnd: Case, other_board_member: Any
) -> None:
    assert Board.objects.filter(body__place__code="24190").exists()
    h = token_for(other_board_member)
    base = f"/api/v1/cases/{ttnd.tracking_code}"
    assert client.get(base, **h).status_code == 404
    assert client.post(f"{base}/accept", {}, content_type="application/json", **h).status_code == 404
    web = browser_as(other_board_member)
    assert web.get(f"/cases/office/{ttnd.tracking_code}/").status_code == 404
    assert _page(web, ttnd, "accept").status_code == 404
    assert not readable_cases(other_board_member).filter(pk=ttnd.pk).exists()
    ttnd.refresh_from_db()
    assert ttnd.state == State.RECEIVED


def test_commune_officer_and_chairman_do_not_see_the_case(
    client: Any, browser_as: Any, token_for: Any, ttnd: Case, officer: Any, chairman: Any
) -> None:
    for person in (officer, chairman):
        h = token_for(person)
        assert client.get(f"/api/v1/cases/{ttnd.tracking_code}", **h).status_code == 404
        assert (
            client.post(
                f"/api/v1/cases/{ttnd.tracking_code}/accept", {}, content_type="application/json", **h
            ).status_code
            == 404
        )
        web = browser_as(person)
        assert web.get(f"/cases/office/{ttnd.tracking_code}/").status_code == 404
        assert _page(web, ttnd, "accept").status_code == 404
        assert not readable_cases(person).filter(pk=ttnd.pk).exists()
        assert visibility(person, ttnd) == ""
    ttnd.refresh_from_db()
    assert ttnd.state == State.RECEIVED


def test_front_officer_sees_how_it_is_handled_not_its_content(
    client: Any, token_for: Any, ttnd: Case, front_officer: Any
) -> None:
    data = client.get(f"/api/v1/cases/{ttnd.tracking_code}", **token_for(front_officer)).json()
    assert data["content_visible"] is False and data["title"] is None
    r = client.post(
        f"/api/v1/cases/{ttnd.tracking_code}/accept",
        {},
        content_type="application/json",
        **token_for(front_officer),
    )
    assert r.status_code == 404


def test_other_types_keep_the_commune_staff(
    client: Any, token_for: Any, board: Board, board_member: Any, officer: Any, commune: Any
) -> None:
    from danchu.cases.services import CaseSubmission, Identity, case_submit

    case = case_submit(
        CaseSubmission(
            case_type_key="feedback",
            place=commune,
            title="Đèn đường hỏng",
            description="Đèn trước chợ tắt.",
            identity=Identity(name="Lê Văn Dân", phone="0912345678"),
        )
    )
    base = f"/api/v1/cases/{case.tracking_code}"
    r = client.post(f"{base}/accept", {}, content_type="application/json", **token_for(board_member))
    assert r.status_code == 404
    r = client.post(f"{base}/accept", {}, content_type="application/json", **token_for(officer))
    assert r.status_code == 200


def test_an_overdue_case_escalates_to_the_board_not_the_chairman(
    ttnd: Case, board_member: Any, second_member: Any, chairman: Any, front_officer: Any
) -> None:
    import datetime as dt

    from django.core import mail

    from danchu.cases.models import Escalation
    from danchu.cases.queries import unacted_escalations
    from danchu.cases.services.jobs import remind_and_escalate

    assert ttnd.acceptance_due is not None
    mail.outbox.clear()
    remind_and_escalate(today=ttnd.acceptance_due + dt.timedelta(days=3))
    told = {e.person for e in Escalation.objects.filter(case=ttnd, level=Escalation.Level.COMMUNE)}
    assert told and told <= {board_member, second_member}
    assert set(Escalation.objects.values_list("role", flat=True)) == {"body"}
    overdue = [m for m in mail.outbox if ttnd.tracking_code in m.subject]
    reached = {address for m in overdue for address in m.to}
    assert {board_member.email, second_member.email} <= reached and chairman.email not in reached
    assert ttnd.pk not in [e.case_id for e in unacted_escalations(chairman)]
    assert ttnd.pk in [e.case_id for e in unacted_escalations(front_officer)]
