"""A resident member of a project's supervision board whom the village meeting dismisses (meetings:
proposal, secret ballot on a matter-5 item, the commune Front's decision) leaves the board's record
here, so that they no longer act on the board through it (meetings.electorates.BOARD_SEAT_ENDS)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.meetings import queries as meeting_queries
from danchu.meetings import services as meetings
from danchu.meetings.models import Dismissal
from danchu.meetings.tests.voting import vote_on_dismissal
from danchu.works import services
from danchu.works.permissions import can_supervise

from .conftest import DECIDED

pytestmark = pytest.mark.django_db


def test_the_resident_member_the_village_dismisses_leaves_the_boards_record(
    board: Any, village: Any, other_village: Any, households: Any, village_head: Any, front_officer: Any
) -> None:
    lan = person_with_role(Role.CITIZEN, village, full_name="Lê Thị Lan")
    services.board_member_add(
        board=board,
        by=front_officer,
        data=services.MemberData(
            full_name="Lê Thị Lan",
            represents="resident",
            village=village,
            elected_on=DECIDED,
            election_record="Biên bản hội nghị Thôn 1 ngày 15/3/2026",
            person=lan,
        ),
    )
    assert can_supervise(lan, board)
    assert (board.body, lan, village) in meeting_queries.sitting_members([village], "supervision_board")
    assert meeting_queries.sitting_members([other_village], "supervision_board") == []
    d = meetings.dismissal_propose(
        actor=front_officer,
        village=village,
        office="supervision_board",
        holder=lan,
        board=board.body,
        trigger=Dismissal.Trigger.COMMUNE_FRONT,
        reason="Không tham gia giám sát công trình.",
        proposer_name="Vũ Thị Mặt Trận",
    )
    vote_on_dismissal(
        village_head=village_head,
        dismissal=d,
        households=[h.number for h in households],
        votes_for=3,
        votes_against=1,
    )
    meetings.dismissal_decide(actor=front_officer, dismissal=d, decision_number="15/QĐ-MTTQ")
    seat = board.members.get(person=lan)
    assert seat.left_on == timezone.localdate() and seat.left_reason.startswith("Quyết định số 15/QĐ-MTTQ")
    assert not can_supervise(lan, board)
    assert board.members.current().count() == 5  # the others sit on
