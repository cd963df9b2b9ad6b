"""The rows of the roll-up table that a read takes: "these indicators × this place's subtree × this
period × this breakdown", at the grain that answers it, for the public or for the staff
(audience.approved_only()). queries.py aggregates them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from danchu.core import sqlmemo
from danchu.core.models import in_force_on
from danchu.places.models import Level, Place

from .audience import is_approved_only
from .models import COMMUNE_GRAIN, LEAF, IndicatorValue, RollupVersion, rollup_scope
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


def _memo_key(place: Place, key: Hashable) -> Hashable:
    # What every read of the roll-ups depends on besides its arguments: the place as subtree() reads
    # it, and the audience (public reads leave unapproved values out).
    return (place.pk, place.level, place.path, is_approved_only(), key)


def memo_values(place: Place, key: Hashable, build: Callable[[], QuerySet[Any]]) -> list[dict[str, Any]]:
    """The rows of a values() read of the roll-ups, its SQL compiled once per process (core.sqlmemo).
    `key` names the read and its arguments; _memo_key() adds the place and the audience. The rows are
    kept under the version of the place's province in the roll-ups (RollupVersion, changed by every
    write within it) for at most ROLLUP_READS_SECONDS: a dashboard opened again before the next write
    to its province runs no roll-up statement. Only for reads of the roll-up table alone, within
    subtree(place): no other table changes that version."""
    return sqlmemo.values(
        _memo_key(place, key), build, version=_version(place), seconds=settings.ROLLUP_READS_SECONDS
    )


def _version(place: Place) -> Callable[[str], Hashable]:
    return RollupVersion.of(rollup_scope(place.path))


def memo_wrapped(
    place: Place,
    key: Hashable,
    build: Callable[[], QuerySet[Any]],
    wrap: Callable[[str], str],
    *,
    keep: bool = True,
) -> tuple[tuple[Any, ...], ...]:
    """memo_values() for a read wrapped in a statement of one's own (core.sqlmemo.wrapped); `keep`
    False when the read also reads another table (the rows are read every time)."""
    return sqlmemo.wrapped(
        _memo_key(place, key),
        build,
        wrap,
        version=_version(place) if keep else None,
        seconds=settings.ROLLUP_READS_SECONDS,
    )


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


UnitSpec = tuple[int, tuple[str, ...], dt.date]  # level, kinds (all if empty), the day


def unit_spec(ind: Indicator, on: dt.date) -> UnitSpec:
    return (ind.unit_level or Level.COMMUNE, tuple(ind.unit_kinds or ()), on)


def units_totals(specs: Iterable[UnitSpec], place: Place) -> dict[UnitSpec, int]:
    """The denominators of counts of units: for each (level, kinds, day), every unit of the level (and
    kinds) in the register within `place` on that day (not the units that happened to report) — all
    in one statement."""
    fixed: dict[UnitSpec, int] = {}
    counts: dict[str, Count] = {}
    names: dict[UnitSpec, str] = {}
    for spec in dict.fromkeys(specs):
        level, kinds, on = spec
        if place.level >= level:
            fixed[spec] = 1 if place.level == level else 0
            continue
        only = Q(level=level) & in_force_on(on) & (Q(kind__in=kinds) if kinds else Q())
        names[spec] = f"n{len(counts)}"
        counts[names[spec]] = Count("id", filter=only)
    if not counts:
        return fixed
    levels = sorted({spec[0] for spec in names})
    # The register of places, not the roll-ups: compiled once, read every time (no version).
    per_level = sqlmemo.values(
        _memo_key(place, ("units_totals", tuple(names))),
        lambda: Place.objects.within(place).filter(level__in=levels).values("level").annotate(**counts),
    )
    got = {name: sum(row[name] for row in per_level) for name in counts}
    return {**fixed, **{spec: got[name] for spec, name in names.items()}}


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
