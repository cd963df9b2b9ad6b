"""The village meeting that elected a member of the commune's People's Inspection Board dismisses them
(meetings: proposal, secret ballot on a matter-5 item, the commune Front's decision); the seat on the
board's record here ends with the decision — the day, and the decision in the reason — as if the Front
had ended it by hand, in the decision's transaction (meetings.electorates.BOARD_SEAT_ENDS). A refusal of
the record refuses the decision, and nothing is written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Membership, Role
from danchu.accounts.tests.factories import person_with_role
from danchu.core.errors import DomainError, Forbidden
from danchu.core.models import AuditEntry
from danchu.meetings import queries as meeting_queries
from danchu.meetings import services as meetings
from danchu.meetings.models import Dismissal
from danchu.meetings.tests.voting import elect_on_village_meeting, vote_on_dismissal
from danchu.oversight.models import Board, BoardMember
from danchu.oversight.queries import active_members

pytestmark = pytest.mark.django_db
OFFICE = "inspection_board"


@pytest.fixture
def mai(board: Board, village: Any, village_head: Any, front_officer: Any) -> Any:
    """Hà Thị Mai, elected by Thôn 1's meeting (8 households) and seated on the board's record."""
    person = person_with_role(Role.CITIZEN, village, full_name="Hà Thị Mai")
    meetings.election_recognise(
        actor=front_officer, election=elect_on_village_meeting(village, village_head, person)
    )
    return person


def dismissal_voted(
    board: Board, village: Any, village_head: Any, front_officer: Any, member: Any
) -> Dismissal:
    """The commune Front's proposal, put to a village meeting's secret ballot: 6 of the 8 households for."""
    d = meetings.dismissal_propose(
        actor=front_officer,
        village=village,
        office=OFFICE,
        holder=member,
        board=board.body,
        trigger=Dismissal.Trigger.COMMUNE_FRONT,
        reason="Nhiều lần không tham gia hoạt động của Ban, không còn được Nhân dân tín nhiệm.",
        proposer_name="Vũ Thị Mặt Trận",
    )
    d = vote_on_dismissal(
        village_head=village_head,
        dismissal=d,
        households=[str(300 + n) for n in range(8)],
        votes_for=6,
        votes_against=2,
    )
    assert d.status == Dismissal.Status.VOTED and "6/8" in d.outcome
    return d


def test_the_member_the_village_dismisses_leaves_the_board_on_the_fronts_decision(
    board: Board,
    mai: Any,
    board_member: Any,
    village: Any,
    village_head: Any,
    front_officer: Any,
    chairman: Any,
) -> None:
    seat = BoardMember.objects.get(board=board, person=mai, ended_on__isnull=True)
    sitting = {h.person for h in meeting_queries.sitting_members([village], OFFICE)}
    assert sitting == {mai, board_member}  # the board's record: the head too, recorded by hand
    d = dismissal_voted(board, village, village_head, front_officer, mai)
    with pytest.raises(Forbidden):
        meetings.dismissal_decide(actor=chairman, dismissal=d, decision_number="12/QĐ-MTTQ")
    meetings.dismissal_decide(actor=front_officer, dismissal=d, decision_number="12/QĐ-MTTQ")
    seat.refresh_from_db()
    today = timezone.localdate()
    assert seat.ended_on == today
    assert seat.end_reason.startswith("Quyết định số 12/QĐ-MTTQ") and "Thôn 1" in seat.end_reason
    role = Membership.objects.get(pk=seat.membership_id)
    assert role.valid_to == today - dt.timedelta(days=1)
    assert not Membership.objects.active(today).filter(person=mai, role=Role.INSPECTION_MEMBER).exists()
    assert mai not in [m.person for m in active_members(board)]
    assert board_member in [m.person for m in active_members(board)]  # the others sit on
    ended = AuditEntry.objects.get(action="oversight.member_end")
    assert ended.object_id == str(seat.pk) and ended.actor == front_officer
    assert AuditEntry.objects.filter(action="meetings.dismissal_decide", object_id=str(d.pk)).exists()


def test_the_board_page_shows_the_end_and_offers_the_proposal_for_sitting_members(
    board: Board, mai: Any, village: Any, village_head: Any, front_officer: Any, client_as: Any
) -> None:
    page = client_as(front_officer).get(f"/oversight/boards/{board.pk}/").content.decode()
    link = f"office=inspection_board&amp;village={village.pk}&amp;member={board.body_id}:{mai.pk}"
    assert link in page and "Đề nghị hội nghị thôn cho thôi làm" in page
    proposal = client_as(front_officer).get(f"/meetings/dismissals/new/?{link.replace('&amp;', '&')}")
    assert f'value="{board.body_id}:{mai.pk}" selected' in proposal.content.decode()
    d = dismissal_voted(board, village, village_head, front_officer, mai)
    meetings.dismissal_decide(actor=front_officer, dismissal=d, decision_number="12/QĐ-MTTQ")
    page = client_as(front_officer).get(f"/oversight/boards/{board.pk}/").content.decode()
    assert "Quyết định số 12/QĐ-MTTQ" in page and link not in page


def test_a_refusal_of_the_boards_record_refuses_the_decision_and_writes_nothing(
    board: Board, mai: Any, village: Any, village_head: Any, front_officer: Any
) -> None:
    d = dismissal_voted(board, village, village_head, front_officer, mai)
    # A record member_end refuses: a seat whose election lies after the decision's day.
    BoardMember.objects.filter(person=mai).update(elected_on=timezone.localdate() + dt.timedelta(days=3))
    with pytest.raises(DomainError, match="trước ngày thành viên được bầu"):
        meetings.dismissal_decide(actor=front_officer, dismissal=d, decision_number="12/QĐ-MTTQ")
    d.refresh_from_db()
    assert d.status == Dismissal.Status.VOTED and d.decision_number == ""
    assert BoardMember.objects.get(person=mai).ended_on is None
    assert Membership.objects.active().filter(person=mai, role=Role.INSPECTION_MEMBER).exists()
    assert not AuditEntry.objects.filter(
        action__in=("meetings.dismissal_decide", "meetings.dismissal_role_end", "oversight.member_end")
    ).exists()


def test_a_member_another_village_elected_is_not_this_villages_to_dismiss(
    board: Board, second_member: Any, village: Any, other_village: Any, front_officer: Any
) -> None:
    """Trần Thị Giám Sát was recorded by the Front as Buôn Đắk's member: Buôn Đắk may propose her
    dismissal, Thôn 1 may not."""
    assert second_member in {h.person for h in meeting_queries.sitting_members([other_village], OFFICE)}
    assert second_member not in {h.person for h in meeting_queries.sitting_members([village], OFFICE)}
    propose = dict(
        actor=front_officer,
        office=OFFICE,
        holder=second_member,
        board=board.body,
        trigger=Dismissal.Trigger.OWN_REQUEST,
        reason="Chuyển nơi cư trú.",
        proposer_name="Trần Thị Giám Sát",
    )
    with pytest.raises(DomainError, match="không phải thành viên đương nhiệm .* do Thôn 1 bầu"):
        meetings.dismissal_propose(village=village, **propose)
    assert not Dismissal.objects.exists()
    assert meetings.dismissal_propose(village=other_village, **propose).holder == second_member
