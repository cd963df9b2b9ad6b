"""Manifest entry `clocks`: a calendar change moves the due date of open on-event obligations (e.g. a
complaint decision to make public within 15 days, Nghị định 124/2020, Art. 29) whose stored date
followed the old calendar. Periodic obligations count from the end of their period without the
calendar and do not move."""

from __future__ import annotations

import datetime as dt

from django.db.models import F

from danchu.core.audit import audit
from danchu.core.calendar import DayType
from danchu.core.clocks import CalendarChange, Moved, register_clock

from . import categories
from .models import Obligation


def recompute_obligations(change: CalendarChange) -> list[Moved]:
    moved: list[Moved] = []
    first, last = min(change.days), max(change.days)
    rows = Obligation.objects.filter(
        met_on__isnull=True,
        period_start=F("period_end"),
        period_start__lte=last,
        due_on__gte=first - dt.timedelta(days=1),
    ).select_related("place")
    for ob in rows:
        cat = categories.get(ob.category)
        if cat is None:
            continue
        old = change.old.due_date(ob.period_start, cat.due_after_days, DayType.CALENDAR)
        new = change.new.due_date(ob.period_start, cat.due_after_days, DayType.CALENDAR)
        if ob.due_on != old or old == new:
            continue  # set by hand, or not touched
        ob.due_on = new
        ob.save(update_fields=["due_on"])
        audit(
            actor=change.actor,
            action="disclosures.obligation_recompute",
            obj=ob,
            before={"due_on": old},
            after={"due_on": new},
        )
        moved.append(Moved("disclosures", f"{ob.place.code} {ob.category} {ob.period_key}", old, new))
    return moved


def register() -> None:
    register_clock("disclosures", recompute_obligations)
