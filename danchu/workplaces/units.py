"""Correcting a registered unit's details (its registration is `services.unit_register`): the staff
grew or shrank (what the unit must convene follows it, DOMAIN.md §7.1), a new head or union chair, its
staff now dispersed, a name typed wrong. Its code, type and place stay: they are what imports and
reports know it by."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danchu.core.audit import audit, snapshot
from danchu.core.errors import DomainError

from .models import Ownership, Unit
from .services import clean

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
