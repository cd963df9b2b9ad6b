"""Reads: the roster, the live quorum, what a household sees, board members for other modules."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Body, HouseholdLink, Membership, Role
from danchu.accounts.permissions import acting_places, confirmed_households, village_scope
from danchu.core import sqlmemo
from danchu.core.models import in_force_on
from danchu.core.text import vi_sort_key
from danchu.places.models import Household, Place

from .electorates import BOARD_OF, BOARD_SEAT_ENDS, SeatHolder, village_of
from .models import (
    AgendaItem,
    Attendance,
    Candidate,
    Dismissal,
    Election,
    HouseholdVote,
    Meeting,
    Motion,
    MotionVote,
    Participation,
)
from .rules import C, more_than, percent, rule_value, rule_values


def roster(village: Place, on: dt.date) -> QuerySet[Household]:
    """The households registered in the village on that day (DOMAIN.md §3.3: the denominator)."""
    registered = Q(registered_on__isnull=True) | Q(registered_on__lte=on)
    living = Q(dissolved_on__isnull=True, is_active=True) | Q(dissolved_on__gt=on)
    return Household.objects.filter(village=village).filter(registered & living)


def standing(*, village: int, day: dt.date, household: int, person: int) -> dict[str, Exists]:
    """Annotations for the shared-lock read of a household's vote or ballot: the household is on the
    village's roster that day, and the person is its confirmed representative."""
    link = HouseholdLink.objects.filter(
        person_id=person,
        household_id=household,
        status=HouseholdLink.Status.CONFIRMED,
        as_representative=True,
    )
    return {
        "in_roster": Exists(roster(Place(pk=village), day).filter(pk=household)),
        "represents": Exists(link),
    }


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
    return _quorum(present, total, rule_value(C.QUORUM_PERCENT, meeting.meeting_day).value)


def quorums(meetings: list[Meeting]) -> dict[int, Quorum]:
    """quorum() of each meeting of a list: attendance counted in one query, the rule read once; only a
    meeting not yet opened (its roster not frozen) counts its roster on its own."""
    rows = Attendance.objects.filter(meeting__in=[m.pk for m in meetings]).values("meeting")
    present = {r["meeting"]: r["n"] for r in rows.annotate(n=Count("id"))}
    threshold = rule_values(C.QUORUM_PERCENT)
    return {
        m.pk: _quorum(present.get(m.pk, 0), roster_size(m), threshold(m.meeting_day).value) for m in meetings
    }


def _quorum(present: int, total: int, threshold: Any) -> Quorum:
    reached = more_than(present, total, threshold)
    verdict = _("quorum reached") if reached else _("quorum not reached")
    text = _("%(present)s/%(total)s households (%(percent)s) — %(verdict)s") % {
        "present": present,
        "total": total,
        "percent": percent(present, total),
        "verdict": verdict,
    }
    return Quorum(present, total, reached, text)


def voted_outside_present(meeting: Meeting) -> dict[int, int]:
    """Item id -> households present at the meeting that already voted on the item by opinion slip or
    online: they do not vote again in the room (services.decisions._check_counts)."""
    rows = (
        HouseholdVote.objects.filter(
            item__meeting=meeting,
            household__in=Attendance.objects.filter(meeting=meeting).values("household"),
        )
        .values("item")
        .annotate(n=Count("id"))
    )
    return {r["item"]: r["n"] for r in rows}


def online_votes(meeting: Meeting) -> dict[int, int]:
    """Item id -> households that voted on it online so far (what the village head sees before
    closing the online vote)."""
    rows = (
        HouseholdVote.objects.filter(item__meeting=meeting, channel=HouseholdVote.Channel.ONLINE)
        .values("item")
        .annotate(n=Count("id"))
    )
    return {r["item"]: r["n"] for r in rows}


def notice_respected(meeting: Meeting, rules: Any = None) -> bool | None:
    """None until the notice is sent; then whether it went out the legal number of days ahead.
    ``rules``: rules.rule_values(C.NOTICE_DAYS), for a list of meetings."""
    if meeting.notice_sent_at is None:
        return None
    from django.utils import timezone

    rule = (rules or (lambda day: rule_value(C.NOTICE_DAYS, day)))(meeting.meeting_day)
    days = meeting.notice_days_required or int(rule.value)
    sent_day = timezone.localtime(meeting.notice_sent_at).date()
    return (meeting.meeting_day - sent_day).days >= days


def households_of(person: Any) -> list[Household]:
    """The households the person is a confirmed member of: the accounts module's one rule."""
    return confirmed_households(person)


def represented_households(person: Any) -> list[Household]:
    if not getattr(person, "is_authenticated", False):
        return []
    links = sqlmemo.objects("meetings.represented_households", _represented, binds={"person": person.pk})
    return [link.household for link in links]


def voted_in(election: Any, households: list[Household]) -> set[int]:
    """Which of `households` have cast their ballot in `election` (that they voted, never how)."""
    return set(
        Participation.objects.filter(election=election, household__in=households).values_list(
            "household_id", flat=True
        )
    )


def _represented(person: int) -> QuerySet[HouseholdLink]:
    # Compiled once per process (core.sqlmemo): every online vote reads it.
    links = HouseholdLink.objects.filter(
        person_id=person, status=HouseholdLink.Status.CONFIRMED, as_representative=True
    )
    return links.select_related("household__village")


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


def election_boards(election: Any) -> list[Body]:
    """The commune's boards of a village's board election's office in force today, in Vietnamese order
    of their names: those its recognition may seat the elected on (one People's Inspection Board, but a
    supervision board per project, whose body ends when the board closes)."""
    kind = BOARD_OF[election.office][0]
    commune = village_of(election).parent_id
    assert commune is not None  # a village lies in its commune
    boards = Body.objects.filter(in_force_on(timezone.localdate()), kind=kind, place_id=commune)
    return sorted(boards, key=lambda b: (vi_sort_key(b.name), b.pk))


def sitting_members(villages: Iterable[Place], office: str) -> list[SeatHolder]:
    """The members of the office's boards sitting today whom these villages elected: whom a dismissal
    may name (Law Art. 15 item 5). As the module that keeps the board's record answers
    (electorates.BOARD_SEAT_ENDS), and, for a board whose record is kept nowhere, the people the
    villages' recognised elections seated whose board role still runs; once each, by village and name."""
    places = {v.pk: v for v in villages}
    if office not in BOARD_OF or not places:
        return []
    found: dict[tuple[int, int], SeatHolder] = {}
    if office in BOARD_SEAT_ENDS:
        for h in BOARD_SEAT_ENDS.get(office).members(places.values()):
            found.setdefault((h.body.pk, h.person.pk), h)
    elected = set(
        Candidate.objects.filter(
            elected=True,
            person__isnull=False,
            election__office=office,
            election__status=Election.Status.RECOGNISED,
            election__electorate="",
            election__village_id__in=places,
        ).values_list("person_id", "election__village_id")
    )
    kind, role = BOARD_OF[office]
    roles = Membership.objects.active().filter(
        role=role, body__kind=kind, person_id__in={person for person, _v in elected}
    )
    for m in roles.select_related("person", "body"):
        for person, village in elected:
            if m.person_id == person and m.body is not None and m.body.place_id == places[village].parent_id:
                found.setdefault((m.body.pk, person), SeatHolder(m.body, m.person, places[village]))
    return sorted(found.values(), key=lambda h: (vi_sort_key(h.village.name), vi_sort_key(str(h.person))))


def dismissal_items(dismissal: Dismissal) -> list[AgendaItem]:
    """The items a dismissal may be put to the vote on: pending, secret-ballot items on its matter (4 for
    the village head, 5 for a board member) of meetings of its village, carrying no other dismissal."""
    return list(
        AgendaItem.objects.filter(
            meeting__village_id=dismissal.village_id,
            matter=dismissal.matter,
            kind__in=(AgendaItem.Kind.DECIDE, AgendaItem.Kind.ELECT),
            method=AgendaItem.Method.SECRET,
            status=AgendaItem.Status.PENDING,
            dismissal__isnull=True,
        )
        .exclude(
            meeting__status__in=(Meeting.Status.CLOSED, Meeting.Status.CONFIRMED, Meeting.Status.CANCELLED)
        )
        .select_related("meeting")
    )


def dismissals_in_office(person: Any) -> QuerySet[Dismissal]:
    """The dismissals of the villages where the person runs meetings, and of board members in the
    communes whose Fatherland Front they act for (they propose and decide those), newest first."""
    fronts = [p.pk for p in acting_places(person, {Role.FRONT_OFFICER})]
    mine = Q(village__in=village_scope(person)) | Q(village__parent_id__in=fronts, office__in=list(BOARD_OF))
    return Dismissal.objects.filter(mine).select_related("village").order_by("-pk")


def dismissals_to_decide_count(person: Any) -> int:
    """Dismissals the households approved, awaiting the person's decision: the village head's for the
    commune chairman, a board member's for the commune Fatherland Front."""
    if not getattr(person, "is_authenticated", False):
        return 0
    chaired = [p.pk for p in acting_places(person, {Role.COMMUNE_CHAIRMAN})]
    fronts = [p.pk for p in acting_places(person, {Role.FRONT_OFFICER})]
    mine = Q(village__parent_id__in=chaired, office=Election.Office.VILLAGE_HEAD) | Q(
        village__parent_id__in=fronts, office__in=list(BOARD_OF)
    )
    return Dismissal.objects.filter(mine, status=Dismissal.Status.VOTED).count()


def work_decisions(villages: Any) -> QuerySet[AgendaItem]:
    """Passed decisions of these villages' meetings on contributions to works or on funds (Law
    10/2022 Art. 15 matters 1–2), newest first: what a community work names as the decision that
    started it (the works module)."""
    return (
        AgendaItem.objects.filter(
            meeting__village__in=villages,
            kind=AgendaItem.Kind.DECIDE,
            status=AgendaItem.Status.DECIDED,
            passed=True,
            matter__in=(AgendaItem.Matter.CONTRIBUTIONS, AgendaItem.Matter.FUNDS),
        )
        .select_related("meeting__village")
        .order_by("-meeting__starts_at", "order")
    )


def comment_items(place: Place, start: dt.date | None, end: dt.date | None) -> QuerySet[AgendaItem]:
    """Agenda items where a village meeting discussed or commented on something, in `place` (a
    village, or the villages of a commune) and held between `start` and `end`: where comments on a
    draft put to the people were received (the consultations module's meeting channel)."""
    items = AgendaItem.objects.filter(
        Q(meeting__village=place) | Q(meeting__village__parent=place),
        kind__in=(AgendaItem.Kind.COMMENT, AgendaItem.Kind.DISCUSS),
        meeting__status__in=(Meeting.Status.OPEN, Meeting.Status.CLOSED, Meeting.Status.CONFIRMED),
    )
    if start:
        items = items.filter(meeting__starts_at__date__gte=start)
    if end:
        items = items.filter(meeting__starts_at__date__lte=end)
    return items.select_related("meeting__village").order_by("-meeting__starts_at", "order")


def electorate_elections(electorate: str, ref: int) -> QuerySet[Election]:
    """The elections another module's body held (meetings/electorates.py), newest first, with their
    candidates."""
    return (
        Election.objects.filter(electorate=electorate, electorate_ref=ref)
        .prefetch_related("candidates", "paper_boxes")
        .order_by("-election_day", "-pk")
    )


def electorate_motions(electorate: str, ref: int) -> QuerySet[Motion]:
    """The motions put to another module's body, in the order they were put, with their online
    votes counted (one query)."""
    return Motion.objects.of(electorate, ref).with_counts().order_by("pk")


def electorate_open_votes(electorate: str, refs: list[int], person: Any) -> tuple[list[Any], list[Any]]:
    """The motions and the elections open for voting in these bodies, oldest first, each with `voted`:
    whether `person` has voted on it (their own vote on a motion, their participation in an election —
    never how they voted in secret)."""
    motions = (
        Motion.objects.filter(electorate=electorate, electorate_ref__in=refs, status=Motion.Status.OPEN)
        .annotate(voted=Exists(MotionVote.objects.filter(motion=OuterRef("pk"), person=person.pk)))
        .order_by("pk")
    )
    elections = (
        Election.objects.filter(electorate=electorate, electorate_ref__in=refs, status=Election.Status.OPEN)
        .annotate(voted=Exists(Participation.objects.filter(election=OuterRef("pk"), person=person.pk)))
        .order_by("pk")
    )
    return list(motions), list(elections)


def electorate_elected(electorate: str, refs: list[int], office: str) -> QuerySet[Candidate]:
    """Those elected to `office` in the recognised elections of these bodies, newest first."""
    return Candidate.objects.filter(
        election__electorate=electorate,
        election__electorate_ref__in=refs,
        election__office=office,
        election__status=Election.Status.RECOGNISED,
        elected=True,
    ).order_by("-election__election_day", "full_name")


# --- The office's to-dos (home.py) ------------------------------------------------------------------


def _runs(person: Any) -> QuerySet[Meeting]:
    from danchu.accounts.permissions import village_scope

    if not getattr(person, "is_authenticated", False):
        return Meeting.objects.none()
    return Meeting.objects.filter(village__in=village_scope(person))


def notice_due_count(person: Any, *, within_days: int = 3) -> int:
    """Meetings still drafts whose notice must go out within `within_days` days (or should have):
    the households must be told the legal number of days ahead (Decree 59 Art. 11)."""
    from django.utils import timezone

    now = timezone.now()
    today = timezone.localdate()
    days = int(rule_value(C.NOTICE_DAYS, today).value)
    last = today + dt.timedelta(days=days + within_days + 1)
    starts_before = timezone.make_aware(dt.datetime.combine(last, dt.time()))
    return (
        _runs(person)
        .filter(status=Meeting.Status.DRAFT, starts_at__gte=now, starts_at__lt=starts_before)
        .count()
    )


def not_held_count(person: Any) -> int:
    """Meetings whose start has passed and were never opened: to open late or to cancel with a reason."""
    from django.utils import timezone

    return (
        _runs(person)
        .filter(status__in=[Meeting.Status.DRAFT, Meeting.Status.CONVENED], starts_at__lt=timezone.now())
        .count()
    )


def minutes_due_count(person: Any) -> int:
    """Meetings closed whose minutes are not confirmed yet."""
    return _runs(person).filter(status=Meeting.Status.CLOSED).count()


def minutes_to_publish_count(person: Any) -> int:
    """Minutes the village head confirmed that wait for commune staff to publish them (Law Art. 11)."""
    from .publishing import to_publish_count

    return to_publish_count(person, _runs(person))


def conventions_to_recognise_count(person: Any) -> int:
    """Village conventions submitted to the commune chairman, awaiting recognition (Decree 61/2023)."""
    from danchu.accounts.models import Role
    from danchu.accounts.permissions import village_scope

    from .models import ConventionVersion

    if not getattr(person, "is_authenticated", False):
        return 0
    villages = village_scope(person, {Role.COMMUNE_CHAIRMAN})
    return ConventionVersion.objects.filter(
        status=ConventionVersion.Status.SUBMITTED, convention__village__in=villages
    ).count()
