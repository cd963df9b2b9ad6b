"""Many workplace records written at once, for the imports (importing.py): each record checked first
by the same rules as its use case in services.py (checks.py), then what only the database can tell
(a code taken, a conference already recorded) for all of them in a few reads under the units' locks,
then every table written in batches with the same audit entries as one by one. One by one a unit
took 8 statements and a conference 18: a sheet of 1,000 conferences took 29 s on PostgreSQL, past a
web worker's 30 s at a fifth of the 5,000 rows a file may hold."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError
from django.utils.translation import gettext as _

from danchu.accounts.models import Body
from danchu.core.audit import audit_many, snapshot
from danchu.core.errors import Conflict

from .checks import (
    CONVENE_AUDIT,
    DIALOGUE_AUDIT,
    HOLD_AUDIT,
    HOLD_BEFORE,
    DialogueData,
    UnitData,
    conference_convened,
    dialogue_made,
    dialogue_rule,
    employee_side_min,
    held_check,
    rule_for,
)
from .models import Conference, Dialogue, Unit, UnitType

CHUNK = 500  # ids or codes per IN list (SQLite takes at most 999 parameters a statement)


def _chunks(values: list[Any]) -> list[list[Any]]:
    return [values[i : i + CHUNK] for i in range(0, len(values), CHUNK)]


# --- Units -----------------------------------------------------------------------------------------


def unit_taken(code: str) -> str:
    return _("A unit with the code %(c)s is already registered.") % {"c": code}


def units_conflicts(checked: list[tuple[int, UnitData]]) -> list[tuple[int, str]]:
    """The lines whose code is already registered, or given on an earlier line."""
    codes = [data.code for _line, data in checked]
    taken = {
        c
        for part in _chunks(sorted(set(codes)))
        for c in Unit.objects.filter(code__in=part).values_list("code", flat=True)
    }
    errors, seen = [], set()
    for line, data in checked:
        if data.code in taken or data.code in seen:
            errors.append((line, unit_taken(data.code)))
        seen.add(data.code)
    return errors


def units_register(actor: Any, datas: list[UnitData]) -> list[Unit]:
    """unit_register() for units already checked (`_check_unit`) and found free (`units_conflicts`)."""
    bodies = [
        Body(
            kind=Body.Kind.ENTERPRISE if d.unit_type == UnitType.ENTERPRISE else Body.Kind.AGENCY,
            name=d.name,
            place=d.place,
        )
        for d in datas
    ]
    Body.objects.bulk_create(bodies, batch_size=CHUNK)
    units = [
        Unit(
            body=body,
            code=d.code,
            unit_type=d.unit_type,
            ownership=d.ownership,
            employees=d.employees,
            dispersed=d.dispersed,
            head_name=d.head_name,
            union_chair_name=d.union_chair_name,
            address=d.address,
        )
        for body, d in zip(bodies, datas, strict=True)
    ]
    try:
        Unit.objects.bulk_create(units, batch_size=CHUNK)
    except IntegrityError:  # a code registered by a concurrent request since the check
        raise Conflict(_("A unit with one of these codes was registered meanwhile.")) from None
    audit_many(
        {"actor": actor, "action": "workplaces.unit_register", "obj": u, "after": snapshot(u)} for u in units
    )
    return units


# --- Conferences and dialogues ---------------------------------------------------------------------


@dataclass
class Held:
    """A conference convened and held on the same day (an activity typed up from a paper report)."""

    conference: Conference
    before: dict[str, Any]  # conference_hold()'s `before`: the conference as convened


class Rules:
    """The rules in force, read once per kind and date for the whole file."""

    def __init__(self) -> None:
        self.conference: Callable[[str, dt.date], Any] = functools.cache(rule_for)
        self.dialogue: Callable[[dt.date], Any] = functools.cache(dialogue_rule)
        self.side_min: Callable[[int], int] = functools.cache(employee_side_min)


def conference_held(
    actor: Any, rules: Rules, unit: Unit, *, day: dt.date, convened: int, present: int
) -> Held:
    """What conference_convene() then conference_hold() record, checked by their rules, not saved."""
    conf = conference_convened(
        unit,
        actor=actor,
        year=day.year,
        planned_on=day,
        delegates_convened=convened,
        rule_of=rules.conference,
    )
    before = snapshot(conf, HOLD_BEFORE)
    held_check(conf, held_on=day, delegates_present=present)  # a new conference has no delegate listed
    conf.held_on, conf.delegates_present, conf.contents_done = day, present, []
    conf.status = Conference.Status.HELD
    return Held(conf, before)


def dialogue_checked(actor: Any, rules: Rules, unit: Unit, data: DialogueData) -> Dialogue:
    """What dialogue_record() records, checked by its rules, not saved."""
    return dialogue_made(unit, data, actor=actor, rule_of=rules.dialogue, side_min=rules.side_min)


def activities_conflicts(checked: list[tuple[int, Held | Dialogue]]) -> list[tuple[int, str]]:
    """The lines of a conference its unit has already recorded for the year (or an earlier line
    has), read under the units' locks as conference_convene() reads one."""
    held = [(line, r.conference) for line, r in checked if isinstance(r, Held)]
    ids = sorted({c.unit_id for _line, c in held})
    recorded: set[tuple[int, str, int]] = set()
    for part in _chunks(ids):
        list(Unit.objects.select_for_update().filter(pk__in=part).values_list("pk"))
        recorded.update(
            Conference.objects.filter(unit_id__in=part, extraordinary=False).values_list(
                "unit_id", "kind", "year"
            )
        )
    errors = []
    for line, c in held:
        key = (c.unit_id, c.kind, c.year)
        if key in recorded:
            errors.append((line, _("This unit's conference for %(y)d is already recorded.") % {"y": c.year}))
        recorded.add(key)
    return errors


def activities_record(actor: Any, records: list[Held | Dialogue]) -> None:
    conferences = [r.conference for r in records if isinstance(r, Held)]
    Conference.objects.bulk_create(conferences, batch_size=CHUNK)
    Dialogue.objects.bulk_create([r for r in records if isinstance(r, Dialogue)], batch_size=CHUNK)
    entries: list[dict[str, Any]] = []
    for r in records:  # in the file's order, as one by one
        if isinstance(r, Held):
            c = r.conference
            entries.append(
                {
                    "actor": actor,
                    "action": "workplaces.conference_convene",
                    "obj": c,
                    "after": snapshot(c, CONVENE_AUDIT),
                }
            )
            entries.append(
                {
                    "actor": actor,
                    "action": "workplaces.conference_hold",
                    "obj": c,
                    "before": r.before,
                    "after": snapshot(c, HOLD_AUDIT),
                }
            )
        else:
            entries.append(
                {
                    "actor": actor,
                    "action": "workplaces.dialogue_record",
                    "obj": r,
                    "after": snapshot(r, DIALOGUE_AUDIT),
                }
            )
    audit_many(entries)
