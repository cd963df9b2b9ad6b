from __future__ import annotations

import datetime as dt

import pytest

from danchu.core.errors import DomainError
from danchu.works import services
from danchu.works.models import Board, BoardMember, Recommendation

from .conftest import DECIDED, jpeg_with_gps


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
    info = work.information.get()
    assert info.sender == citizen and info.tracking_code.startswith("GSCD-")
    # The citizen follows it as a case: its receipt gives the tracking code and the secret key.
    assert r.status_code == 302 and r["Location"] == f"/cases/new/{info.tracking_code}/"


def test_information_from_citizens_reaches_the_board_only(
    client_as, board, citizen, supervisor, officer, work
):
    services.information_send(work=work, sender=citizen, text="Xe quá tải chạy trên đường mới đổ")
    assert "Xe quá tải" in client_as(supervisor).get(f"/works/{work.pk}/board/").content.decode()
    assert "Xe quá tải" not in client_as(citizen).get(f"/works/{work.pk}/").content.decode()
    assert client_as(officer).get(f"/works/{work.pk}/board/").status_code == 404


def test_place_list_shows_collected_money_and_supervisions_without_double_counting(
    client, pledged, board, supervisor, officer, households
):
    services.payment_record(
        work=pledged,
        household=households[1],
        by=officer,
        kind="money",
        amount=500000,
        received_on=dt.date(2026, 3, 20),
    )
    for day in (12, 20):
        services.session_record(
            board=board,
            by=supervisor,
            held_on=dt.date(2026, 5, day),
            checklist={},
            findings="Kiểm tra",
            violation=day == 12,
        )
    from danchu.works.queries import works_in

    w = works_in(pledged.commune).get(pk=pledged.pk)
    assert (w.collected, w.supervisions, w.violations) == (500000, 2, 1)
    assert client.get(f"/works/place/{pledged.commune.code}/").status_code == 200


def test_commune_is_told_of_a_recommendation_and_the_board_of_the_answer(
    board, supervisor, officer, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        rec = services.recommendation_make(
            board=board, by=supervisor, text="Lắp biển báo công trường", due_on=dt.date(2026, 12, 31)
        )
    assert any(officer.email in m.to and "Lắp biển báo" in m.body for m in mail.outbox)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.recommendation_answer(recommendation=rec, by=officer, answer="Đã lắp biển báo")
    assert [m.to for m in mail.outbox if m.body.startswith("Đã lắp biển báo")] == [[supervisor.email]]


def test_member_who_later_declares_a_conflict_leaves_and_the_board_cannot_supervise_short(
    browser_as, board, supervisor, front_officer
):
    member = board.members.get(full_name="Lê Văn Tám")
    r = browser_as(supervisor).post_form(
        f"/works/board-members/{member.pk}/withdraw/",
        {"relation": "contractor", "reason": "Con rể của chủ nhà thầu"},
    )
    assert r.status_code == 302
    member.refresh_from_db()
    assert member.left_on is not None and member.left_reason.startswith("contractor")
    with pytest.raises(DomainError, match="5"):
        services.session_record(
            board=board, by=supervisor, held_on=dt.date(2026, 5, 12), checklist={}, findings="x"
        )
    with pytest.raises(DomainError):
        services.board_member_withdraw(member=member, by=supervisor, relation="investor")


def test_leaving_without_a_relation_needs_a_reason(board, supervisor):
    member = board.members.get(full_name="Nguyễn Thị Sen")
    with pytest.raises(DomainError):
        services.board_member_withdraw(member=member, by=supervisor)
    services.board_member_withdraw(member=member, by=supervisor, reason="Chuyển nơi cư trú")
    assert board.members.current().count() == 4


def test_public_page_flags_a_recommendation_left_unanswered_past_its_due_date(client, board, supervisor):
    s = services.session_record(
        board=board, by=supervisor, held_on=dt.date(2026, 4, 20), checklist={}, findings="Thiếu hồ sơ"
    )
    services.recommendation_make(
        board=board, by=supervisor, session=s, text="Bổ sung hồ sơ khối lượng", due_on=dt.date(2026, 5, 1)
    )
    page = client.get(f"/works/{board.work.pk}/").content.decode()
    assert "Bổ sung hồ sơ khối lượng" in page and "Quá hạn" in page


# Citizens' information about a work through the API (issue #17 item 3): the token (1), the work
# through its access getter (1); the case cases files (routing rule, days off, the case, its event,
# its audit entry, the notice of receipt: 6, in a savepoint pair: 2); the information and its audit
# entry (2), the board's members to tell (1), the test's savepoint pair (2).
INFORM_QUERIES = 15


def test_information_through_the_api_takes_a_bounded_number_of_queries(
    client, board, citizen, work, token_for, django_assert_max_num_queries
):
    headers = token_for(citizen)
    url = f"/api/v1/works/works/{work.pk}/information"
    client.post(url, {"text": "Lần đầu"}, content_type="application/json", **headers)  # token's last use
    for n in range(3):
        with django_assert_max_num_queries(INFORM_QUERIES):
            r = client.post(url, {"text": f"Xe quá tải lần {n}"}, content_type="application/json", **headers)
        assert r.status_code == 201, r.content
    assert work.information.count() == 4


def test_the_office_does_not_ask_about_every_board_of_the_country(
    client_as, board, supervisor, make_work, django_assert_max_num_queries
):
    c = client_as(supervisor)
    c.get("/works/office/")
    with django_assert_max_num_queries(30) as few:
        page = c.get("/works/office/").content.decode()
    assert f"/works/{board.work.pk}/board/" in page
    others = [make_work(title=f"Cống {n}", decision_number=f"{n}/NQ") for n in range(4)]
    for n, other in enumerate(others):
        services.board_establish(work=other, by=None, decision_number=f"{n}/QĐ", established_on=DECIDED)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = c.get("/works/office/").content.decode()
    assert f"/works/{board.work.pk}/board/" in page
    assert not any(f"/works/{other.pk}/board/" in page for other in others)


def test_a_board_without_a_member_of_each_group_the_law_names_cannot_supervise(work, front_officer, village):
    """Law 10/2022 Art. 41 (DOMAIN.md §6.2): the board has representatives of the commune Front, of the
    People's Inspection Board and of the residents — five Front members are not a board."""
    b = services.board_establish(
        work=work, by=front_officer, decision_number="1/QĐ", established_on=dt.date(2026, 3, 25)
    )
    services.board_member_add(
        board=b, by=front_officer, data=services.MemberData(full_name="Vũ Thị Mặt Trận", represents="front")
    )
    for name in ("Y Khăm Niê", "Nguyễn Thị Sen", "Lê Văn Tám", "H'Hen Niê"):
        services.board_member_add(
            board=b,
            by=front_officer,
            data=services.MemberData(
                full_name=name, represents="resident", village=village, election_record="Biên bản 15/3/2026"
            ),
        )
    with pytest.raises(DomainError, match="(?i)thanh tra|inspection"):
        services.session_record(
            board=b, by=front_officer, held_on=dt.date(2026, 5, 12), checklist={}, findings="x"
        )
    assert not b.sessions.exists()
    services.board_member_add(
        board=b,
        by=front_officer,
        data=services.MemberData(full_name="Ngô Văn Thanh", represents="inspection"),
    )
    services.session_record(
        board=b, by=front_officer, held_on=dt.date(2026, 5, 12), checklist={}, findings="x"
    )


def test_the_office_home_counts_recommendations_to_answer_and_those_past_due(
    board, supervisor, officer, other_commune
):
    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role
    from danchu.core.home import todos_for

    def todos(person):
        return {t["key"]: t["count"] for t in todos_for(person) if t["key"].startswith("works.")}

    elsewhere = person_with_role(Role.COMMUNE_OFFICER, other_commune, full_name="Cán Bộ Xã Khác")
    rec = services.recommendation_make(
        board=board,
        by=supervisor,
        text="Lắp biển báo công trường",
        due_on=dt.date.today() + dt.timedelta(days=5),
    )
    assert todos(officer) == {"works.to_answer": 1}
    assert todos(elsewhere) == {} and todos(supervisor) == {}
    Recommendation.objects.filter(pk=rec.pk).update(due_on=dt.date.today() - dt.timedelta(days=1))
    assert todos(supervisor) == {"works.overdue_answers": 1}
    services.recommendation_answer(recommendation=rec, by=officer, answer="Đã lắp biển báo")
    assert todos(officer) == {} and todos(supervisor) == {}
