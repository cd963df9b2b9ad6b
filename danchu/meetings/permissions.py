"""Who may do what with meetings and elections.

- A meeting is run (convened, checked in, counted) by the village head of its village, commune staff
  of its commune, or the person the commune chairman designated as its convener (Law Art. 18(1)).
- Staff who read the village's place read its meetings; a resident of the village reads its meetings
  once convened (their household's attendance and their own slips, never another's).
- The commune chairman recognises elections (Decree 59 Art. 8) and designates conveners.
- A dismissal is proposed where the meeting is run; a board member's also by the commune Fatherland
  Front, which decides it (the commune chairman decides the village head's).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from danchu.accounts.models import HouseholdLink, Role
from danchu.accounts.permissions import (
    COMMUNE_STAFF,
    acting_places,
    can_act_in_place,
    can_read_place,
    has_role,
    unit_of,
    village_scope,
)
from danchu.core import sqlmemo
from danchu.core.access import PUBLIC, SIGNED_IN, STAFF, get_for, rule
from danchu.places.models import Level, Place

from .electorates import ELECTORATES, electorate_of, ref_of, village_of
from .models import AgendaItem, Convention, ConventionVersion, Dismissal, Election, Meeting, Motion

RUNNERS = COMMUNE_STAFF | {Role.VILLAGE_HEAD}
TALLIED = (Election.Status.TALLIED, Election.Status.RECOGNISED, Election.Status.FAILED)


def can_run_in(person: Any, village: Place) -> bool:
    return can_act_in_place(person, village, RUNNERS)


def can_run(person: Any, meeting: Meeting) -> bool:
    if (
        getattr(person, "pk", None) is not None
        and meeting.convener_id == person.pk
        and meeting.designated_by_id
    ):
        return True
    return can_run_in(person, meeting.village)


def is_resident_of(person: Any, village: Place) -> bool:
    if not getattr(person, "is_authenticated", False):
        return False
    return bool(
        sqlmemo.values(
            "meetings.is_resident_of", _residence, binds={"person": person.pk, "village": village.pk}
        )
    )


def _residence(person: int, village: int) -> QuerySet[HouseholdLink, Any]:
    # Compiled once per process (core.sqlmemo): every vote and every resident's view of a meeting asks.
    links = HouseholdLink.objects.filter(
        person_id=person, household__village_id=village, status=HouseholdLink.Status.CONFIRMED
    )
    return links.values("pk")[:1]


def can_view(person: Any, meeting: Meeting) -> bool:
    """Residents see a meeting once it is convened: a draft is not announced yet (their lists leave
    it out, and so does the meeting's own page)."""
    return (
        can_run(person, meeting)
        or can_read_place(person, meeting.village)
        or (meeting.status != Meeting.Status.DRAFT and is_resident_of(person, meeting.village))
    )


def can_designate(person: Any, village: Place) -> bool:
    return has_role(person, Role.COMMUNE_CHAIRMAN, unit_of(village)) or can_act_in_place(
        person, village, set()
    )


def can_run_election(person: Any, election: Election) -> bool:
    """A village's election: its runners; another electorate's: whom that electorate names."""
    electorate = electorate_of(election)
    if electorate is not None:
        return electorate.may_run(person, ref_of(election))
    return can_run_in(person, village_of(election))


def can_recognise(person: Any, election: Election) -> bool:
    """The village head: the commune chairman (Decree 59 Art. 8). Board members: the commune
    Fatherland Front committee (DOMAIN.md §4). Another electorate's: whom it names."""
    electorate = electorate_of(election)
    if electorate is not None:
        return electorate.may_recognise(person, ref_of(election))
    if election.office == Election.Office.VILLAGE_HEAD:
        return can_act_in_place(person, village_of(election), {Role.COMMUNE_CHAIRMAN})
    return is_front_of(person, village_of(election))


def can_view_election(person: Any, election: Election) -> bool:
    electorate = electorate_of(election)
    if electorate is not None:
        return electorate.may_view(person, ref_of(election))
    return (
        can_run_in(person, village_of(election))
        or can_read_place(person, village_of(election))
        or is_resident_of(person, village_of(election))
    )


def can_recognise_convention(person: Any, convention: Convention) -> bool:
    return can_act_in_place(person, convention.village, {Role.COMMUNE_CHAIRMAN})


def can_read_version(person: Any, version: ConventionVersion) -> bool:
    """Every version is public once it leaves the drafting table."""
    return version.status != ConventionVersion.Status.DRAFT or can_run_in(person, version.convention.village)


def version_for(person: Any, pk: Any, action: str = "meetings.read_convention") -> ConventionVersion:
    return get_for(
        person, ConventionVersion.objects.select_related("convention__village__parent"), action, pk=pk
    )


def meeting_for(person: Any, pk: Any, action: str = "meetings.view") -> Meeting:
    qs = Meeting.objects.select_related("village", "village__parent")
    return get_for(person, qs, action, memo="meetings.meeting_for", pk=pk)


def election_for(person: Any, pk: Any, action: str = "meetings.view_election") -> Election:
    """A village's election (the pages and API of meetings show those only)."""
    return get_for(
        person,
        Election.objects.filter(electorate="").select_related("village", "village__parent"),
        action,
        pk=pk,
    )


def electorate_election_for(
    person: Any, pk: Any, *, electorate: str, ref: int | None = None, action: str = "meetings.view_election"
) -> Election:
    """An election of another module's electorate (of the body `ref` when given); the rule asks the
    electorate. 404 for a village's election, another electorate's or another body's."""
    qs = Election.objects.filter(electorate=electorate)
    if ref is not None:
        qs = qs.filter(electorate_ref=ref)
    return get_for(person, qs, action, pk=pk)


def can_run_motion(person: Any, motion: Motion) -> bool:
    """A motion is run (opened, counted, closed) by whom its electorate names."""
    voters = ELECTORATES.get(motion.electorate) if motion.electorate in ELECTORATES else None
    return voters is not None and voters.may_run(person, motion.electorate_ref)


def can_view_motion(person: Any, motion: Motion) -> bool:
    """Read by whom its electorate lets see the body (its voters among them)."""
    voters = ELECTORATES.get(motion.electorate) if motion.electorate in ELECTORATES else None
    return voters is not None and voters.may_view(person, motion.electorate_ref)


def electorate_motion_for(
    person: Any, pk: Any, *, electorate: str, action: str = "meetings.view_motion"
) -> Motion:
    """A motion of this electorate, with its online votes counted (with_counts); 404 for another
    electorate's, a missing or a forbidden one."""
    return get_for(person, Motion.objects.filter(electorate=electorate).with_counts(), action, pk=pk)


def can_view_dismissal(person: Any, dismissal: Dismissal) -> bool:
    return (
        can_run_in(person, dismissal.village)
        or can_read_place(person, dismissal.village)
        or is_resident_of(person, dismissal.village)
    )


def is_front_of(person: Any, village: Place) -> bool:
    """Acts for the Fatherland Front committee of the village's commune."""
    return can_act_in_place(person, unit_of(village), {Role.FRONT_OFFICER})


def can_propose_dismissal(person: Any, village: Place, office: str) -> bool:
    """Recorded where the village's meeting is run (the request or proposal reaches the village head or
    the commune); a board member's also by the commune Front, which proposes their removal to the
    village that elected them (DOMAIN.md §6.1)."""
    if can_run_in(person, village):
        return True
    return office != Election.Office.VILLAGE_HEAD and is_front_of(person, village)


def proposal_villages(person: Any) -> QuerySet[Place]:
    """The villages where the person may record a dismissal proposal (of some office)."""
    communes = [p.pk for p in acting_places(person, {Role.FRONT_OFFICER}) if p.level == Level.COMMUNE]
    return (village_scope(person) | Place.objects.villages().filter(parent_id__in=communes)).distinct()


def can_decide_dismissal(person: Any, dismissal: Dismissal) -> bool:
    """The village head: the commune chairman (Decree 59 Art. 9; recognition, Art. 8). A board member:
    the commune Fatherland Front committee (Law Art. 15 item 5; DOMAIN.md §3.1, the same body that
    recognises their election, can_recognise)."""
    if dismissal.of_board:
        return is_front_of(person, dismissal.village)
    return can_act_in_place(person, dismissal.village, {Role.COMMUNE_CHAIRMAN})


def dismissal_for(person: Any, pk: Any, action: str = "meetings.view_dismissal") -> Dismissal:
    qs = Dismissal.objects.select_related("village", "village__parent", "item__meeting", "board", "holder")
    return get_for(person, qs, action, pk=pk)


def item_for(person: Any, pk: Any, action: str = "meetings.run_item") -> AgendaItem:
    qs = AgendaItem.objects.select_related("meeting__village__parent")
    return get_for(person, qs, action, memo="meetings.item_for", pk=pk)


def register() -> None:
    rule("meetings.run_item", lambda p, item: can_run(p, item.meeting), who=SIGNED_IN)
    rule("meetings.view_item", lambda p, item: can_view(p, item.meeting), who=SIGNED_IN)
    rule("meetings.view", can_view, who=SIGNED_IN)
    rule("meetings.run", can_run, who=SIGNED_IN)
    rule("meetings.convene", can_run_in, who=STAFF)
    rule("meetings.designate", can_designate, who=STAFF)
    rule("meetings.view_election", can_view_election, who=SIGNED_IN)
    rule("meetings.run_election", can_run_election, who=STAFF)
    rule("meetings.recognise", can_recognise, who=STAFF)
    rule("meetings.view_motion", can_view_motion, who=SIGNED_IN)
    rule("meetings.run_motion", can_run_motion, who=STAFF)
    rule("meetings.propose_dismissal", lambda p, v: can_run_in(p, v) or is_front_of(p, v), who=STAFF)
    rule("meetings.view_dismissal", can_view_dismissal, who=SIGNED_IN)
    rule("meetings.run_dismissal", lambda p, d: can_run_in(p, d.village), who=STAFF)
    rule("meetings.decide_dismissal", can_decide_dismissal, who=STAFF)
    rule("meetings.public", lambda p, obj: True, who=PUBLIC)
    rule("meetings.read_convention", can_read_version, who=PUBLIC)
    # A published tally (with every receipt counted) is public once the vote is tallied.
    rule("meetings.read_tally", lambda p, e: e.status in TALLIED, who=PUBLIC)
    rule("meetings.manage_convention", lambda p, v: can_run_in(p, v.convention.village), who=STAFF)
    rule("meetings.recognise_convention", lambda p, v: can_recognise_convention(p, v.convention), who=STAFF)
