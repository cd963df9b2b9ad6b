"""Figures of "Dân bàn" for steering reports, computed from meeting and election records
(by the commune of the village)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from danchu.places.models import Place
from danchu.reporting.registry import (
    ComputeRow,
    Section,
    grouped,
    register_computed,
    register_dimension,
    register_ratio,
)

from .models import AgendaItem, Attendance, ConventionVersion, Election, HouseholdVote, Meeting, Participation

UNIT = "village__parent_id"


def _held(start: dt.date, end: dt.date) -> QuerySet[Meeting]:
    return Meeting.objects.held().filter(starts_at__date__gte=start, starts_at__date__lte=end)


def _meetings(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(_held(start, end), place=UNIT)


def _registered(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(_held(start, end), place=UNIT, value=Sum("roster_size"))


def _present(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(
        Attendance.objects.filter(meeting__in=_held(start, end)), place="meeting__village__parent_id"
    )


def _decided_items(start: dt.date, end: dt.date) -> QuerySet[AgendaItem]:
    return AgendaItem.objects.filter(meeting__in=_held(start, end), status=AgendaItem.Status.DECIDED)


def _items_decided(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(
        _decided_items(start, end), place="meeting__village__parent_id", breakdowns={"matter": "matter"}
    )


def _items_passed(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(
        _decided_items(start, end).filter(passed=True),
        place="meeting__village__parent_id",
        breakdowns={"matter": "matter"},
    )


def _elections(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    done = [Election.Status.TALLIED, Election.Status.RECOGNISED, Election.Status.FAILED]
    return grouped(
        Election.objects.filter(
            status__in=done, election_day__gte=start, election_day__lte=end, electorate=""
        ),
        place=UNIT,
        breakdowns={"office": "office"},
    )


def _online_votes(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    # Electronic secret ballots are counted by participation (a ballot has no date and no voter).
    yield from grouped(
        Participation.objects.filter(
            election__election_day__gte=start, election__election_day__lte=end, election__electorate=""
        ),
        place="election__village__parent_id",
    )
    yield from grouped(
        HouseholdVote.objects.filter(
            channel=HouseholdVote.Channel.ONLINE, recorded_at__date__gte=start, recorded_at__date__lte=end
        ),
        place="item__meeting__village__parent_id",
    )


def _villages(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(Place.objects.villages().current(end), place="parent_id")


def _villages_with_convention(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    # A village counts when a version of its convention was in force at the end of the period.
    in_force = ConventionVersion.objects.filter(recognised_on__isnull=False, recognised_on__lte=end)
    villages = Place.objects.villages().filter(conventions__versions__in=in_force).distinct()
    return grouped(villages, place="parent_id")


S = Section.DAN_BAN


def register() -> None:
    register_computed(
        code="meetings.held",
        section=S,
        name=_("Village meetings held"),
        compute=_meetings,
        public=True,
        order=10,
        definition=_("Village and residential-group meetings closed in the period"),
    )
    register_computed(
        code="meetings.households_registered",
        section=S,
        name=_("Households registered at the meetings held"),
        compute=_registered,
        order=11,
        definition=_("Sum over the meetings held of the households registered in the village on the day"),
    )
    register_computed(
        code="meetings.households_present",
        section=S,
        name=_("Households represented at the meetings held"),
        compute=_present,
        order=12,
    )
    register_ratio(
        code="meetings.participation_rate",
        section=S,
        name=_("Household participation rate"),
        numerator="meetings.households_present",
        denominator="meetings.households_registered",
        public=True,
        order=13,
    )
    register_computed(
        code="meetings.items_decided",
        section=S,
        name=_("Matters decided by the community"),
        compute=_items_decided,
        breakdowns=("matter",),
        public=True,
        order=20,
    )
    register_computed(
        code="meetings.items_passed",
        section=S,
        name=_("Matters passed"),
        compute=_items_passed,
        breakdowns=("matter",),
        public=True,
        order=21,
        definition=_("Passed with more than the threshold of ALL households registered in the village"),
    )
    register_ratio(
        code="meetings.pass_rate",
        section=S,
        name=_("Share of matters passed"),
        numerator="meetings.items_passed",
        denominator="meetings.items_decided",
        order=22,
    )
    register_computed(
        code="meetings.elections",
        section=S,
        name=_("Elections held"),
        compute=_elections,
        breakdowns=("office",),
        public=True,
        order=30,
    )
    register_computed(
        code="meetings.villages",
        stock=True,
        section=S,
        name=_("Villages and residential groups"),
        compute=_villages,
        order=50,
    )
    register_computed(
        code="meetings.villages_with_convention",
        stock=True,
        section=S,
        name=_("Villages with a recognised convention"),
        compute=_villages_with_convention,
        public=True,
        order=51,
    )
    register_ratio(
        code="meetings.convention_rate",
        section=S,
        name=_("Share of villages with a recognised convention"),
        numerator="meetings.villages_with_convention",
        denominator="meetings.villages",
        public=True,
        order=52,
    )
    register_computed(
        code="meetings.online_votes",
        section=S,
        name=_("Online votes"),
        compute=_online_votes,
        order=40,
        definition=_("Electronic secret ballots and online household votes"),
    )


# How the dashboards name the breakdowns of the meetings' figures (the matter of Art. 15, the office).
register_dimension(
    module="meetings", name="matter", label=_("matter decided"), values=AgendaItem.Matter.choices
)
register_dimension(
    module="meetings", name="office", label=_("office elected"), values=Election.Office.choices
)
