"""Who may do what with agencies and enterprises.

- the unit's representatives (role WORKPLACE_REP on the unit's Body: the head's and the trade
  union's) record their unit's regulation, conferences and dialogues;
- commune staff and steering committee members register units of their own place and record for them;
- those who register and record for units read the units of their place and below: commune staff
  and steering committee members (a province's steering committee reads its province's units). Other
  staff of the place (the commune's People's Inspection Board, the Front, a village head, a
  supervision board) have no need to read an agency's or an enterprise's internal records;
- a delegate listed at a conference (to vote online) reads that conference, its resolutions and its
  elections: nothing else of the unit;
- the members of the unit's People's Inspection Board (role UNIT_INSPECTION_MEMBER on the unit's
  Body, not staff) read their own unit's records, to supervise its democracy regulation: nothing of
  another unit or of the place. The reading rules are gated "signed in" for them; the predicate is
  the check.
"""

from __future__ import annotations

from typing import Any

from danchu.accounts.models import Role
from danchu.accounts.permissions import COMMUNE_STAFF, can_act_in_place, can_read_place, memberships
from danchu.core.access import SIGNED_IN, get_for, rule
from danchu.places.models import Place

from .models import Conference, Delegate, RegulationVersion, Unit

REGISTRARS = COMMUNE_STAFF | {Role.STEERING_MEMBER}
# Staff who read every unit of their place: those who register units and record for them (need to
# know). Not a unit's representative (they see their own unit), nor the commune's inspection or
# supervision boards, the Front or a village head: a unit's dialogues, minutes and regulation are its
# own, supervised by its own People's Inspection Board and by the steering committee.
READERS = REGISTRARS | {Role.ADMIN}


def is_representative(person: Any, unit: Unit) -> bool:
    return any(m.role == Role.WORKPLACE_REP and m.body_id == unit.body_id for m in memberships(person))


def represented_units(person: Any) -> list[int]:
    """The Body ids of the units the person represents."""
    return [m.body_id for m in memberships(person) if m.role == Role.WORKPLACE_REP and m.body_id]


def sits_on_board_of(person: Any, unit: Unit) -> bool:
    """A member of the unit's own People's Inspection Board."""
    return any(
        m.role == Role.UNIT_INSPECTION_MEMBER and m.body_id == unit.body_id for m in memberships(person)
    )


def can_view(person: Any, unit: Unit) -> bool:
    return (
        is_representative(person, unit)
        or sits_on_board_of(person, unit)
        or can_read_place(person, unit.place, READERS)
    )


def is_delegate(person: Any, conference: Conference) -> bool:
    """Listed at the conference as a delegate who votes online."""
    if not getattr(person, "is_authenticated", False):
        return False
    return Delegate.objects.filter(conference=conference, person=person).exists()


def can_view_conference(person: Any, conference: Conference) -> bool:
    """Those who read the unit, and the conference's own delegates (the links of their resolutions
    and elections lead here, and the minutes are theirs)."""
    return can_view(person, conference.unit) or is_delegate(person, conference)


def can_manage(person: Any, unit: Unit) -> bool:
    return is_representative(person, unit) or can_act_in_place(person, unit.place, REGISTRARS)


def can_register(person: Any, place: Place | None) -> bool:
    """Register or import units at `place` (None: anywhere the person registers)."""
    if place is None:
        from danchu.accounts.permissions import acting_places

        return bool(acting_places(person, REGISTRARS))
    return can_act_in_place(person, place, REGISTRARS)


def unit_for(person: Any, pk: Any, action: str = "workplaces.view") -> Unit:
    return get_for(
        person, Unit.objects.select_related("body__place"), action, memo="workplaces.unit_for", pk=pk
    )


def regulation_for(person: Any, pk: Any) -> RegulationVersion:
    """A version of a unit's regulation, if the person reads the unit."""
    qs = RegulationVersion.objects.select_related("unit__body__place")
    return get_for(person, qs, "workplaces.view", subject=lambda v: v.unit, pk=pk)


def conference_for(person: Any, pk: Any, action: str = "workplaces.view_conference") -> Conference:
    qs = Conference.objects.select_related("unit__body__place", "rule")
    return get_for(person, qs, action, memo="workplaces.conference_for", pk=pk)


def election_for(person: Any, pk: Any, action: str = "meetings.view_election") -> Any:
    """An election held at a conference (meetings' getter and rules, which ask the conference's
    electorate: its unit's managers run it, its delegates vote); 404 for a village's election."""
    from danchu.meetings.permissions import electorate_election_for

    from .elections import ELECTORATE

    return electorate_election_for(person, pk, electorate=ELECTORATE, action=action)


def resolution_for(person: Any, pk: Any, action: str = "meetings.view_motion") -> Any:
    """A resolution put to a conference's vote (meetings' motion; its rules ask the conference's
    electorate: its unit's managers run it, its delegates vote); 404 for another electorate's."""
    from danchu.meetings.permissions import electorate_motion_for

    from .elections import ELECTORATE

    return electorate_motion_for(person, pk, electorate=ELECTORATE, action=action)


def can_appoint(person: Any, unit: Unit) -> bool:
    """Give or end the role of the unit's representatives: those who register units at its place."""
    return can_act_in_place(person, unit.place, REGISTRARS)


def representative_for(person: Any, unit: Unit, pk: Any) -> Any:
    """A serving representative of the unit, if the person gives the unit's roles (404 otherwise,
    and for another unit's)."""
    from danchu.accounts.models import Membership

    qs = Membership.objects.active().filter(role=Role.WORKPLACE_REP, body=unit.body).select_related("person")
    return get_for(person, qs, "workplaces.appoint", subject=lambda _: unit, pk=pk)


def bright_spot_for(person: Any, unit: Unit, pk: Any, action: str = "workplaces.manage") -> Any:
    """A bright spot the unit proposed, if the person may `action` the unit."""
    from danchu.steering.models import BrightSpot

    return get_for(person, BrightSpot.objects.filter(body=unit.body), action, subject=lambda _: unit, pk=pk)


def register() -> None:
    rule("workplaces.view", can_view, who=SIGNED_IN)
    rule("workplaces.manage", can_manage)
    rule("workplaces.register", can_register)
    rule("workplaces.appoint", can_appoint)
    rule("workplaces.view_conference", can_view_conference, who=SIGNED_IN)
    rule("workplaces.manage_conference", lambda person, c: can_manage(person, c.unit))
    from .elections import register as register_electorate  # it builds on this module

    register_electorate()
