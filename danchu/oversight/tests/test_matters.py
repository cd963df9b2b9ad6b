from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.core.calendar import add_working_days, today
from danchu.core.errors import DomainError
from danchu.oversight import services
from danchu.oversight.models import Board, Matter, Recommendation

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db
START = dt.date(2025, 9, 3)


def test_matter_gets_a_number_per_commune_and_year(board: Board, board_member: Any) -> None:
    a = slip(board, board_member, received_on=START)
    b = slip(board, board_member, received_on=START)
    assert a.code == "TTND-24181-2025-001" and b.code == "TTND-24181-2025-002"
    assert a.status == Matter.Status.RECEIVED and a.handlers.count() == 1


def test_outside_scope_is_forwarded_and_recorded(board: Board, board_member: Any) -> None:
    m = slip(board, board_member, received_on=START)
    services.matter_classify(
        actor=board_member, matter=m, in_scope=False, forwarded_to="Tòa án nhân dân khu vực", on=START
    )
    m.refresh_from_db()
    assert m.status == Matter.Status.FORWARDED and m.forwarded_to == "Tòa án nhân dân khu vực"


def test_a_forwarded_matter_sent_back_is_taken_up_from_its_page(
    board: Board, board_member: Any, browser_as: Any
) -> None:
    from danchu.core.models import AuditEntry

    m = slip(board, board_member, received_on=START)
    services.matter_classify(
        actor=board_member, matter=m, in_scope=False, forwarded_to="Phòng Tài nguyên và Môi trường", on=START
    )
    browser = browser_as(board_member)
    page = browser.get(f"/oversight/matters/{m.pk}/").content.decode()
    assert 'id="reclassify"' in page
    r = browser.post_form(
        f"/oversight/matters/{m.pk}/classify/",
        {"in_scope": "1", "note": "Phòng trả lại: thuộc phạm vi giám sát của Ban"},
    )
    assert r.status_code == 302, r.content
    m.refresh_from_db()
    assert m.status == Matter.Status.ACCEPTED and m.forwarded_to == ""
    entry = AuditEntry.objects.filter(action="oversight.matter_classify").order_by("-id").first()
    assert entry.before["forwarded_to"] == "Phòng Tài nguyên và Môi trường"  # the first classification kept
    # Taken up, it is not classified a third time.
    page = browser.get(f"/oversight/matters/{m.pk}/").content.decode()
    assert 'id="reclassify"' not in page


def test_forwarding_needs_the_competent_body(board: Board, board_member: Any) -> None:
    m = slip(board, board_member, received_on=START)
    with pytest.raises(DomainError):
        services.matter_classify(actor=board_member, matter=m, in_scope=False, forwarded_to="", on=START)
    m.refresh_from_db()
    assert m.status == Matter.Status.RECEIVED


def test_plan_with_too_short_notice_is_refused_naming_the_earliest_day(
    board: Board, board_member: Any
) -> None:
    m = slip(board, board_member)
    services.matter_classify(actor=board_member, matter=m, in_scope=True)
    earliest = add_working_days(today(), 5)
    with pytest.raises(DomainError) as refused:
        services.inspection_plan_send(
            actor=board_member, matter=m, inspected_party="Thôn 1", plan="Kiểm tra", planned_start=today()
        )
    assert f"{earliest:%d/%m/%Y}" in refused.value.message
    assert refused.value.detail == {"earliest_start": earliest.isoformat()}


def test_inspection_cannot_start_before_the_plan_was_out_five_working_days(
    board: Board, board_member: Any
) -> None:
    m = slip(board, board_member)
    services.matter_classify(actor=board_member, matter=m, in_scope=True)
    earliest = add_working_days(today(), 5)
    services.inspection_plan_send(
        actor=board_member, matter=m, inspected_party="Thôn 1", plan="Kiểm tra", planned_start=earliest
    )
    with pytest.raises(DomainError) as refused:
        services.inspection_start(actor=board_member, matter=m, on=today())
    assert f"{earliest:%d/%m/%Y}" in refused.value.message
    m.refresh_from_db()
    assert m.status == Matter.Status.PLANNED and m.started_on is None


def test_plan_is_sent_to_the_front_and_the_chairman(
    board: Board, board_member: Any, front_officer: Any, chairman: Any
) -> None:
    from django.core import mail

    m = slip(board, board_member, received_on=START)
    walk_to_concluded(m, board_member, START)
    recipients = {to for message in mail.outbox for to in message.to if m.code in message.subject}
    assert front_officer.email in recipients and chairman.email in recipients


def test_member_with_declared_interest_cannot_handle_the_matter(
    board: Board, board_member: Any, second_member: Any
) -> None:
    m = slip(board, board_member, received_on=START)
    services.interest_declare(actor=board_member, matter=m, note="Trưởng thôn là em ruột tôi", on=START)
    with pytest.raises(DomainError, match="interest|lợi ích"):
        services.matter_classify(actor=board_member, matter=m, in_scope=True, on=START)
    member = board.members.get(person=board_member)
    with pytest.raises(DomainError):
        services.matter_assign(actor=second_member, matter=m, member=member)
    services.matter_classify(actor=second_member, matter=m, in_scope=True, on=START)
    assert not m.handlers.filter(person=board_member).exists()


def test_recommendation_cannot_be_closed_without_the_answer(
    board: Board, board_member: Any, chairman: Any
) -> None:
    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    rec = services.recommendation_make(
        actor=board_member,
        matter=m,
        addressee="Chủ tịch UBND xã",
        addressee_person=chairman,
        content="Chỉ đạo thôn 1 hoàn trả số tiền thu vượt cho các hộ.",
        on=m.concluded_on,
    )
    with pytest.raises(DomainError, match="answer|trả lời"):
        services.recommendation_resolve(actor=board_member, recommendation=rec, resolution="Xong")
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.OPEN


def test_matter_is_resolved_when_every_recommendation_is(
    board: Board, board_member: Any, chairman: Any
) -> None:
    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    on = m.concluded_on
    assert on is not None
    recs = [
        services.recommendation_make(
            actor=board_member, matter=m, addressee="Chủ tịch UBND xã", content=text, on=on
        )
        for text in ("Hoàn trả tiền thu vượt", "Kiểm điểm trưởng thôn")
    ]
    for rec in recs:
        services.recommendation_answer(actor=chairman, recommendation=rec, answer="Đã chỉ đạo", on=on)
    services.recommendation_resolve(
        actor=board_member, recommendation=recs[0], resolution="Đã hoàn trả", on=on
    )
    m.refresh_from_db()
    assert m.status == Matter.Status.RECOMMENDED and m.resolved_on is None
    services.recommendation_resolve(
        actor=board_member, recommendation=recs[1], resolution="Đã kiểm điểm", on=on
    )
    m.refresh_from_db()
    assert m.status == Matter.Status.RESOLVED and m.resolved_on == on and m.recommended_on == on


def test_outsider_and_other_board_get_404_on_a_matter(
    client_as: Any, board: Board, board_member: Any, outsider: Any, other_board_member: Any, citizen: Any
) -> None:
    m = slip(board, board_member)
    url = f"/oversight/matters/{m.pk}/"
    assert client_as(board_member).get(url).status_code == 200
    for person in (outsider, other_board_member, citizen):
        assert client_as(person).get(url).status_code == 404
    assert client_as(outsider).get("/oversight/matters/999999/").status_code == 404


def test_other_board_cannot_act_on_the_matter_through_the_api(
    client: Any, token_for: Any, board: Board, board_member: Any, other_board_member: Any
) -> None:
    m = slip(board, board_member)
    r = client.post(
        f"/api/v1/oversight/matters/{m.pk}/classify",
        {"in_scope": True},
        content_type="application/json",
        **token_for(other_board_member),
    )
    assert r.status_code == 404
    m.refresh_from_db()
    assert m.status == Matter.Status.RECEIVED


def test_public_findings_are_readable_by_anyone_signed_in(
    client_as: Any, board: Board, board_member: Any, citizen: Any
) -> None:
    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    services.matter_publish(actor=board_member, matter=m, public=True)
    assert client_as(citizen).get(f"/oversight/matters/{m.pk}/").status_code == 200


def test_nul_byte_in_a_slip_is_refused_and_nothing_is_written(
    browser_as: Any, board: Board, board_member: Any
) -> None:
    client = browser_as(board_member)
    url = f"/oversight/boards/{board.pk}/matters/"
    r = client.post_form(
        url,
        {
            "channel": "suggestion_box",
            "title": "Phiếu\x00góp ý",
            "description": "x",
            "received_on": "2025-09-03",
        },
    )
    assert r.status_code == 400
    assert not Matter.objects.exists()
    assert "Tiêu đề: Nội dung này có ký tự không được phép." in r.content.decode()


def test_nul_byte_and_overlong_text_through_the_api_are_a_clear_4xx(
    client: Any, token_for: Any, board: Board, board_member: Any
) -> None:
    headers = token_for(board_member)
    url = f"/api/v1/oversight/boards/{board.pk}/matters"
    bad = {"title": "a\x00b", "description": "x", "channel": "direct"}
    r = client.post(url, bad, content_type="application/json", **headers)
    assert r.status_code == 400 and r.json()["message"]
    long = {"title": "a" * 300, "description": "x", "channel": "direct"}
    r = client.post(url, long, content_type="application/json", **headers)
    assert r.status_code == 422
    assert not Matter.objects.exists()


def test_future_receipt_date_is_refused(board: Board, board_member: Any) -> None:
    with pytest.raises(DomainError):
        slip(board, board_member, received_on=today() + dt.timedelta(days=3))


def test_whole_matter_through_the_api(
    client: Any, token_for: Any, board: Board, board_member: Any, chairman: Any
) -> None:
    h = token_for(board_member)
    base = "/api/v1/oversight"
    r = client.post(
        f"{base}/boards/{board.pk}/matters",
        {"title": "Chậm chi trả hỗ trợ", "description": "Hộ nghèo chưa nhận hỗ trợ Tết", "channel": "direct"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert (
        client.post(
            f"{base}/matters/{pk}/classify", {"in_scope": True}, content_type="application/json", **h
        ).status_code
        == 200
    )
    r = client.post(
        f"{base}/matters/{pk}/plan",
        {
            "inspected_party": "Công chức LĐ-TB&XH",
            "plan": "Kiểm tra danh sách chi trả",
            "planned_start": today().isoformat(),
        },
        content_type="application/json",
        **h,
    )
    assert r.status_code == 400 and r.json()["detail"]["earliest_start"]
    r = client.get(f"{base}/matters/{pk}", **token_for(chairman))
    assert r.status_code == 404  # nothing addressed to the chairman yet


def test_documents_request_and_report_to_the_front_through_the_api(
    client: Any, token_for: Any, board: Board, board_member: Any, front_officer: Any
) -> None:
    from django.core import mail

    m = slip(board, board_member, received_on=START)
    services.matter_classify(actor=board_member, matter=m, in_scope=True, on=START)
    h = token_for(board_member)
    r = client.post(
        f"/api/v1/oversight/matters/{m.pk}/documents",
        {"addressed_to": "Kế toán xã", "documents": "Chứng từ thu chi quỹ vệ sinh năm 2025"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 201
    assert r.json()["due_on"] == add_working_days(today(), 10).isoformat()
    # The report to the Front comes after the conclusion only.
    r = client.post(
        f"/api/v1/oversight/matters/{m.pk}/report",
        {"report": "Báo cáo"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 409
    second = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    mail.outbox.clear()
    r = client.post(
        f"/api/v1/oversight/matters/{second.pk}/report",
        {"report": "Báo cáo kết quả giám sát"},
        content_type="application/json",
        **h,
    )
    assert r.status_code == 200 and r.json()["reported_on"] == today().isoformat()
    assert any(front_officer.email in message.to for message in mail.outbox)


def test_reminders_of_inspections_starting_next_working_day(board: Board, board_member: Any) -> None:
    from django.core import mail

    m = slip(board, board_member)
    services.matter_classify(actor=board_member, matter=m, in_scope=True)
    begin = add_working_days(today(), 5)
    services.inspection_plan_send(
        actor=board_member, matter=m, inspected_party="Thôn 1", plan="Kiểm tra", planned_start=begin
    )
    mail.outbox.clear()
    assert services.due_reminders(on=add_working_days(today(), 3)) == 0
    assert services.due_reminders(on=add_working_days(today(), 4)) == 1
    assert board_member.email in mail.outbox[0].to


def test_board_page_queries_do_not_grow_with_matters(
    client_as: Any, board: Board, board_member: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_as(board_member)
    for _ in range(3):
        slip(board, board_member, received_on=START)
    client.get(f"/oversight/boards/{board.pk}/")
    with django_assert_max_num_queries(40) as few:
        client.get(f"/oversight/boards/{board.pk}/")
    for _ in range(15):
        slip(board, board_member, received_on=START)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/oversight/boards/{board.pk}/").status_code == 200


def test_decomposed_vietnamese_is_stored_composed_and_counted_as_typed(
    client_as: Any, client: Any, token_for: Any, board: Board, board_member: Any
) -> None:
    import unicodedata

    title = ("Đường thôn hỏng nặng, mương bị lấp " * 10)[:250]
    nfd = unicodedata.normalize("NFD", title)
    assert len(nfd) > 255  # what a limit of 255 counts if nobody composes it
    r = client_as(board_member).post(
        f"/oversight/boards/{board.pk}/matters/",
        {
            "channel": "direct",
            "title": nfd,
            "description": unicodedata.normalize("NFD", "Mương bị lấp"),
            "received_on": today().isoformat(),
        },
    )
    assert r.status_code == 302, r.content
    m = Matter.objects.get()
    assert m.title == title and m.description == "Mương bị lấp"
    r = client.post(
        f"/api/v1/oversight/boards/{board.pk}/matters",
        {"title": unicodedata.normalize("NFD", "Đèn đường hỏng"), "description": "x", "channel": "direct"},
        content_type="application/json",
        **token_for(board_member),
    )
    assert r.status_code == 201 and r.json()["title"] == "Đèn đường hỏng"
