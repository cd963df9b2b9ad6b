"""A registered unit (its registration is `services.unit_register`): correcting its details (the
staff grew or shrank — what the unit must convene follows it, DOMAIN.md §7.1 —, a new head or union
chair, its staff now dispersed, a name typed wrong; its code, type and place stay: they are what
imports and reports know it by), and giving or ending the role of its representatives."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danchu.accounts.models import Membership, Role
from danchu.accounts.permissions import forget
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError

from .checks import clean
from .models import Ownership, Unit

FIELDS = ["employees", "ownership", "dispersed", "head_name", "union_chair_name", "address"]


@dataclass
class UnitEdit:
    name: str
    ownership: str
    employees: int
    dispersed: bool = False
    head_name: str = ""
    union_chair_name: str = ""
    address: str = ""


def unit_update(*, actor: Any, unit: Unit, data: UnitEdit) -> Unit:
    """The caller has checked the actor manages the unit (workplaces.manage). Audited with the
    fields before and after; nothing is written when nothing changed."""
    name = clean(data.name, label=_("Name"))
    if not name:
        raise DomainError(_("A unit needs a code and a name."))
    if any(ch.isspace() and ch != " " for ch in name):
        raise DomainError(_("A unit's code and name are written on one line."))
    if data.ownership not in Ownership.values:
        raise DomainError(_("Unknown ownership “%(o)s”.") % {"o": data.ownership})
    if data.employees < 0 or data.employees > 1_000_000:
        raise DomainError(_("The number of employees is not plausible."))
    values = {
        "employees": data.employees,
        "ownership": data.ownership,
        "dispersed": data.dispersed,
        "head_name": clean(data.head_name, limit=200, label=pgettext("workplace", "Head")),
        "union_chair_name": clean(data.union_chair_name, limit=200, label=_("Trade union chair")),
        "address": clean(data.address, label=_("Address")),
    }
    with transaction.atomic():
        unit = Unit.objects.select_for_update().select_related("body__place").get(pk=unit.pk)
        before = {"name": unit.body.name, **snapshot(unit, FIELDS)}
        changed = [f for f, v in values.items() if getattr(unit, f) != v]
        for f in changed:
            setattr(unit, f, values[f])
        if changed:
            unit.save(update_fields=changed)
        if name != unit.body.name:
            unit.body.name = name
            unit.body.save(update_fields=["name"])
            changed.append("name")
        if changed:
            audit(
                actor=actor,
                action="workplaces.unit_update",
                obj=unit,
                before=before,
                after={"name": unit.body.name, **snapshot(unit, FIELDS)},
            )
    return unit


# --- Representatives -------------------------------------------------------------------------------
# The role WORKPLACE_REP on the unit's Body: the head's and the trade union's representatives, who
# record the unit's regulation, conferences and dialogues. Given by those who register units at its
# place (accounts' own grant is the commune chairman's, for commune roles only).

ROLE_FIELDS = ["person_id", "role", "body_id", "title", "valid_from", "valid_to"]


def representative_add(*, actor: Any, unit: Unit, person: Any, title: str = "") -> Membership:
    """The caller has checked the actor gives the unit's roles (workplaces.manage_representatives)."""
    title = clean(title, limit=200, label=pgettext("job", "Title"))
    if not person.is_active:
        raise DomainError(_("This account is closed."), code="closed")
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=unit.pk).first()  # two clicks: one role
        active = Membership.objects.active().filter(person=person, role=Role.WORKPLACE_REP, body=unit.body)
        if active.exists():
            raise Conflict(_("%(person)s already represents this unit.") % {"person": person})
        m = Membership.objects.create(
            person=person,
            role=Role.WORKPLACE_REP,
            body=unit.body,
            place=unit.place,
            title=title,
            valid_from=timezone.localdate(),
        )
        audit(actor=actor, action="workplaces.representative_add", obj=m, after=snapshot(m, ROLE_FIELDS))
    forget(person)
    return m


def representative_end(*, actor: Any, membership: Membership) -> Membership:
    """From today the person no longer represents the unit (their last day was yesterday)."""
    with transaction.atomic():
        m = Membership.objects.select_for_update().get(pk=membership.pk)
        before = snapshot(m, ROLE_FIELDS)
        m.valid_to = timezone.localdate() - dt.timedelta(days=1)
        m.save(update_fields=["valid_to"])
        audit(
            actor=actor,
            action="workplaces.representative_end",
            obj=m,
            before=before,
            after=snapshot(m, ROLE_FIELDS),
        )
    forget(m.person)
    return m
