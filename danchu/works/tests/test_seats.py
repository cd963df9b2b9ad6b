"""A resident member of a project's community investment supervision board elected by a village's
secret ballot (meetings) sits on that project's board record here when the commune Front recognises
the result (Decree 59 Art. 17; meetings.electorates.BOARD_SEATS): through board_member_add, so the
board's rules apply and a member it refuses makes the recognition refused, with nothing written. A
commune with several projects' boards names the board: recognition never guesses it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Membership, Role
from danchu.accounts.tests.factories import person_with_role
from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry
from danchu.meetings import queries as meeting_queries
from danchu.meetings import services as meetings
from danchu.meetings.models import Election
from danchu.meetings.tests.voting import elect_on_village_meeting, vote_on_dismissal
from danchu.works import services
from danchu.works.models import Board, BoardMember
from danchu.works.permissions import can_supervise

pytestmark = pytest.mark.django_db
OFFICE = Election.Office.SUPERVISION_BOARD


def elect(village: Any, village_head: Any, person: Any) -> Election:
    return elect_on_village_meeting(village, village_head, person, OFFICE)


def role_of(person: Any) -> Any:
    return Membership.objects.filter(person=person, role=Role.SUPERVISION_MEMBER)


@pytest.fixture
def lan(village: Any) -> Any:
    return person_with_role(Role.CITIZEN, village, full_name="Lê Thị Lan")


@pytest.fixture
def board_without_residents(work: Any, front_officer: Any) -> Board:
    """The work's board with the Front's and the Inspection Board's members only: four of the five the
    law requires, none for the residents (Law 10/2022 Art. 41), so it cannot supervise yet."""
    b = services.board_establish(
        work=work, by=front_officer, decision_number="08/QĐ-MTTQ", established_on=dt.date(2026, 3, 25)
    )
    for name, position, represents in [
        ("Bùi Thị Giám Sát", "head", "front"),
        ("Đặng Văn Hùng", "deputy", "inspection"),
        ("Phan Văn Mặt Trận", "member", "front"),
        ("Trịnh Thị Thanh Tra", "member", "inspection"),
    ]:
        services.board_member_add(
            board=b,
            by=front_officer,
            data=services.MemberData(full_name=name, position=position, represents=represents),
        )
    return b


def supervise(board: Board, by: Any) -> Any:
    return services.session_record(
        board=board, by=by, held_on=timezone.localdate(), checklist={}, findings="Kiểm tra mặt đường."
    )


def test_the_member_a_village_elects_sits_on_the_projects_board_and_acts_on_it(
    board_without_residents: Board, village: Any, village_head: Any, front_officer: Any, lan: Any
) -> None:
    board = board_without_residents
    with pytest.raises(DomainError):
        supervise(board, front_officer)  # no resident on the board yet
    e = elect(village, village_head, lan)
    meetings.election_recognise(actor=front_officer, election=e)
    seat = board.members.get(person=lan)
    assert (seat.represents, seat.position, seat.village, seat.full_name) == (
        BoardMember.Represents.RESIDENT,
        BoardMember.Position.MEMBER,
        village,
        "Lê Thị Lan",
    )
    assert seat.elected_on == e.election_day and seat.left_on is None
    assert seat.election_ref == f"meetings.election:{e.pk}"
    assert village.name in seat.election_record
    entry = AuditEntry.objects.filter(action="works.board_member_add").latest("pk")
    assert entry.actor == front_officer and entry.after["member"] == "Lê Thị Lan"
    # The board now has its residents' member: it supervises, and she records its work.
    assert can_supervise(lan, board)
    supervise(board, lan)
    assert (board.body, lan, village) in meeting_queries.sitting_members([village], OFFICE)


def test_a_village_outside_the_work_makes_the_recognition_refused_and_nothing_is_written(
    board: Board, other_village: Any, front_officer: Any
) -> None:
    head = person_with_role(Role.VILLAGE_HEAD, other_village, full_name="Y Bhim Trưởng Buôn")
    tuan = person_with_role(Role.CITIZEN, other_village, full_name="Y Tuấn Niê")
    e = elect(other_village, head, tuan)
    with pytest.raises(DomainError, match="phải cư trú tại một thôn của công trình"):
        meetings.election_recognise(actor=front_officer, election=e)
    e.refresh_from_db()
    assert e.status == Election.Status.TALLIED and e.recognised_on is None
    assert not role_of(tuan).exists() and not BoardMember.objects.filter(person=tuan).exists()
    assert not AuditEntry.objects.filter(action="meetings.election_recognise").exists()


def test_a_closed_board_makes_the_recognition_refused(
    board: Board, supervisor: Any, village: Any, village_head: Any, front_officer: Any, lan: Any
) -> None:
    from danchu.works.seats import seat_village_elected

    closed_on = timezone.localdate() - dt.timedelta(days=1)
    services.board_close(board=board, by=supervisor, on=closed_on, note="Công trình đã nghiệm thu.")
    board.body.refresh_from_db()
    assert board.body.valid_to == closed_on  # the board's body ends with it: it sits no more
    e = elect(village, village_head, lan)
    with pytest.raises(DomainError, match="không có ban nào đang hoạt động"):
        meetings.election_recognise(actor=front_officer, election=e)
    with pytest.raises(DomainError, match="kết thúc hoạt động"):
        meetings.election_recognise(actor=front_officer, election=e, board=board.body)
    # The record refuses it too, whoever asks.
    with pytest.raises(DomainError, match="kết thúc hoạt động"):
        seat_village_elected(actor=front_officer, election=e, body=board.body, person=lan)
    e.refresh_from_db()
    assert e.status == Election.Status.TALLIED
    assert not role_of(lan).exists() and not board.members.filter(person=lan).exists()


def test_a_member_re_elected_while_sitting_keeps_one_seat(
    board: Board, village: Any, village_head: Any, front_officer: Any, lan: Any
) -> None:
    e = elect(village, village_head, lan)
    meetings.election_recognise(actor=front_officer, election=e)
    first = board.members.get(person=lan)
    again = elect(village, village_head, lan)
    meetings.election_recognise(actor=front_officer, election=again)
    assert list(board.members.filter(person=lan)) == [first]
    assert board.members.get(person=lan).election_ref == f"meetings.election:{e.pk}"  # as seated
    assert board.members.current().count() == 6


def test_two_projects_boards_in_the_commune_the_front_names_the_board(
    board: Board, make_work: Any, village: Any, village_head: Any, front_officer: Any, lan: Any
) -> None:
    school = make_work(title="Sửa chữa trường mẫu giáo Thôn 1", decision_number="16/NQ-HNTDC")
    other = services.board_establish(
        work=school, by=front_officer, decision_number="09/QĐ-MTTQ", established_on=dt.date(2026, 3, 26)
    )
    e = elect(village, village_head, lan)
    with pytest.raises(DomainError, match="hãy chọn ban") as refused:
        meetings.election_recognise(actor=front_officer, election=e)
    assert refused.value.code == "choose_board"
    assert {b["id"] for b in refused.value.detail["boards"]} == {board.body.pk, other.body.pk}
    e.refresh_from_db()
    assert e.status == Election.Status.TALLIED
    assert not role_of(lan).exists() and not BoardMember.objects.filter(person=lan).exists()
    meetings.election_recognise(actor=front_officer, election=e, board=other.body)
    assert other.members.get(person=lan).village == village
    assert not board.members.filter(person=lan).exists()
    assert [m.body for m in role_of(lan)] == [other.body]
    assert can_supervise(lan, other) and not can_supervise(lan, board)


def test_the_seated_member_can_be_named_and_dismissed_by_the_village(
    board: Board, village: Any, village_head: Any, front_officer: Any, lan: Any
) -> None:
    from danchu.meetings.models import Dismissal
    from danchu.works.seats import RESIDENT_SEATS

    meetings.election_recognise(actor=front_officer, election=elect(village, village_head, lan))
    assert (board.body, lan, village) in RESIDENT_SEATS.members([village])
    d = meetings.dismissal_propose(
        actor=front_officer,
        village=village,
        office=OFFICE,
        holder=lan,
        board=board.body,
        trigger=Dismissal.Trigger.COMMUNE_FRONT,
        reason="Không tham gia giám sát công trình.",
        proposer_name="Vũ Thị Mặt Trận",
    )
    numbers = [str(300 + n) for n in range(8)]  # the households that elected her
    vote_on_dismissal(
        village_head=village_head, dismissal=d, households=numbers, votes_for=6, votes_against=1
    )
    meetings.dismissal_decide(actor=front_officer, dismissal=d, decision_number="21/QĐ-MTTQ")
    seat = board.members.get(person=lan)
    assert seat.left_on == timezone.localdate() and "21/QĐ-MTTQ" in seat.left_reason
    assert not can_supervise(lan, board)
    assert (board.body, lan, village) not in RESIDENT_SEATS.members([village])
