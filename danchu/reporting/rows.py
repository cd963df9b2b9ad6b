"""The rows of the roll-up table that a read takes: "these indicators × this place's subtree × this
period × this breakdown", at the grain that answers it, for the public or for the staff
(audience.approved_only()). queries.py aggregates them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q, QuerySet

from danchu.places.models import Level, Place

from .audience import is_approved_only
from .models import COMMUNE_GRAIN, LEAF, IndicatorValue
from .periods import Period
from .registry import Indicator


def breakdown_key(breakdown: dict[str, str] | str | None) -> str:
    if not breakdown:
        return ""
    if isinstance(breakdown, str):
        return breakdown
    return "|".join(f"{k}={breakdown[k]}" for k in sorted(breakdown))


def subtree(place: Place) -> Q:
    if place.level == Level.PROVINCE:
        return Q(province_id=place.pk)
    if place.level == Level.COMMUNE:
        return Q(commune_id=place.pk)
    if place.level == Level.VILLAGE:
        return Q(place_id=place.pk)
    if place.level == Level.COUNTRY:
        return Q()
    return Q(path__startswith=place.path)


def grain(ind: Indicator | None, place: Place) -> str:
    """Above the commune, sums and counts of communes read the commune-grain rows (one per commune);
    averages and counts of villages need the leaf rows."""
    if ind is None or place.level >= Level.COMMUNE:
        return LEAF
    if ind.aggregation == "sum" or (
        ind.aggregation == "count_units" and (ind.unit_level or Level.COMMUNE) == Level.COMMUNE
    ):
        return COMMUNE_GRAIN
    return LEAF


def value_rows(
    codes: Iterable[str],
    place: Place,
    start: object,
    end: object,
    breakdown: str | None = "",
    cutoff: Period | None = None,
    grain: str = LEAF,
) -> QuerySet[IndicatorValue]:
    qs = IndicatorValue.objects.filter(
        subtree(place),
        indicator__in=list(codes),
        grain=grain,
        period_start__gte=start,
        period_start__lte=end,  # bounds the index range; period_end__lte does the real work
        period_end__lte=end,
    )
    if breakdown is not None:
        qs = qs.filter(breakdown=breakdown)
    if is_approved_only():
        qs = qs.filter(pending=False)
    if cutoff is not None:
        # A period still running is compared "to date": only the finished months and quarters (and
        # the values reported for the whole period itself), the same span for last year.
        qs = qs.filter(Q(period_end__lte=cutoff.end) | Q(period_type=cutoff.type, period_start=start))
    return qs


def units_total(ind: Indicator, place: Place, on: dt.date | None = None) -> int:
    """The denominator of a count of units: every unit of the level in the register within `place`
    on the period's last day (not the units that happened to report)."""
    level = ind.unit_level or Level.COMMUNE
    if place.level >= level:
        return 1 if place.level == level else 0
    units = Place.objects.within(place).filter(level=level).current(on)
    if ind.unit_kinds:
        units = units.filter(kind__in=ind.unit_kinds)
    return units.count()


def leaf_codes(ind: Indicator) -> list[str]:
    if ind.kind == "ratio":
        return [ind.numerator, ind.denominator]
    if ind.extra.get("terms"):
        return list(ind.extra["terms"])
    return [ind.code]


def last_month(period: Period, cutoff: Period | None = None) -> Period:
    """The month whose value a stock indicator takes for `period`: its last, or the last finished
    one when the period is still running."""
    end = cutoff.end if cutoff is not None else period.end
    month = Period.containing(end, "month")
    if month.end > end and month.start > period.start:
        month = month.previous()
    return month


def stock_rows(
    codes: list[str],
    at: str,
    place: Place,
    period: Period,
    key: str | None = "",
    cutoff: Period | None = None,
) -> QuerySet[IndicatorValue]:
    """The rows of stocks (kept at grain `at`) for `period`: those of its last (finished) month, and a value
    typed for a unit as of the period's end (a year's or its last quarter's form) — never an earlier quarter's."""
    last = last_month(period, cutoff)
    rows = value_rows(codes, place, period.start, last.end, key, None, at).filter(period_end__gte=last.start)
    if cutoff is not None:
        rows = rows | value_rows(codes, place, period.start, period.end, key, None, at).filter(
            period_type=period.type, period_start=period.start, period_end=period.end
        )
    return rows
