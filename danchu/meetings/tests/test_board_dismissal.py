"""Dismissal of a board member the village elected (Law 10/2022 Art. 15 item 5): proposal → secret ballot
on a matter-5 item → result against ALL registered households → the commune Fatherland Front's decision,
which ends the board's role. Here the board's record is kept nowhere but in the role (no oversight
board recorded for the commune): the members a village may dismiss are those its recognised elections
seated; oversight's own record is tested in oversight/tests/test_seat_dismissal.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.models import AuditEntry
from danchu.meetings import queries, services
from danchu.meetings.models import Dismissal, Election

from .conftest import elect, vote_on

pytestmark = pytest.mark.django_db
INSPECTION = Election.Office.INSPECTION_BOARD
SUPERVISION = Election.Office.SUPERVISION_BOARD


def propose(actor: Any, village: Any, member: Any, board: Any, **kw: Any) -> Dismissal:
    return services.dismissal_propose(
        actor=actor,
        village=village,
        office=kw.pop("office", INSPECTION),
        holder=member,
        board=board,
        trigger=kw.pop("trigger", Dismissal.Trigger.COMMUNE_FRONT),
        reason=kw.pop("reason", "Không hoàn thành nhiệm vụ giám sát, không còn được Nhân dân tín nhiệm."),
        proposer_name=kw.pop("proposer_name", "Vũ Thị Mặt Trận"),
        **kw,
    )


def role_of(person: Any, role: str = Role.INSPECTION_MEMBER) -> Any:
    return Membership.objects.active(timezone.localdate()).filter(person=person, role=role)


def test_a_board_member_is_dismissed_by_the_village_and_the_front_decides(
    mai: Any,
    inspection_board: Any,
    front_officer: Any,
    village_head: Any,
    chairman: Any,
    village: Any,
    households: Any,
    board_vote_meeting: Any,
) -> None:
    (member,) = queries.sitting_members([village], INSPECTION)
    assert (member.person, member.body, member.village) == (mai, inspection_board, village)
    d = propose(front_officer, village, mai, inspection_board)
    assert (d.status, d.holder_name, d.matter) == ("proposed", "Hà Thị Mai", 5)
    with pytest.raises(DomainError, match="board members"):  # not on the village head's matter 4
        services.dismissal_put_to_vote(
            actor=village_head, dismissal=d, item=board_vote_meeting.items.get(matter=4)
        )
    d = services.dismissal_put_to_vote(
        actor=village_head, dismissal=d, item=board_vote_meeting.items.get(matter=5)
    )
    assert d.status == "on_agenda"
    vote_on(board_vote_meeting, village_head, households, present=8, votes_for=6)  # 6 of ALL 10 households
    d.refresh_from_db()
    assert d.status == "voted" and "6/10" in d.outcome
    with pytest.raises(Forbidden, match="Fatherland Front"):
        services.dismissal_decide(actor=chairman, dismissal=d, decision_number="7/QĐ-MTTQ")
    d = services.dismissal_decide(actor=front_officer, dismissal=d, decision_number="7/QĐ-MTTQ")
    assert d.status == "decided" and d.decided_by == front_officer and d.decided_on == timezone.localdate()
    assert not role_of(mai).exists()
    assert Membership.objects.get(person=mai, role=Role.INSPECTION_MEMBER).valid_to == (
        timezone.localdate() - dt.timedelta(days=1)
    )
    assert queries.sitting_members([village], INSPECTION) == []
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "meetings.dismissal_propose",
        "meetings.dismissal_agenda",
        "meetings.dismissal_vote",
        "meetings.dismissal_decide",
        "meetings.dismissal_role_end",
    } <= actions


def test_a_supervision_board_member_is_dismissed_the_same_way(
    village: Any,
    commune: Any,
    village_head: Any,
    front_officer: Any,
    voters: Any,
    households: Any,
    board_vote_meeting: Any,
) -> None:
    body = BodyFactory(kind=Body.Kind.SUPERVISION_BOARD, name="Ban GSĐTCĐ đường liên thôn", place=commune)
    person = person_with_role(Role.CITIZEN, village, full_name="Y Bhim Niê")
    elect(village, village_head, front_officer, voters, person, SUPERVISION)
    assert queries.sitting_members([village], INSPECTION) == []
    d = propose(front_officer, village, person, body, office=SUPERVISION, trigger="own_request")
    services.dismissal_put_to_vote(
        actor=village_head, dismissal=d, item=board_vote_meeting.items.get(matter=5)
    )
    vote_on(board_vote_meeting, village_head, households, present=7, votes_for=7)
    services.dismissal_decide(
        actor=front_officer, dismissal=Dismissal.objects.get(), decision_number="9/QĐ-MTTQ"
    )
    assert not role_of(person, Role.SUPERVISION_MEMBER).exists()


def test_not_enough_households_leaves_the_member_on_the_board(
    mai: Any,
    inspection_board: Any,
    front_officer: Any,
    village_head: Any,
    village: Any,
    households: Any,
    board_vote_meeting: Any,
) -> None:
    d = propose(front_officer, village, mai, inspection_board)
    services.dismissal_put_to_vote(
        actor=village_head, dismissal=d, item=board_vote_meeting.items.get(matter=5)
    )
    vote_on(board_vote_meeting, village_head, households, present=6, votes_for=5)  # 5/10: not more than half
    d.refresh_from_db()
    assert d.status == "rejected"
    with pytest.raises(Conflict):
        services.dismissal_decide(actor=front_officer, dismissal=d, decision_number="7/QĐ-MTTQ")
    assert role_of(mai).exists()
    # Rejected, it is no longer under way: the Front may propose again.
    assert propose(front_officer, village, mai, inspection_board).status == "proposed"


def test_a_member_of_another_village_or_not_on_the_board_is_refused(
    mai: Any,
    inspection_board: Any,
    front_officer: Any,
    village: Any,
    other_village: Any,
    commune: Any,
    citizen: Any,
    officer: Any,
) -> None:
    with pytest.raises(DomainError, match="not a sitting member .* elected by Buôn Đắk"):
        propose(front_officer, other_village, mai, inspection_board)
    with pytest.raises(DomainError, match="not a sitting member"):
        propose(front_officer, village, citizen, inspection_board)
    other_board = BodyFactory(kind=Body.Kind.SUPERVISION_BOARD, name="Ban GSĐTCĐ chợ", place=commune)
    with pytest.raises(DomainError, match="not a sitting member"):
        propose(front_officer, village, mai, other_board)
    with pytest.raises(DomainError, match="Choose the board member"):
        propose(front_officer, village, None, None)
    # The commune Front proposes a board member's removal, not the village head's (Decree 59 Art. 9).
    with pytest.raises(DomainError, match="not of the village head"):
        services.dismissal_propose(
            actor=officer,
            village=village,
            holder_name="Trần Văn Trưởng",
            trigger="commune_front",
            reason="Lý do",
            proposer_name="Vũ Thị Mặt Trận",
        )
    assert not Dismissal.objects.exists()


def test_one_dismissal_under_way_per_member_not_per_village(
    mai: Any,
    inspection_board: Any,
    front_officer: Any,
    officer: Any,
    village: Any,
    village_head: Any,
    voters: Any,
    commune: Any,
) -> None:
    propose(front_officer, village, mai, inspection_board)
    with pytest.raises(Conflict, match="already under way") as refused:
        propose(officer, village, mai, inspection_board, trigger="own_request")
    assert refused.value.status == 409
    # Another member the same village elected, and the village head, may be dismissed meanwhile.
    body = BodyFactory(kind=Body.Kind.SUPERVISION_BOARD, name="Ban GSĐTCĐ trường học", place=commune)
    lan = person_with_role(Role.CITIZEN, village, full_name="Lê Thị Lan")
    elect(village, village_head, front_officer, voters, lan, SUPERVISION)
    propose(front_officer, village, lan, body, office=SUPERVISION)
    services.dismissal_propose(
        actor=officer,
        village=village,
        holder_name="Y Nguyên Trưởng Thôn",
        trigger="front_proposal",
        reason="Không hoàn thành nhiệm vụ.",
        proposer_name="Nguyễn Văn Mặt Trận",
    )
    assert Dismissal.objects.open().count() == 3
    # The database holds the rule too, for a write that skips the service.
    first = Dismissal.objects.get(holder=mai)
    with pytest.raises(IntegrityError), transaction.atomic():
        Dismissal.objects.create(
            village=village,
            office=INSPECTION,
            board=inspection_board,
            holder=mai,
            holder_name="Hà Thị Mai",
            trigger="own_request",
            reason="x",
            proposer_name="x",
            created_by=first.created_by,
        )


def test_a_chairman_decides_no_board_dismissal_and_a_front_proposes_no_village_head_dismissal(
    mai: Any, inspection_board: Any, front_officer: Any, chairman: Any, village: Any
) -> None:
    with pytest.raises(Forbidden):
        services.dismissal_propose(
            actor=front_officer,
            village=village,
            holder_name="Y Nguyên Trưởng Thôn",
            trigger="front_proposal",
            reason="Không hoàn thành nhiệm vụ.",
            proposer_name="Nguyễn Văn Mặt Trận",
        )
    d = propose(chairman, village, mai, inspection_board)  # commune staff record it
    Dismissal.objects.filter(pk=d.pk).update(status=Dismissal.Status.VOTED)  # as if the village approved
    with pytest.raises(Forbidden, match="Fatherland Front"):
        services.dismissal_decide(actor=chairman, dismissal=d, decision_number="7/QĐ-UBND")
    assert Dismissal.objects.get(pk=d.pk).status == "voted" and role_of(mai).exists()


def test_the_front_officers_office_lists_the_dismissal_and_counts_it_to_decide(
    mai: Any, inspection_board: Any, front_officer: Any, chairman: Any, village: Any, outsider: Any
) -> None:
    d = propose(front_officer, village, mai, inspection_board)
    assert list(queries.dismissals_in_office(front_officer)) == [d]
    assert queries.dismissals_to_decide_count(front_officer) == 0
    Dismissal.objects.filter(pk=d.pk).update(status=Dismissal.Status.VOTED)
    assert queries.dismissals_to_decide_count(front_officer) == 1
    assert queries.dismissals_to_decide_count(chairman) == 0  # the village head's only
    assert list(queries.dismissals_in_office(outsider)) == []
