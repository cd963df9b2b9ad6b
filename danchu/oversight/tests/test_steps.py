"""Steps in the wrong state or dated before the step they follow are refused, and write nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry
from danchu.oversight import services
from danchu.oversight.models import Board, BoardMember, Matter

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db
START = dt.date(2025, 9, 3)
BASE = "/api/v1/oversight"


def test_a_resolved_recommendation_takes_no_more_follow_up(
    client: Any, token_for: Any, board: Board, board_member: Any, chairman: Any
) -> None:
    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    rec = services.recommendation_make(
        actor=board_member, matter=m, addressee="Chủ tịch UBND xã", content="Dừng thu", on=m.concluded_on
    )
    services.recommendation_answer(actor=chairman, recommendation=rec, answer="Đã dừng", on=m.concluded_on)
    services.recommendation_resolve(
        actor=board_member, recommendation=rec, resolution="Xong", on=m.concluded_on
    )
    r = client.post(
        f"{BASE}/recommendations/{rec.pk}/follow-up",
        {"note": "Ghi thêm sau khi đã đóng"},
        content_type="application/json",
        **token_for(board_member),
    )
    assert r.status_code == 409 and r.json()["message"]
    rec.refresh_from_db()
    assert rec.follow_up == ""
    assert not AuditEntry.objects.filter(action="oversight.recommendation_follow_up").exists()


def test_the_plan_cannot_be_sent_before_the_matter_was_received(
    client: Any, token_for: Any, board: Board, board_member: Any
) -> None:
    m = slip(board, board_member, received_on=START)
    services.matter_classify(actor=board_member, matter=m, in_scope=True, on=START)
    r = client.post(
        f"{BASE}/matters/{m.pk}/plan",
        {
            "inspected_party": "Trưởng thôn 1",
            "plan": "Xem sổ thu chi",
            "sent_on": (START - dt.timedelta(days=20)).isoformat(),
            "planned_start": START.isoformat(),
        },
        content_type="application/json",
        **token_for(board_member),
    )
    assert r.status_code == 400 and "trước ngày tiếp nhận" in r.json()["message"]
    m.refresh_from_db()
    assert m.status == Matter.Status.ACCEPTED and m.plan_sent_on is None


def test_a_membership_cannot_end_before_the_election(
    browser_as: Any, board: Board, front_officer: Any, second_member: Any
) -> None:
    member = BoardMember.objects.get(person=second_member)
    client = browser_as(front_officer)
    r = client.post_form(
        f"/oversight/members/{member.pk}/end/",
        {"reason": "Chuyển nơi cư trú", "on": (member.elected_on - dt.timedelta(days=1)).isoformat()},
    )
    assert r.status_code == 400
    member.refresh_from_db()
    assert member.ended_on is None and member.end_reason == ""
    assert "trước ngày thành viên được bầu" in r.content.decode()


def test_a_day_before_1990_is_refused_on_the_page_the_api_and_the_import(
    client_as: Any, client: Any, token_for: Any, board: Board, board_member: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client_as(board_member).post(
        f"/oversight/boards/{board.pk}/matters/",
        {"channel": "direct", "title": "Đường hỏng", "description": "x", "received_on": "1989-06-01"},
    )
    assert r.status_code == 400 and "Ngày tiếp nhận không thể trước năm 1990." in r.content.decode()
    r = client.post(
        f"{BASE}/boards/{board.pk}/matters",
        {"title": "Đường hỏng", "description": "x", "channel": "direct", "received_on": "1989-06-01"},
        content_type="application/json",
        **token_for(board_member),
    )
    assert r.status_code == 400 and "1990" in r.json()["message"]
    csv = "Tiêu đề,Ngày tiếp nhận\nĐường hỏng,01/06/1989\n".encode()
    r = client.post(
        f"{BASE}/boards/{board.pk}/import",
        {"file": SimpleUploadedFile("cu.csv", csv)},
        **token_for(board_member),
    )
    assert r.status_code == 400 and "1990" in r.json()["message"]
    assert not Matter.objects.exists()


def test_plans_terms_and_supervisions_before_1990_are_refused(
    client: Any,
    client_as: Any,
    token_for: Any,
    board: Board,
    board_member: Any,
    front_officer: Any,
    other_commune: Any,
) -> None:
    from danchu.accounts.models import Body
    from danchu.oversight.models import Plan, Supervision

    plan = {"period": "year", "year": 2026, "title": "Kế hoạch", "objectives": "o", "contents": "c"}
    r = client.post(
        f"{BASE}/boards/{board.pk}/plans",
        plan | {"start_on": "1989-06-01", "end_on": "2026-12-31"},
        content_type="application/json",
        **token_for(board_member),
    )
    assert r.status_code == 400 and "1990" in r.json()["message"]
    front = Body.objects.get(kind=Body.Kind.FATHERLAND_FRONT)
    r = client.post(
        f"{BASE}/fronts/{front.pk}/supervisions",
        {"title": "t", "topic": "policy", "supervised_body": "b", "plan": "p"}
        | {"planned_from": "1989-06-01", "planned_to": "2026-01-01"},
        content_type="application/json",
        **token_for(front_officer),
    )
    assert r.status_code == 400 and "1990" in r.json()["message"]
    assert not Plan.objects.exists() and not Supervision.objects.exists()
    with pytest.raises(DomainError):
        services.board_establish(
            actor=front_officer,
            place=other_commune,
            size=5,
            term_from=dt.date(1, 1, 1),
            term_to=dt.date(2030, 1, 1),
        )
    assert Board.objects.count() == 1


def test_the_audit_says_whom_a_matter_was_assigned_to(
    client: Any, token_for: Any, board: Board, board_member: Any, second_member: Any
) -> None:
    m = slip(board, board_member, received_on=START)
    member = BoardMember.objects.get(person=second_member)
    r = client.post(
        f"{BASE}/matters/{m.pk}/handlers",
        {"member_id": member.pk},
        content_type="application/json",
        **token_for(board_member),
    )
    assert r.status_code == 200
    entry = AuditEntry.objects.get(action="oversight.matter_assign")
    assert entry.actor == board_member and entry.after["member_id"] == member.pk
    assert entry.after["person_id"] == second_member.pk
