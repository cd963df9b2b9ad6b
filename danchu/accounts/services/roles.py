"""Roles: granting and ending memberships (who holds which role where)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Level, Place

from .. import permissions
from ..models import Body, HouseholdLink, Membership, Role, User

MEMBERSHIP_FIELDS = ("person_id", "role", "place_id", "body_id", "title", "valid_from", "valid_to")

# Where each role is held: roles of a village, of a commune, or of any place (boards, committees).
VILLAGE_ROLES = frozenset({Role.VILLAGE_HEAD})
COMMUNE_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN})


# --- Roles ------------------------------------------------------------------------------------------


def _check_scope(role: str, place: Place | None, body: Body | None) -> Place | None:
    if body is not None and place is None:
        place = body.place
    if role in VILLAGE_ROLES and (place is None or place.level != Level.VILLAGE):
        raise DomainError(_("A village head is held in a village or residential group."), code="bad_scope")
    if role in COMMUNE_ROLES and (place is None or place.level != Level.COMMUNE):
        raise DomainError(_("This role is held in a commune-level unit."), code="bad_scope")
    if role != Role.ADMIN and place is None:
        raise DomainError(_("Choose the place where the role is held."), code="bad_scope")
    return place


@transaction.atomic
def membership_grant(
    *,
    actor: Any,
    person: User,
    role: str,
    place: Place | None = None,
    body: Body | None = None,
    title: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Membership:
    """Give `person` a role in a scope. Administrators give any role; a commune chairman gives the
    commune officer role in their commune and the village head role in its villages."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), code="bad_role")
    place = _check_scope(role, place, body)
    if not permissions.can_manage_role(actor, role, place):
        raise Forbidden(_("You may not give this role here."))
    existing = Membership.objects.active().filter(person=person, role=role, place=place, body=body)
    if existing.exists():
        raise Conflict(_("%(person)s already holds this role here.") % {"person": person})
    membership = Membership.objects.create(
        person=person,
        role=role,
        place=place,
        body=body,
        title=title,
        valid_from=valid_from or timezone.localdate(),
        valid_to=valid_to,
    )
    audit(
        actor=actor,
        action="accounts.membership_grant",
        obj=membership,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    permissions.forget(person)
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, on: dt.date | None = None) -> Membership:
    """End a role: it no longer counts from `on` (default today), so its last day is the day before."""
    if not permissions.can_manage_role(actor, membership.role, membership.place):
        raise Forbidden(_("You may not end this role."))
    on = on or timezone.localdate()
    last_day = on - dt.timedelta(days=1)
    if membership.valid_to is not None and membership.valid_to <= last_day:
        raise Conflict(_("This role has already ended."))
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.valid_to = last_day
    membership.save(update_fields=["valid_to"])
    audit(
        actor=actor,
        action="accounts.membership_end",
        obj=membership,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    permissions.forget(membership.person)
    return membership


def _ensure_resident_role(*, actor: Any, person: User, village: Place, role: str) -> None:
    if not Membership.objects.active().filter(person=person, role=role, place=village).exists():
        m = Membership.objects.create(
            person=person, role=role, place=village, valid_from=timezone.localdate()
        )
        audit(actor=actor, action="accounts.membership_grant", obj=m, after=snapshot(m, MEMBERSHIP_FIELDS))
        permissions.forget(person)


def _drop_resident_role(*, actor: Any, person: User, village: Place, role: str) -> None:
    """End the resident role in `village` once no confirmed link justifies it any more."""
    links = HouseholdLink.objects.confirmed().filter(person=person, household__village=village)
    if role == Role.HOUSEHOLD_REP:
        links = links.filter(as_representative=True)
    if links.exists():
        return
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    for m in Membership.objects.active().filter(person=person, role=role, place=village):
        before = snapshot(m, MEMBERSHIP_FIELDS)
        m.valid_to = yesterday
        m.save(update_fields=["valid_to"])
        audit(
            actor=actor,
            action="accounts.membership_end",
            obj=m,
            before=before,
            after=snapshot(m, MEMBERSHIP_FIELDS),
        )
    permissions.forget(person)
