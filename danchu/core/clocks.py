"""Legal clocks follow the calendar: changing a day off or a make-up working day recomputes every open
item whose deadline it touches (issue #18).

Modules that store deadlines register a recompute hook with `register_clock(key, hook)` from the
`clocks` entry of their manifest (cases, oversight, meetings, disclosures). A calendar change — one
day added or removed by an administrator, or a year's official schedule entered — goes through the
services below, which write the DayOff rows, leave an audit entry, and call every hook with a
`CalendarChange` (the calendar before and after). Each hook moves its items' stored deadlines, writes
its own audit entry per item and tells each item's handler the old and the new date; closed items
keep their history (hooks look at open items only).

The kernel imports no module: hooks register themselves here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from .audit import audit, snapshot
from .calendar import Calendar, today
from .errors import DomainError
from .models import DayOff, HolidaySchedule
from .registry import Registry

DAY_OFF_FIELDS = ["date", "name", "is_working_day"]
# From this month on, the office home warns when next year's official schedule is missing.
SCHEDULE_WARNING_MONTH = 10


@dataclass(frozen=True)
class CalendarChange:
    """What changed (`days`), the calendar before (`old`) and after (`new`), who changed it."""

    days: frozenset[dt.date]
    old: Calendar
    new: Calendar
    actor: Any

    def touches(self, start: dt.date, end: dt.date | None) -> bool:
        """Whether a deadline counted from `start` could move: a changed day after `start`, up to
        `end` (the stored deadline) plus a margin for the days it may now have to run on."""
        last = (end or start) + dt.timedelta(days=60)
        return any(start < d <= last for d in self.days)


@dataclass(frozen=True)
class Moved:
    """One stored deadline the change moved."""

    module: str
    label: str
    old: dt.date | None
    new: dt.date | None


Hook = Callable[[CalendarChange], list[Moved]]
CLOCKS: Registry[Hook] = Registry("clocks")


def register_clock(key: str, hook: Hook) -> None:
    CLOCKS.register(key, hook)


def recompute(change: CalendarChange) -> list[Moved]:
    moved: list[Moved] = []
    for _key, hook in sorted(CLOCKS.items()):
        moved.extend(hook(change))
    return moved


def _patch_of(rows: Iterable[DayOff]) -> dict[dt.date, tuple[bool, str] | None]:
    return {row.date: (row.is_working_day, row.name) for row in rows}


def _apply(
    actor: Any, action: str, obj: Any, before: Any, after: Any, old: Calendar, days: set[dt.date]
) -> list[Moved]:
    change = CalendarChange(days=frozenset(days), old=old, new=Calendar(), actor=actor)
    # The calendar change first, then each moved item's own entry (written by its module's hook).
    audit(actor=actor, action=action, obj=obj, before=before, after=after)
    return recompute(change)


@transaction.atomic
def day_off_set(*, actor: Any, date: dt.date, name: str, is_working_day: bool = False) -> list[Moved]:
    """Add or change a day off (or, with `is_working_day`, a make-up working day) and move the
    deadlines it touches. Returns what moved."""
    name = (name or "").replace("\x00", "").strip()
    if not name:
        raise DomainError(_("Give the name of the day (e.g. the deciding document)."), code="name")
    if len(name) > 200:
        raise DomainError(_("The name is too long (200 characters at most)."), code="name")
    existing = DayOff.objects.select_for_update().filter(date=date).first()
    old = Calendar(patch={date: (existing.is_working_day, existing.name) if existing else None})
    before = snapshot(existing, DAY_OFF_FIELDS) if existing else None
    if existing is None:
        row = DayOff.objects.create(date=date, name=name, is_working_day=is_working_day)
    else:
        row = existing
        row.name, row.is_working_day = name, is_working_day
        row.save(update_fields=["name", "is_working_day"])
    action = "core.day_off_change" if existing else "core.day_off_add"
    return _apply(actor, action, row, before, snapshot(row, DAY_OFF_FIELDS), old, {date})


@transaction.atomic
def day_off_remove(*, actor: Any, date: dt.date) -> list[Moved]:
    """Remove an administrator's day off or make-up day; the day falls back to the package's view."""
    row = DayOff.objects.select_for_update().filter(date=date).first()
    if row is None:
        raise DomainError(_("There is no day off recorded on that date."), code="date", status=404)
    old = Calendar(patch={date: (row.is_working_day, row.name)})
    before = snapshot(row, DAY_OFF_FIELDS)
    audit_obj = DayOff(pk=row.pk, date=row.date, name=row.name, is_working_day=row.is_working_day)
    row.delete()
    return _apply(actor, "core.day_off_delete", audit_obj, before, None, old, {date})


@dataclass(frozen=True)
class ScheduleDay:
    date: dt.date
    name: str
    is_working_day: bool = False


@transaction.atomic
def schedule_record(
    *,
    actor: Any,
    year: int,
    document: str,
    decided_on: dt.date | None = None,
    days: list[ScheduleDay],
) -> tuple[HolidaySchedule, list[Moved]]:
    """Enter a year's official schedule (the Prime Minister's decision): its days off and make-up
    working days replace the administrator's earlier rows for that year, and the year stops being
    "projected". Deadlines the differences touch move."""
    document = (document or "").replace("\x00", "").strip()
    if not document:
        raise DomainError(_("Name the deciding document (number, date, issuer)."), code="document")
    if len(document) > 300:
        raise DomainError(_("The document name is too long (300 characters at most)."), code="document")
    if not 2000 <= year <= 2100:
        raise DomainError(_("The year is out of range."), code="year")
    seen: set[dt.date] = set()
    for day in days:
        if day.date.year != year:
            raise DomainError(
                _("%(date)s is not in %(year)s.") % {"date": day.date.strftime("%d/%m/%Y"), "year": year},
                code="days",
            )
        if day.date in seen:
            raise DomainError(
                _("%(date)s is listed twice.") % {"date": day.date.strftime("%d/%m/%Y")}, code="days"
            )
        if not day.name.strip() or len(day.name) > 200 or "\x00" in day.name:
            raise DomainError(_("Every day needs a name of at most 200 characters."), code="days")
        seen.add(day.date)
    previous = list(DayOff.objects.select_for_update().filter(date__year=year))
    old_patch: dict[dt.date, tuple[bool, str] | None] = {d: None for d in seen}
    old_patch.update(_patch_of(previous))
    old = Calendar(patch=old_patch)
    old._official = set(HolidaySchedule.objects.exclude(year=year).values_list("year", flat=True))
    schedule, created = HolidaySchedule.objects.update_or_create(
        year=year, defaults={"document": document, "decided_on": decided_on}
    )
    DayOff.objects.filter(date__year=year).delete()
    DayOff.objects.bulk_create(
        [DayOff(date=d.date, name=d.name.strip(), is_working_day=d.is_working_day) for d in days]
    )
    changed = {d.date for d in previous} | seen
    new_map = {d.date: (d.is_working_day, d.name.strip()) for d in days}
    changed = {d for d in changed if old_patch.get(d) != new_map.get(d)}
    moved = _apply(
        actor,
        "core.holiday_schedule_record" if created else "core.holiday_schedule_change",
        schedule,
        None,
        {"year": year, "document": document, "days": len(days)},
        old,
        changed,
    )
    return schedule, moved


def schedule_warning(on: dt.date | None = None) -> str:
    """From October, a warning when next year's official schedule is not entered yet; else ""."""
    on = on or today()
    if on.month < SCHEDULE_WARNING_MONTH:
        return ""
    nxt = on.year + 1
    if HolidaySchedule.objects.filter(year=nxt).exists():
        return ""
    return _(
        "The official holiday schedule for %(year)s has not been entered: deadlines in %(year)s are "
        "projected (dự kiến) until an administrator enters the Prime Minister's decision."
    ) % {"year": nxt}
