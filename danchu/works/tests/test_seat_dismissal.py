"""A resident member of a project's supervision board whom the village meeting dismisses (meetings:
proposal, secret ballot on a matter-5 item, the commune Front's decision) leaves the board's record
here, so that they no longer act on the board through it (meetings.electorates.BOARD_SEAT_ENDS)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.meetings import queries as meeting_queries
from danchu.meetings import services as meetings
from danchu.meetings.models import AgendaItem, Dismissal
from danchu.meetings.services.decisions import BoxCount
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
    meeting = meetings.meeting_convene(
        actor=village_head,
        draft=meetings.MeetingDraft(
            village=village,
            title="Hội nghị thôn bàn việc cho thôi làm thành viên Ban giám sát",
            starts_at=timezone.now() + dt.timedelta(days=7),
            location="Nhà văn hóa Thôn 1",
            items=[
                meetings.ItemSpec(
                    title="Cho thôi làm thành viên Ban giám sát đầu tư của cộng đồng",
                    kind=AgendaItem.Kind.ELECT,
                    matter=5,
                    method=AgendaItem.Method.SECRET,
                )
            ],
        ),
    )
    item = meeting.items.get()
    meetings.dismissal_put_to_vote(actor=village_head, dismissal=d, item=item)
    meetings.notice_send(actor=village_head, meeting=meeting)
    meetings.meeting_open(actor=village_head, meeting=meeting)
    for h in households:
        meetings.checkin(actor=village_head, meeting=meeting, code=h.number)
    meetings.item_count_secret(
        actor=village_head,
        item=item,
        team=["Tổ viên A", "Tổ viên B", "Tổ viên C"],
        boxes=[BoxCount("Hòm chính", votes_for=3, votes_against=1)],
    )
    meetings.item_confirm(actor=village_head, item=item)
    meetings.dismissal_decide(actor=front_officer, dismissal=d, decision_number="15/QĐ-MTTQ")
    seat = board.members.get(person=lan)
    assert seat.left_on == timezone.localdate() and seat.left_reason.startswith("Quyết định số 15/QĐ-MTTQ")
    assert not can_supervise(lan, board)
    assert board.members.current().count() == 5  # the others sit on
