"""The meetings clocks (issue #18): a calendar change moves a submitted convention's recognition due
date and tells the commune chairman; meeting notices and election steps count calendar days back from
a fixed day and never move."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail

from danchu.core import clocks
from danchu.core.calendar import Calendar
from danchu.core.models import AuditEntry
from danchu.meetings import services
from danchu.meetings.models import Election
from danchu.meetings.services.elections import steps

from .test_conventions import TEXT, _vote_item

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _roll(settings: Any) -> None:
    settings.DEADLINE_ROLL_TO_WORKING_DAY = True


def submitted(village_head: Any, village: Any, meeting: Any, households: Any, on: dt.date) -> Any:
    v = services.convention_draft(actor=village_head, village=village, title="Hương ước Thôn 1", text=TEXT)
    # Adopted straight from the draft: the discussion phase (a consultation that must end before the
    # vote) is consultations/tests/test_convention_discussion.py's.
    item = _vote_item(meeting, village_head, households, 7)
    v = services.version_adopt(actor=village_head, version=v, item=item)
    return services.version_submit(actor=village_head, version=v, today=on)


def test_a_day_off_on_the_due_date_moves_it_and_tells_the_chairman(
    village_head: Any, chairman: Any, admin_user: Any, village: Any, meeting: Any, households: Any
) -> None:
    chairman.notify_channel = "email"
    chairman.save()
    v = submitted(village_head, village, meeting, households, D(2027, 3, 1))  # Monday
    assert v.recognition_due == D(2027, 3, 16)  # 15 calendar days: Tuesday
    mail.outbox.clear()
    moved = clocks.day_off_set(actor=admin_user, date=D(2027, 3, 16), name="Nghỉ bù theo quyết định")
    v.refresh_from_db()
    assert v.recognition_due == D(2027, 3, 17)  # the next working day (Civil Code Art. 148(5))
    assert [m for m in moved if m.module == "meetings"] == [
        clocks.Moved("meetings", f"{village.code} Hương ước Thôn 1 v1", D(2027, 3, 16), D(2027, 3, 17))
    ]
    entry = AuditEntry.objects.get(action="meetings.recognition_due_recompute")
    assert entry.actor == admin_user
    told = [m for m in mail.outbox if chairman.email in m.to]
    assert len(told) == 1 and "17/03/2027" in told[0].body and "16/03/2027" in told[0].body
    # removing the day off moves it back
    clocks.day_off_remove(actor=admin_user, date=D(2027, 3, 16))
    v.refresh_from_db()
    assert v.recognition_due == D(2027, 3, 16)


def test_in_working_days_a_make_up_saturday_brings_the_due_date_forward(
    settings: Any, village_head: Any, admin_user: Any, village: Any, meeting: Any, households: Any
) -> None:
    settings.MEETINGS_RECOGNITION_DAY_TYPE = "working"
    start = D(2027, 2, 3)  # Wednesday before Tết 2027
    v = submitted(village_head, village, meeting, households, start)
    before = Calendar().add_working_days(start, 15)
    assert v.recognition_due == before
    clocks.day_off_set(actor=admin_user, date=D(2027, 2, 13), name="Làm bù Tết", is_working_day=True)
    v.refresh_from_db()
    assert v.recognition_due == Calendar().add_working_days(start, 15) < before


def test_recognised_versions_meeting_notices_and_election_steps_do_not_move(
    village_head: Any, chairman: Any, admin_user: Any, village: Any, meeting: Any, households: Any
) -> None:
    v = submitted(village_head, village, meeting, households, D(2027, 3, 1))
    v = services.version_recognise(actor=chairman, version=v, decision_number="3/QĐ-UBND")
    election = services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=D(2027, 3, 28),
        candidates=["Trần Văn Minh"],
    )
    before_steps = [s["due"] for s in steps(election)]
    meeting.refresh_from_db()
    notice = (meeting.notice_sent_at, meeting.notice_days_required, meeting.starts_at)
    moved = clocks.day_off_set(actor=admin_user, date=D(2027, 3, 16), name="Nghỉ bù theo quyết định")
    moved += clocks.day_off_set(actor=admin_user, date=D(2027, 3, 8), name="Nghỉ bù theo quyết định")
    assert not [m for m in moved if m.module == "meetings"]
    v.refresh_from_db()
    assert v.recognition_due == D(2027, 3, 16)  # closed: keeps its history
    assert [s["due"] for s in steps(election)] == before_steps  # calendar days back from election day
    meeting.refresh_from_db()
    assert (meeting.notice_sent_at, meeting.notice_days_required, meeting.starts_at) == notice
    assert not AuditEntry.objects.filter(action="meetings.recognition_due_recompute").exists()


def test_the_hook_is_registered_with_the_kernel() -> None:
    assert dict(clocks.CLOCKS.items())["meetings"].__module__ == "danchu.meetings.clocks"
