"""Reads of administrative-reform records: a unit's desks and figures, an area's totals for a year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, Sum

from danchu.core.text import vi_sort_key
from danchu.places.models import Level, Place

from .models import Centre, Department, Figure

FIRST_YEAR = 2015  # the first year the pages and the API offer


def centres_of(place: Place) -> list[Centre]:
    return list(Centre.objects.filter(place=place).order_by("opened_on"))


def departments_of(province: Place) -> list[Department]:
    return sorted(Department.objects.filter(province=province), key=lambda d: vi_sort_key(d.name))


def figures_of(place: Place, year: int) -> list[Figure]:
    """The unit's own figures of the year (a province's: its own and its departments')."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return list(
        Figure.objects.filter(place=place, start__gte=start, end__lte=end)
        .select_related("department")
        .order_by("department__name", "start")
    )


@dataclass
class FiguresTotal:
    """The total row of a unit's table: the dossier counts (flows, additive) added over its rows.

    `additive` is False when two rows of one unit (or department) cover overlapping periods — a year
    and its quarters: their sum would count the same dossiers twice, so no total is given. Online
    services offered are a stock at the end of each period, never added (no total in that column).
    """

    rows: int
    additive: bool
    received: int = 0
    received_online: int = 0
    resolved: int = 0
    resolved_on_time: int = 0


def _overlapping(figures: list[Figure]) -> bool:
    by_unit: dict[tuple[int, int | None], list[Figure]] = {}
    for f in figures:
        by_unit.setdefault((f.place_id, f.department_id), []).append(f)
    for rows in by_unit.values():
        rows = sorted(rows, key=lambda f: f.start)
        if any(b.start <= a.end for a, b in zip(rows, rows[1:], strict=False)):
            return True
    return False


def figures_total(figures: list[Figure]) -> FiguresTotal | None:
    """The total row of `figures` (a unit's table, see figures_of); None when there is no row."""
    if not figures:
        return None
    if _overlapping(figures):
        return FiguresTotal(rows=len(figures), additive=False)
    return FiguresTotal(
        rows=len(figures),
        additive=True,
        received=sum(f.received for f in figures),
        received_online=sum(f.received_online for f in figures),
        resolved=sum(f.resolved for f in figures),
        resolved_on_time=sum(f.resolved_on_time for f in figures),
    )


@dataclass
class Totals:
    received: int = 0
    resolved: int = 0
    resolved_on_time: int = 0
    received_online: int = 0
    communes: int = 0
    with_desk: int = 0


def area_totals(area: Place, year: int) -> Totals:
    """Every figure of the area within the year, added once; communes from the register on 31/12."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = Figure.objects.filter(place__path__startswith=area.path, start__gte=start, end__lte=end).aggregate(
        received=Sum("received"),
        resolved=Sum("resolved"),
        on_time=Sum("resolved_on_time"),
        online=Sum("received_online"),
    )
    communes = Place.objects.within(area, include_self=True).current(end).filter(level=Level.COMMUNE)
    with_desk = (
        Centre.objects.filter(place__in=communes, opened_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=end))
        .values("place")
        .distinct()
        .count()
    )
    return Totals(
        received=rows["received"] or 0,
        resolved=rows["resolved"] or 0,
        resolved_on_time=rows["on_time"] or 0,
        received_online=rows["online"] or 0,
        communes=communes.count(),
        with_desk=with_desk,
    )
