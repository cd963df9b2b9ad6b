"""A household representative's own download (Decree 13/2023) holds the votes they cast online for
their household; the slips the village head entered are the head's work, not the head's own votes."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from danchu.accounts.personal_data import personal_data
from danchu.meetings import services

pytestmark = pytest.mark.django_db

ALL_MET = services.OnlineConditions(head_and_front_agree=True, unanimous=True, devices=True)


def _rows(person: Any, key: str) -> list[dict[str, Any]]:
    return next(s for s in personal_data(person)["sections"] if s["key"] == key)["rows"]


def test_my_data_holds_the_votes_i_cast_online_for_my_household(
    meeting: Any, village_head: Any, households: Any, rep_of: Any
) -> None:
    services.notice_send(actor=village_head, meeting=meeting)
    item = services.item_online_open(actor=village_head, item=meeting.items.get(matter=6), conditions=ALL_MET)
    (h1, rep1), (h2, rep2) = [(h, rep_of(h)) for h in households[:2]]
    services.online_vote(person=rep1, item=item, household=h1, choice="against")
    services.online_vote(person=rep2, item=item, household=h2, choice="for")
    services.meeting_open(actor=village_head, meeting=meeting)
    services.slip_record(actor=village_head, item=item, code=households[3].number, choice="for")

    with translation.override("vi"):
        mine = _rows(rep1, "meetings.votes")
    assert [(r["on"], r["household"], r["choice"]) for r in mine] == [
        (f"{meeting.title}: {item.title}", h1.number, "Không tán thành")
    ]
    assert _rows(village_head, "meetings.votes") == []


def test_my_data_holds_my_households_attendance_and_slips_and_no_other_households(
    meeting: Any, village_head: Any, households: Any, citizen: Any, household: Any
) -> None:
    mine, other = household, households[0]
    services.notice_send(actor=village_head, meeting=meeting)
    services.meeting_open(actor=village_head, meeting=meeting)
    services.checkin(actor=village_head, meeting=meeting, code=mine.number)
    services.checkin(actor=village_head, meeting=meeting, code=other.number)
    with translation.override("vi"):
        rows = _rows(citizen, "meetings.households")
    assert [(r["household"], r["what"]) for r in rows] == [(mine.number, "Có mặt")]
