"""The informant's case follows the board's classification of the matter it became: taken up → the
case is accepted (the informant told, the answer's due date set); outside the scope → refused with
where it was forwarded; a case the members already moved by hand, or a typed reference to a case of
another kind, is left as it is."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from danchu.cases import services as cases
from danchu.cases.models import Case, State
from danchu.core.calendar import add_working_days, today
from danchu.core.models import AuditEntry
from danchu.oversight import services
from danchu.oversight.models import Board, Channel, Matter

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db


def _inform(browser_as: Any, citizen: Any, commune: Any) -> tuple[Case, Matter]:
    r = browser_as(citizen).post_form(
        f"/oversight/communes/{commune.code}/information/",
        {"title": "Quỹ khuyến học thôn thu sai", "description": "Thu 50.000 đồng mỗi hộ, không có biên lai."},
    )
    assert r.status_code == 302
    return Case.objects.get(), Matter.objects.get()


def test_taking_the_matter_up_accepts_the_case(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, commune: Any
) -> None:
    case, matter = _inform(browser_as, citizen, commune)
    assert case.state == State.RECEIVED
    mail.outbox.clear()
    r = browser_as(board_member).post_form(f"/oversight/matters/{matter.pk}/classify/", {"in_scope": "1"})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.state == State.ACCEPTED and case.accepted_at is not None and case.resolution_due is not None
    assert AuditEntry.objects.filter(action="cases.accept", actor=board_member).count() == 1
    assert any(citizen.email in m.to for m in mail.outbox)  # the informant is told
    page = browser_as(citizen).get(f"/cases/track/{case.tracking_code}/").content.decode()
    assert case.resolution_due.strftime("%d/%m/%Y") in page


def test_a_matter_outside_the_scope_refuses_the_case_saying_where_it_went(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, commune: Any
) -> None:
    case, matter = _inform(browser_as, citizen, commune)
    r = browser_as(board_member).post_form(
        f"/oversight/matters/{matter.pk}/classify/",
        {"in_scope": "0", "forwarded_to": "Thanh tra huyện Krông Pắc"},
    )
    assert r.status_code == 302
    case.refresh_from_db()
    matter.refresh_from_db()
    assert matter.status == Matter.Status.FORWARDED
    assert case.state == State.REFUSED and "Thanh tra huyện Krông Pắc" in case.refusal_reason
    assert AuditEntry.objects.filter(action="cases.refuse", actor=board_member).count() == 1
    # The reason is the informant's to read, with their receipt key; the code alone shows the state.
    page = browser_as(citizen).get(f"/cases/track/{case.tracking_code}/").content.decode()
    assert "Thanh tra huyện Krông Pắc" not in page
    page = (
        browser_as(citizen)
        .get(f"/cases/track/{case.tracking_code}/", {"k": case.receipt_key})
        .content.decode()
    )
    assert "Thanh tra huyện Krông Pắc" in page


def test_the_refusal_is_written_to_the_citizen_in_vietnamese_whatever_the_member_reads(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, commune: Any
) -> None:
    case, matter = _inform(browser_as, citizen, commune)
    member = browser_as(board_member)
    member.cookies["django_language"] = "en"  # the member reads the site in English
    assert 'lang="en"' in member.get(f"/oversight/matters/{matter.pk}/").content.decode()
    r = member.post_form(
        f"/oversight/matters/{matter.pk}/classify/", {"in_scope": "0", "forwarded_to": "Thanh tra huyện"}
    )
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.refusal_reason.startswith("Nội dung "), case.refusal_reason


def test_a_case_moved_by_hand_is_left_as_it_is(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, commune: Any
) -> None:
    case, matter = _inform(browser_as, citizen, commune)
    cases.case_accept(case=case, by=board_member)
    accepted_at = Case.objects.get(pk=case.pk).accepted_at
    services.matter_classify(actor=board_member, matter=matter, in_scope=True)
    case.refresh_from_db()
    assert AuditEntry.objects.filter(action="cases.accept").count() == 1
    assert case.state == State.ACCEPTED and case.accepted_at == accepted_at
    assert Matter.objects.get(pk=matter.pk).status == Matter.Status.ACCEPTED


def test_a_typed_reference_to_another_kind_of_case_is_not_touched(
    board: Board, board_member: Any, citizen: Any, commune: Any, officer: Any
) -> None:
    other = cases.case_submit(
        case_type_key="feedback",
        place=commune,
        title="Đèn đường hỏng",
        description="Ba bóng đèn không sáng.",
        submitter=citizen,
    )
    matter = services.matter_receive(
        actor=board_member,
        board=board,
        data=services.MatterData(
            title="Đèn đường",
            description="Phản ánh",
            channel=Channel.CASE,
            case_reference=other.tracking_code,
        ),
    )
    services.matter_classify(actor=board_member, matter=matter, in_scope=False, forwarded_to="UBND xã")
    assert Case.objects.get(pk=other.pk).state == State.RECEIVED


def _informed_weeks_ago(browser_as: Any, citizen: Any, commune: Any) -> tuple[Case, Matter, dt.date]:
    """The information, its matter dated 15 working days back (so its steps can be dated after it)."""
    case, matter = _inform(browser_as, citizen, commune)
    start = add_working_days(today(), -15)
    Matter.objects.filter(pk=matter.pk).update(received_on=start)
    matter.refresh_from_db()
    return case, matter, start


def test_the_conclusion_drafts_the_answer_a_member_signs(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, commune: Any
) -> None:
    case, matter, start = _informed_weeks_ago(browser_as, citizen, commune)
    walk_to_concluded(matter, board_member, start)
    case.refresh_from_db()
    assert case.state == State.DRAFTED
    reply = case.replies.get()
    assert matter.code in reply.body and "Thôn thu vượt 20.000 đ/hộ/tháng so với nghị quyết." in reply.body
    assert "Ban phát hiện dấu hiệu vi phạm." in reply.body and reply.status == "draft"
    # Not in force until a member signs it for the board; then the informant reads it.
    track = f"/cases/track/{case.tracking_code}/?k={case.receipt_key}"  # the informant's receipt key
    tracking = browser_as(citizen).get(track).content.decode()
    assert "Thôn thu vượt" not in tracking
    cases.case_sign_reply(case=case, by=board_member)
    tracking = browser_as(citizen).get(track).content.decode()
    assert "Thôn thu vượt 20.000 đ/hộ/tháng" in tracking


def test_a_draft_a_member_wrote_is_not_replaced(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, commune: Any
) -> None:
    case, matter, start = _informed_weeks_ago(browser_as, citizen, commune)
    services.matter_classify(actor=board_member, matter=matter, in_scope=True, on=start)
    cases.case_respond(case=Case.objects.get(pk=case.pk), by=board_member, body="Trả lời do thành viên soạn.")
    Matter.objects.filter(pk=matter.pk).update(status=Matter.Status.RECEIVED)
    matter.refresh_from_db()
    walk_to_concluded(matter, board_member, start)
    assert Case.objects.get(pk=case.pk).replies.get().body == "Trả lời do thành viên soạn."


def test_a_matter_outside_the_scope_is_filed_with_the_commune_as_the_boards_petition(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, commune: Any, officer: Any
) -> None:
    """DOMAIN.md §6.1 step 2: forwarded through the cases module — the commune's office receives a
    petition from the board (not from the informant, whose identity stays with the board), the board
    follows it by its code, and the informant's case says where it went."""
    case, matter = _inform(browser_as, citizen, commune)
    member = browser_as(board_member)
    url = f"/oversight/matters/{matter.pk}/classify/"
    assert 'name="file_as_case"' in member.get(f"/oversight/matters/{matter.pk}/").content.decode()
    assert member.post(url, {"in_scope": "0", "file_as_case": "on"}).status_code == 403  # no CSRF token
    r = member.post_form(url, {"in_scope": "0", "file_as_case": "on"})
    assert r.status_code == 302
    matter.refresh_from_db()
    petition = Case.objects.exclude(pk=case.pk).get()
    assert matter.status == Matter.Status.FORWARDED and matter.forwarded_case == petition.tracking_code
    assert matter.forwarded_to == f"Ủy ban nhân dân xã Krông Pắc, đơn {petition.tracking_code}"
    assert petition.case_type == "feedback" and petition.unit == commune and petition.state == State.RECEIVED
    assert petition.submitter == board_member and petition.submitter_name == board.body.name
    # The member who filed it hears of it as any submitter does: first its receipt, with its code.
    assert any(petition.tracking_code in m.subject and board_member.email in m.to for m in mail.outbox)
    assert not petition.submitter_phone and not petition.submitter_email
    assert "Quỹ khuyến học thôn thu sai" in petition.title and matter.code in petition.description
    assert citizen.full_name not in petition.description + petition.submitter_name
    case.refresh_from_db()
    assert case.state == State.REFUSED and petition.tracking_code in case.refusal_reason
    # The commune's office has it among its cases; the board's page links to its tracking page.
    assert petition.tracking_code in browser_as(officer).get("/cases/office/").content.decode()
    page = member.get(f"/oversight/matters/{matter.pk}/").content.decode()
    assert f"/cases/track/{petition.tracking_code}/" in page and 'name="file_as_case"' not in page
    # Filed once: classifying it again as a petition is refused and files nothing.
    r = member.post_form(url, {"in_scope": "0", "file_as_case": "on"}, HTTP_REFERER="http://testserver/")
    assert r.status_code == 409 and Case.objects.count() == 2
    assert f"Vụ việc này đã được chuyển thành đơn {petition.tracking_code}." in r.content.decode()


def test_filing_as_a_petition_refused_midway_leaves_nothing(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, commune: Any
) -> None:
    """Taken up and filed at once, or a destination so long that with the petition's code it would not
    fit: refused with a message, no petition filed and the matter unchanged."""
    case, matter = _inform(browser_as, citizen, commune)
    member = browser_as(board_member)
    url = f"/oversight/matters/{matter.pk}/classify/"
    for data, said in (
        ({"in_scope": "1", "file_as_case": "on"}, "Chỉ vụ việc không thuộc phạm vi của Ban mới được chuyển"),
        (
            {"in_scope": "0", "file_as_case": "on", "forwarded_to": "Thanh tra huyện " + "x" * 284},
            "Đã chuyển hoặc hướng dẫn đến quá dài (dài hơn 300 ký tự).",
        ),
    ):
        r = member.post_form(url, data, HTTP_REFERER="http://testserver/")
        assert r.status_code == 400 and said in r.content.decode(), data
        assert Case.objects.count() == 1
        matter.refresh_from_db()
        assert matter.status == Matter.Status.RECEIVED and not matter.forwarded_case


def test_a_member_files_the_petition_through_the_api_with_a_token(
    client: Any, token_for: Any, board: Board, board_member: Any, commune: Any
) -> None:
    matter = slip(board, board_member, title="Đường liên thôn sạt lở chưa được sửa")
    h = token_for(board_member)
    url = f"/api/v1/oversight/matters/{matter.pk}/classify"
    r = client.post(url, {"in_scope": False, "file_as_case": True}, content_type="application/json", **h)
    assert r.status_code == 200, r.content
    petition = Case.objects.get()
    assert r.json()["forwarded_case"] == petition.tracking_code and r.json()["status"] == "forwarded"
    r = client.post(url, {"in_scope": False, "file_as_case": True}, content_type="application/json", **h)
    assert r.status_code == 409 and Case.objects.count() == 1


def test_a_tracking_code_that_matches_no_case_is_refused_and_never_linked(
    board: Board, board_member: Any, client_as: Any
) -> None:
    """PA-ZZZZZZ was recorded and the matter's page linked a tracking page that does not exist."""
    from danchu.core.errors import DomainError
    from danchu.oversight import queries

    def receive(reference: str) -> Matter:
        return services.matter_receive(
            actor=board_member,
            board=board,
            data=services.MatterData(
                title="Đơn chuyển từ xã",
                description="Phản ánh",
                channel=Channel.CASE,
                case_reference=reference,
            ),
        )

    with pytest.raises(DomainError, match="PA-ZZZZZZ"):
        receive("pa-zzzzzz")
    assert not Matter.objects.exists()
    paper = receive("Đơn số 12/2026")  # a paper petition's number is kept as written, not linked
    assert queries.case_tracking_url(paper) == ""
    Matter.objects.filter(pk=paper.pk).update(case_reference="PA-ZZZZZZ")  # recorded before the check
    paper.refresh_from_db()
    assert queries.case_tracking_url(paper) == ""
    assert (
        "/cases/track/PA-ZZZZZZ/"
        not in client_as(board_member).get(f"/oversight/matters/{paper.pk}/").content.decode()
    )
