"""Reads: the roster, the live quorum, what a household sees, board members for other modules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from danchu.accounts.models import HouseholdLink, Membership
from danchu.places.models import Household, Place

from .models import Attendance, HouseholdVote, Meeting
from .rules import C, more_than, percent, rule_value


def roster(village: Place, on: dt.date) -> QuerySet[Household]:
    """The households registered in the village on that day (DOMAIN.md §3.3: the denominator)."""
    registered = Q(registered_on__isnull=True) | Q(registered_on__lte=on)
    living = Q(dissolved_on__isnull=True, is_active=True) | Q(dissolved_on__gt=on)
    return Household.objects.filter(village=village).filter(registered & living)


def roster_size(meeting: Meeting) -> int:
    if meeting.roster_size is not None:
        return meeting.roster_size
    return roster(meeting.village, meeting.meeting_day).count()


@dataclass(frozen=True)
class Quorum:
    present: int
    total: int
    reached: bool
    text: str


def quorum(meeting: Meeting) -> Quorum:
    present = Attendance.objects.filter(meeting=meeting).count()
    total = roster_size(meeting)
    threshold = rule_value(C.QUORUM_PERCENT, meeting.meeting_day).value
    reached = more_than(present, total, threshold)
    verdict = _("quorum reached") if reached else _("quorum not reached")
    text = _("%(present)s/%(total)s households (%(percent)s) — %(verdict)s") % {
        "present": present,
        "total": total,
        "percent": percent(present, total),
        "verdict": verdict,
    }
    return Quorum(present, total, reached, text)


def notice_respected(meeting: Meeting) -> bool | None:
    """None until the notice is sent; then whether it went out the legal number of days ahead."""
    if meeting.notice_sent_at is None:
        return None
    from django.utils import timezone

    days = meeting.notice_days_required or int(rule_value(C.NOTICE_DAYS, meeting.meeting_day).value)
    sent_day = timezone.localtime(meeting.notice_sent_at).date()
    return (meeting.meeting_day - sent_day).days >= days


def households_of(person: Any) -> list[Household]:
    if not getattr(person, "is_authenticated", False):
        return []
    links = HouseholdLink.objects.filter(person=person, status=HouseholdLink.Status.CONFIRMED)
    return [link.household for link in links.select_related("household__village")]


def represented_households(person: Any) -> list[Household]:
    if not getattr(person, "is_authenticated", False):
        return []
    links = HouseholdLink.objects.filter(
        person=person, status=HouseholdLink.Status.CONFIRMED, as_representative=True
    ).select_related("household__village")
    return [link.household for link in links]


def my_household_record(meeting: Meeting, households: list[Household]) -> list[dict[str, Any]]:
    """For a resident: their own households' attendance and slips at this meeting, nothing else."""
    mine = [h for h in households if h.village_id == meeting.village_id]
    attended = set(
        Attendance.objects.filter(meeting=meeting, household__in=mine).values_list("household_id", flat=True)
    )
    votes = HouseholdVote.objects.filter(item__meeting=meeting, household__in=mine).select_related("item")
    return [
        {
            "household": h,
            "attended": h.pk in attended,
            "votes": [v for v in votes if v.household_id == h.pk],
        }
        for h in mine
    ]


def board_members(board: Any) -> QuerySet[Membership]:
    """The active members of a board (People's Inspection Board, community investment supervision
    board), for the oversight and works modules."""
    return Membership.objects.active().filter(body=board).select_related("person")
