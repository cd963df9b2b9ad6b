"""Reads of new-rural records: the set in force, a unit's status, the figures of an area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet

from danchu.places.models import Level, Place, PlaceKind
from danchu.places.queries import in_vietnamese_order

from .models import COMMUNE_LEVELS, Assessment, CriteriaSet, Recognition, RuralLevel

RANK: dict[str, int] = {level.value: i for i, level in enumerate(COMMUNE_LEVELS, start=1)}


def set_in_force(year: int) -> CriteriaSet | None:
    """The issued set in force on the year's last day; when the next set is not issued yet, the last
    issued set goes on applying (the 2021–2025 set in 2026 until the 2026–2030 set is issued)."""
    last_day = dt.date(year, 12, 31)
    sets = list(CriteriaSet.objects.issued().filter(valid_from__lte=last_day).order_by("valid_from"))
    in_force = [s for s in sets if s.valid_on(last_day)]
    chosen = in_force or sets
    return chosen[-1] if chosen else None


def criteria_ids(criteria_set: CriteriaSet, level: str) -> list[int]:
    """The ids of the set's criteria of `level` (their number is what a commune may meet)."""
    return list(criteria_set.criteria.filter(level=level).values_list("pk", flat=True))


def existed_during(place: Place, start: dt.date, end: dt.date) -> bool:
    return (place.valid_from is None or place.valid_from <= end) and (
        place.valid_to is None or start <= place.valid_to
    )


def rural_communes(area: Place, on: dt.date) -> QuerySet[Place]:
    """The rural communes (xã, the units the programme is for; not wards, townships or special zones)
    of `area` on `on`: the register denominator of "x/y xã"."""
    return Place.objects.within(area, include_self=True).current(on).filter(kind=PlaceKind.COMMUNE)


def district_units(area: Place, on: dt.date) -> QuerySet[Place]:
    return Place.objects.within(area, include_self=True).current(on).filter(level=Level.DISTRICT)


def highest_levels(on: dt.date, places: QuerySet[Place] | None = None) -> dict[int, str]:
    """{place id: the highest commune level recognised and standing on `on`}."""
    rows = Recognition.objects.standing(on).filter(level__in=COMMUNE_LEVELS)
    if places is not None:
        rows = rows.filter(place__in=places)
    out: dict[int, str] = {}
    for place_id, level in rows.values_list("place_id", "level"):
        if RANK[level] > RANK.get(out.get(place_id, ""), 0):
            out[place_id] = level
    return out


def latest_assessments(year: int, places: QuerySet[Place] | None = None) -> dict[int, Assessment]:
    """{commune id: its latest new-rural (standard-level) assessment of `year` or before}."""
    rows = Assessment.objects.filter(year__lte=year, level=RuralLevel.STANDARD).order_by(
        "commune_id", "-year"
    )
    if places is not None:
        rows = rows.filter(commune__in=places)
    out: dict[int, Assessment] = {}
    for a in rows:
        out.setdefault(a.commune_id, a)
    return out


@dataclass
class AreaFigures:
    """The figures of an area for a year, as a committee writes them ("11/15 xã đạt chuẩn…")."""

    year: int
    communes: int = 0
    standard: int = 0
    advanced: int = 0
    model: int = 0
    districts: int = 0
    district_units: int = 0
    others: list[tuple[Place, int | None]] = field(default_factory=list)  # (commune, criteria met)


def area_figures(area: Place, year: int) -> AreaFigures:
    on = dt.date(year, 12, 31)
    communes = rural_communes(area, on)
    levels = highest_levels(on, communes)
    figures = AreaFigures(year=year, communes=len(communes))
    for level in levels.values():
        figures.standard += 1
        figures.advanced += RANK[level] >= RANK[RuralLevel.ADVANCED]
        figures.model += level == RuralLevel.MODEL
    assessed = latest_assessments(year, communes)
    figures.others = [
        (c, assessed[c.pk].met_count if c.pk in assessed else None)
        for c in in_vietnamese_order(communes)
        if c.pk not in levels
    ]
    figures.others.sort(key=lambda pair: -(pair[1] or 0))
    districts = district_units(area, on)
    figures.district_units = districts.count()
    figures.districts = (
        Recognition.objects.standing(on).filter(level=RuralLevel.DISTRICT, place__in=districts).count()
    )
    return figures


def unit_history(place: Place) -> tuple[list[Recognition], list[Assessment]]:
    recognitions = list(Recognition.objects.filter(place=place).order_by("recognised_on"))
    assessments = list(
        Assessment.objects.filter(commune=place)
        .select_related("criteria_set")
        .prefetch_related("criteria", "evidence")
        .order_by("-year", "level")
    )
    return recognitions, assessments
