from __future__ import annotations

import datetime as dt

import pytest

from danchu.core.errors import DomainError
from danchu.works import services
from danchu.works.models import Board, BoardMember, Recommendation

from .conftest import jpeg_with_gps


def test_declared_conflict_blocks_the_assignment(board, front_officer):
    with pytest.raises(DomainError, match="quan hệ"):
        services.board_member_add(
            board=board,
            by=front_officer,
            data=services.MemberData(full_name="Trần Văn Thầu", represents="front", relation="contractor"),
        )
    assert not BoardMember.objects.filter(full_name="Trần Văn Thầu").exists()


def test_third_deputy_and_unelected_resident_are_refused(board, front_officer, village):
    services.board_member_add(
        board=board,
        by=front_officer,
        data=services.MemberData(full_name="Phó 2", represents="front", position="deputy"),
    )
    with pytest.raises(DomainError):
        services.board_member_add(
            board=board,
            by=front_officer,
            data=services.MemberData(full_name="Phó 3", represents="front", position="deputy"),
        )
    with pytest.raises(DomainError, match="biên bản bầu"):
        services.board_member_add(
            board=board,
            by=front_officer,
            data=services.MemberData(full_name="Dân", represents="resident", village=village),
        )


def test_only_the_commune_front_sets_up_a_board(client_as, work, officer, front_officer):
    r = client_as(officer).post(
        f"/works/{work.pk}/board/establish/", {"decision_number": "1/QĐ", "established_on": "2026-03-25"}
    )
    assert r.status_code == 404 and not Board.objects.exists()
    r = client_as(front_officer).post(
        f"/works/{work.pk}/board/establish/", {"decision_number": "1/QĐ", "established_on": "2026-03-25"}
    )
    assert r.status_code == 302 and Board.objects.get().work == work


def test_board_with_fewer_than_five_members_cannot_supervise(work, front_officer):
    b = services.board_establish(
        work=work, by=front_officer, decision_number="1/QĐ", established_on=dt.date(2026, 3, 25)
    )
    with pytest.raises(DomainError, match="5"):
        services.session_record(
            board=b, by=front_officer, held_on=dt.date(2026, 5, 12), checklist={}, findings="x"
        )


def test_session_with_checklist_photo_finding_and_recommendation_answered_then_closed(
    board, supervisor, officer
):
    s = services.session_record(
        board=board,
        by=supervisor,
        held_on=dt.date(2026, 5, 12),
        checklist={"quality": {"status": "issue", "note": "Bê tông dày 15 cm"}},
        findings="Đoạn Km0+300 thiếu chiều dày.",
        violation=True,
        photos=[(jpeg_with_gps(), "a.jpg")],
    )
    assert s.checklist["quality"]["status"] == "issue" and s.checklist["plans"]["status"] == "na"
    assert s.photos.count() == 1
    rec = services.recommendation_make(
        board=board, by=supervisor, session=s, text="Đổ lại đoạn Km0+300", due_on=dt.date(2026, 5, 26)
    )
    with pytest.raises(DomainError, match="chưa được trả lời"):
        services.recommendation_close(recommendation=rec, by=supervisor, follow_up="Đã kiểm tra")
    with pytest.raises(DomainError):
        services.board_close(board=board, by=supervisor, on=dt.date(2026, 8, 10), note="Xong")
    services.recommendation_answer(recommendation=rec, by=officer, answer="Đã đổ lại ngày 20/5")
    services.recommendation_close(recommendation=rec, by=supervisor, follow_up="Đạt yêu cầu")
    assert Recommendation.objects.get(pk=rec.pk).status == Recommendation.Status.CLOSED
    services.board_close(board=board, by=supervisor, on=dt.date(2026, 8, 10), note="Hoàn thành nhiệm vụ")
    with pytest.raises(DomainError):
        services.board_plan_set(board=board, by=supervisor, plan="x")


def test_unknown_checklist_answer_is_refused(board, supervisor):
    with pytest.raises(DomainError):
        services.session_record(
            board=board,
            by=supervisor,
            held_on=dt.date(2026, 5, 12),
            checklist={"quality": {"status": "perfect"}},
            findings="x",
        )
    with pytest.raises(DomainError):
        services.session_record(
            board=board,
            by=supervisor,
            held_on=dt.date(2026, 5, 12),
            checklist={"bribes": {"status": "ok"}},
            findings="x",
        )


def test_board_member_finds_the_board_in_the_office_and_outsider_cannot_act(
    client_as, board, supervisor, outsider, work
):
    page = client_as(supervisor).get("/works/office/").content.decode()
    assert f"/works/{work.pk}/board/" in page
    r = client_as(outsider).post(
        f"/works/{work.pk}/board/sessions/", {"held_on": "2026-05-12", "findings": "x"}
    )
    assert r.status_code == 404 and not board.sessions.exists()


def test_board_records_a_session_through_the_api_and_the_commune_answers(
    client, board, supervisor, officer, work, token_for
):
    r = client.post(
        f"/api/v1/works/works/{work.pk}/board/sessions",
        {
            "held_on": "2026-05-12",
            "findings": "Thiếu biển báo công trường",
            "checklist": {"environment": {"status": "issue", "note": ""}},
        },
        content_type="application/json",
        **token_for(supervisor),
    )
    assert r.status_code == 201, r.content
    r = client.post(
        f"/api/v1/works/works/{work.pk}/board/recommendations",
        {"text": "Lắp biển báo", "due_on": "2026-05-20", "session": r.json()["id"]},
        content_type="application/json",
        **token_for(supervisor),
    )
    rec = r.json()["id"]
    r = client.post(
        f"/api/v1/works/recommendations/{rec}/close",
        {"follow_up": "x"},
        content_type="application/json",
        **token_for(supervisor),
    )
    assert r.status_code == 409
    r = client.post(
        f"/api/v1/works/recommendations/{rec}/answer",
        {"answer": "Đã lắp"},
        content_type="application/json",
        **token_for(supervisor),
    )
    assert r.status_code in (403, 404)
    r = client.post(
        f"/api/v1/works/recommendations/{rec}/answer",
        {"answer": "Đã lắp"},
        content_type="application/json",
        **token_for(officer),
    )
    assert r.status_code == 200 and r.json()["status"] == "answered"


def test_citizen_sends_information_to_the_board(browser_as, board, citizen, work):
    r = browser_as(citizen).post_form(
        f"/works/{work.pk}/inform/", {"text": "Xe chở vật liệu quá tải làm hỏng đường"}
    )
    assert r.status_code == 302
    assert work.information.get().sender == citizen


def test_information_from_citizens_reaches_the_board_only(
    client_as, board, citizen, supervisor, officer, work
):
    services.information_send(work=work, sender=citizen, text="Xe quá tải chạy trên đường mới đổ")
    assert "Xe quá tải" in client_as(supervisor).get(f"/works/{work.pk}/board/").content.decode()
    assert "Xe quá tải" not in client_as(citizen).get(f"/works/{work.pk}/").content.decode()
    assert client_as(officer).get(f"/works/{work.pk}/board/").status_code == 404
