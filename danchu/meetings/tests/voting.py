"""A dismissal voted by a village meeting, for the tests of the modules that keep a board's record
(oversight, works): convened, put on an item of matter 5 by secret ballot, the households checked in,
the main box counted and the count confirmed by the chair."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from danchu.meetings import services as meetings
from danchu.meetings.models import AgendaItem, Dismissal
from danchu.meetings.services.decisions import BoxCount


def vote_on_dismissal(
    *, village_head: Any, dismissal: Dismissal, households: list[str], votes_for: int, votes_against: int
) -> Dismissal:
    """`dismissal` voted on with `households` (their numbers) present; the dismissal as recorded."""
    meeting = meetings.meeting_convene(
        actor=village_head,
        draft=meetings.MeetingDraft(
            village=dismissal.village,
            title="Hội nghị thôn bàn việc cho thôi làm thành viên Ban",
            starts_at=timezone.now() + dt.timedelta(days=7),
            location="Nhà văn hóa thôn",
            items=[
                meetings.ItemSpec(
                    title="Cho thôi làm thành viên Ban",
                    kind=AgendaItem.Kind.ELECT,
                    matter=5,
                    method=AgendaItem.Method.SECRET,
                )
            ],
        ),
    )
    item = meeting.items.get()
    meetings.dismissal_put_to_vote(actor=village_head, dismissal=dismissal, item=item)
    meetings.notice_send(actor=village_head, meeting=meeting)
    meetings.meeting_open(actor=village_head, meeting=meeting)
    for number in households:
        meetings.checkin(actor=village_head, meeting=meeting, code=number)
    meetings.item_count_secret(
        actor=village_head,
        item=item,
        team=["Tổ viên A", "Tổ viên B", "Tổ viên C"],
        boxes=[BoxCount("Hòm chính", votes_for=votes_for, votes_against=votes_against)],
    )
    meetings.item_confirm(actor=village_head, item=item)
    dismissal.refresh_from_db()
    return dismissal
