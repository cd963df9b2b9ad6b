"""Reads of the roll-ups: "indicator × place subtree × period × breakdown", for dashboards, exports,
the drafted report and the API.

Values are stored at the lowest place (village or commune) with their province and commune on the
row; a subtree is one indexed equality filter (province_id / commune_id) or a path prefix, and "the
places below" one GROUP BY on the same column.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property, partial
from typing import Any

from django.db.models import Avg, Count, QuerySet, Sum, Value

from danchu.core import sqlmemo
from danchu.places.models import Level, Place
from danchu.places.queries import in_vietnamese_order

from .catalogue import get_indicator
from .committee import CommitteeReports, committee_reports  # noqa: F401  (steering's my page)
from .formatting import change, figure, points_change
from .models import DraftReport, RefreshRun
from .periods import Period
from .registry import Indicator
from .rows import (
    UnitSpec,
    breakdown_key,
    grain,
    leaf_codes,
    memo_values,
    memo_wrapped,
    stock_rows,
    unit_spec,
    units_totals,
    value_rows,
)


@dataclass
class Result:
    value: float | None
    num: float | None = None  # ratios and counts of units: the two sides shown as "24/24 (100%)"
    den: float | None = None

    def text(self, unit: str = "count") -> str:
        return figure(self.value, unit=unit, num=self.num, den=self.den)


@dataclass
class Figure:
    indicator: Indicator
    current: Result
    previous: Result
    # A unit formed by the 2025 reorganisation compared with a period before it existed: see
    # reform.SHARES and reform.UNKNOWN_SHARES; "" otherwise.
    across_reform: str = ""

    @cached_property  # read several times by the page's template
    def text(self) -> str:
        return self.current.text(self.indicator.unit)

    @cached_property  # read several times by the page's template
    def change_pct(self) -> float | None:
        if self.indicator.unit == "percent" or self.indicator.kind == "ratio":
            return None
        return change(self.current.value, self.previous.value)[0]

    @cached_property  # read several times by the page's template
    def is_rate(self) -> bool:
        return self.indicator.unit == "percent" or self.indicator.kind == "ratio"

    @cached_property  # read several times by the page's template
    def change_text(self) -> str:
        """A rate changes by percentage points; a count (also a count of units, "12/102 xã") by a
        percentage of last year's count."""
        if self.is_rate:
            return points_change(self.current.value, self.previous.value)
        return change(self.current.value, self.previous.value)[1]


def child_column(place: Place) -> str | None:
    """The column that names the place one level below `place` on a value row."""
    columns: dict[int, str] = {
        Level.COUNTRY: "province_id",
        Level.PROVINCE: "commune_id",
        Level.COMMUNE: "place_id",
    }
    return columns.get(place.level)


# What the drill-down's readers use of a place below (its link, name, order, map position): a
# province's hundred communes are read on every dashboard view, and their other columns (official
# code, merge history, timestamps) cost a third of building the rows.
CHILD_FIELDS = ("code", "name", "name_folded", "kind", "level", "path", "parent", "latitude", "longitude")


def children(place: Place) -> list[Place]:
    """The places one level below `place` in the tables (the statement compiled once: core.sqlmemo)."""
    if place.level == Level.PROVINCE:
        # Communes directly or (before 1 July 2025) through a district: the table lists communes.
        return sqlmemo.objects(
            "reporting.children.communes",
            lambda path, on: (
                Place.objects.filter(path__startswith=path).communes().current(on).only(*CHILD_FIELDS)
            ),
            binds={"path": sqlmemo.Prefix(place.path), "on": dt.date.today()},
        )
    return sqlmemo.objects(
        "reporting.children",
        lambda parent, on: Place.objects.filter(parent_id=parent).current(on).only(*CHILD_FIELDS),
        binds={"parent": place.pk, "on": dt.date.today()},
    )


def values(
    indicator: str | Indicator, place: Place, period: Period, breakdown: dict[str, str] | str | None = None
) -> Result:
    """The value of an indicator for a place's subtree in a period (the query layer's one entry)."""
    ind = indicator if isinstance(indicator, Indicator) else get_indicator(indicator)
    if ind is None:
        return Result(None)
    return many([ind], place, period, breakdown)[ind.code]


def many(
    inds: list[Indicator],
    place: Place,
    period: Period,
    breakdown: dict[str, str] | str | None = None,
    cutoff: Period | None = None,
) -> dict[str, Result]:
    """Several indicators at once (see many_spans())."""
    return many_spans(inds, place, [(period, cutoff)], breakdown)[0]


def many_spans(
    inds: list[Indicator],
    place: Place,
    spans: list[tuple[Period, Period | None]],
    breakdown: dict[str, str] | str | None = None,
) -> list[dict[str, Result]]:
    """many() for periods that do not overlap, each with its cutoff (a period and the same one last
    year): the sums of every span and kind of read in one UNION ALL of grouped queries (COUNT(*), not
    of the id, so that the covering indexes answer), the counts of units in one more (_unit_counts)."""
    key = breakdown_key(breakdown)
    needed: dict[str, Indicator] = {}
    for ind in inds:
        for code in leaf_codes(ind):
            leaf = ind if code == ind.code else get_indicator(code)
            if leaf is not None:
                needed[code] = leaf
    plain: dict[tuple[bool, str], list[str]] = defaultdict(list)
    for c, i in needed.items():
        if i.aggregation != "count_units":
            plain[i.stock, grain(i, place)].append(c)
    groups = tuple((stock, g, tuple(codes)) for (stock, g), codes in plain.items())

    def union() -> QuerySet[Any]:
        parts = [
            (
                stock_rows(list(codes), g, place, p, key, cut)
                if stock
                else value_rows(codes, place, p.start, p.end, key, cut, g)
            )
            .values("indicator")
            .annotate(span=Value(n), s=Sum("value"), a=Avg("value"), n=Count("*"))
            for n, (p, cut) in enumerate(spans)
            for stock, g, codes in groups
        ]
        return parts[0].union(*parts[1:], all=True)

    sums: list[dict[str, tuple[float | None, int]]] = [{} for _ in spans]
    for row in memo_values(place, ("spans", tuple(spans), groups, key), union) if groups else []:
        agg = needed[row["indicator"]].aggregation
        sums[row["span"]][row["indicator"]] = (row["a"] if agg == "avg" else row["s"], row["n"])
    counted = _unit_counts(needed, place, spans, key)
    # The denominators of the counts of units that something was reported for, in one statement.
    totals = units_totals(
        (
            unit_spec(needed[code], p.end)
            for n, (p, _cut) in enumerate(spans)
            for code, (_hit, reported) in counted[n].items()
            if reported
        ),
        place,
    )
    return [_results(inds, needed, sums[n], counted[n], p, totals) for n, (p, _cut) in enumerate(spans)]


def _unit_counts(
    needed: dict[str, Indicator], place: Place, spans: list[tuple[Period, Period | None]], key: str
) -> list[dict[str, tuple[int, int]]]:
    """Of each count of units and span: the units whose value is above nothing, and the units that
    reported — every one in one statement (the sums per unit, UNION ALL, counted)."""
    alike: dict[tuple[str, tuple[str, ...]], list[str]] = defaultdict(list)  # read by the same query
    for code, leaf in needed.items():
        if leaf.aggregation == "count_units":
            alike[grain(leaf, place), tuple(leaf.unit_kinds or ())].append(code)
    shapes = tuple((at, kinds, tuple(codes)) for (at, kinds), codes in alike.items())

    def union() -> QuerySet[Any]:
        parts = []
        for n, (p, cut) in enumerate(spans):
            for at, kinds, codes in shapes:
                rows = value_rows(codes, place, p.start, p.end, key, cut, at)
                if kinds:
                    rows = rows.filter(place_id__in=Place.objects.filter(kind__in=kinds).values("id"))
                parts.append(rows.values("indicator", "place_id").annotate(span=Value(n), s=Sum("value")))
        return parts[0].union(*parts[1:], all=True)

    counted: list[dict[str, tuple[int, int]]] = [{} for _ in spans]
    if not shapes:
        return counted
    rows = memo_wrapped(
        place,
        ("unit_counts", tuple(spans), shapes, key),
        union,
        lambda sql: (
            "SELECT span, indicator, SUM(CASE WHEN s > 0 THEN 1 ELSE 0 END), COUNT(*) "
            f"FROM ({sql}) units GROUP BY span, indicator"
        ),
        keep=not any(kinds for _at, kinds, _codes in shapes),  # kinds: a read of the register too
    )
    for span, code, hit, reported in rows:
        counted[span][code] = (int(hit), int(reported))
    return counted


def _results(
    inds: list[Indicator],
    needed: dict[str, Indicator],
    sums: dict[str, tuple[float | None, int]],
    counted: dict[str, tuple[int, int]],
    period: Period,
    totals: dict[UnitSpec, int],
) -> dict[str, Result]:
    results: dict[str, Result] = {}
    for code, leaf in needed.items():
        if leaf.aggregation == "count_units":
            # Of every unit in the register on the period's last day, whoever reported; how many
            # reported is stated separately (completeness). Nothing reported: no figure, not "0/n".
            hit, reported = counted.get(code, (0, 0))
            total = totals.get(unit_spec(leaf, period.end), 0) if reported else 0
            if not total:
                results[code] = Result(None)
            else:
                results[code] = Result(float(hit), num=float(hit), den=float(total))
        else:
            results[code] = Result(sums[code][0] if code in sums else None)
    out: dict[str, Result] = {}
    for ind in inds:
        if ind.kind == "ratio":
            n, d = (
                results.get(ind.numerator, Result(None)).value,
                results.get(ind.denominator, Result(None)).value,
            )
            out[ind.code] = Result((n / d * 100) if n is not None and d else None, num=n, den=d)
        elif ind.extra.get("terms"):
            parts: list[float] = [
                v for c in ind.extra["terms"] if c in results and (v := results[c].value) is not None
            ]
            out[ind.code] = Result(sum(parts) if parts else None)
        else:
            out[ind.code] = results.get(ind.code, Result(None))
    return out


def figures(inds: list[Indicator], place: Place, period: Period, today: object = None) -> list[Figure]:
    """Key figures with the same period last year (to date, if the period is still running). For a
    unit formed by the 2025 reorganisation, last year is that of the units it was formed from
    (`reform.from_predecessors`), like with like."""
    from django.utils import timezone

    today = today or timezone.localdate()
    last = period.same_period_last_year()
    cutoff = last_cutoff = None
    if period.start <= today < period.end:  # type: ignore[operator]
        day_last_year = Period.custom(today, today).same_period_last_year().start  # type: ignore[arg-type]
        cutoff = Period(period.start, today, period.type)  # type: ignore[arg-type]
        last_cutoff = Period(last.start, day_last_year, last.type)
    across = ""
    if place.valid_from is not None and last.end < place.valid_from:
        from .reform import from_predecessors

        now = many(inds, place, period, cutoff=cutoff)
        before, across = from_predecessors(inds, place, last, last_cutoff)
    elif last.end < period.start:
        now, before = many_spans(inds, place, [(period, cutoff), (last, last_cutoff)])
    else:  # spans that overlap (a custom period longer than a year) cannot share one query
        now, before = many(inds, place, period, cutoff=cutoff), many(inds, place, last, cutoff=last_cutoff)
    return [Figure(ind, now[ind.code], before[ind.code], across) for ind in inds]


def by_child(indicator: str | Indicator, place: Place, period: Period) -> list[tuple[Place, Result]]:
    """The value for each place one level below `place` (the drill-down table, the map)."""
    ind = indicator if isinstance(indicator, Indicator) else get_indicator(indicator)
    kids = in_vietnamese_order(children(place))
    column = child_column(place)
    if ind is None or column is None:
        return [(k, Result(None)) for k in kids]
    per: dict[str, dict[int, float]] = {}
    for code in leaf_codes(ind):
        leaf = ind if code == ind.code else get_indicator(code)
        if leaf is None:
            continue
        key = ("by_child", code, leaf.stock, leaf.aggregation, grain(leaf, place), column, period)
        rows = memo_values(place, key, partial(_child_rows, leaf, place, period, column))
        if leaf.aggregation == "count_units":
            counted: dict[int, float] = defaultdict(float)
            for r in rows:
                counted[r[column]] += 1
            per[code] = dict(counted)
        else:
            per[code] = {r[column]: r["v"] for r in rows}
    out = []
    for k in kids:
        if ind.kind == "ratio":
            n, d = per.get(ind.numerator, {}).get(k.pk), per.get(ind.denominator, {}).get(k.pk)
            out.append((k, Result((n / d * 100) if n is not None and d else None, num=n, den=d)))
        elif ind.extra.get("terms"):
            parts = [per[c][k.pk] for c in ind.extra["terms"] if k.pk in per.get(c, {})]
            out.append((k, Result(sum(parts) if parts else None)))
        else:
            out.append((k, Result(per.get(ind.code, {}).get(k.pk))))
    return out


def _child_rows(leaf: Indicator, place: Place, period: Period, column: str) -> QuerySet[Any]:
    """by_child()'s read of one indicator: its value per place one level below (`column`)."""
    if leaf.stock:
        rows = stock_rows([leaf.code], grain(leaf, place), place, period)
    else:
        rows = value_rows([leaf.code], place, period.start, period.end, grain=grain(leaf, place))
    if leaf.aggregation == "count_units":
        return rows.values(column, "place_id").annotate(s=Sum("value")).filter(s__gt=0)
    return rows.values(column).annotate(v=Avg("value") if leaf.aggregation == "avg" else Sum("value"))


def breakdowns(indicator: str | Indicator, place: Place, period: Period) -> list[tuple[str, str, float]]:
    """(dimension, category, value) for every broken-down value of a summed indicator."""
    ind = indicator if isinstance(indicator, Indicator) else get_indicator(indicator)
    if ind is None or ind.kind != "computed" or not ind.breakdowns:
        return []
    rows = memo_values(
        place,
        ("breakdowns", ind.code, grain(ind, place), period),
        lambda: (
            value_rows([ind.code], place, period.start, period.end, None, grain=grain(ind, place))
            .exclude(breakdown="")
            .values("breakdown")
            .annotate(v=Sum("value"))
            .order_by("breakdown")
        ),
    )
    out = []
    for r in rows:
        dim, _, cat = r["breakdown"].partition("=")
        out.append((dim, cat, r["v"]))
    return out


def trend(indicator: str | Indicator, place: Place, period: Period) -> list[tuple[str, float | None]]:
    """Month by month (or reported period by period) values within `period`."""
    ind = indicator if isinstance(indicator, Indicator) else get_indicator(indicator)
    if ind is None or ind.kind == "ratio" or ind.aggregation == "count_units":
        return []
    agg = Avg("value") if ind.aggregation == "avg" else Sum("value")
    codes = leaf_codes(ind)
    rows = memo_values(
        place,
        ("trend", tuple(codes), ind.aggregation, grain(ind, place), period),
        lambda: (
            value_rows(codes, place, period.start, period.end, grain=grain(ind, place))
            .values("period_start")
            .annotate(v=agg)
        ),
    )
    got = {r["period_start"]: r["v"] for r in rows}
    if ind.kind == "reported":
        return [
            (Period(start, start, "custom").start.strftime("%m/%Y"), v) for start, v in sorted(got.items())
        ]
    return [(m.start.strftime("%m/%Y"), got.get(m.start)) for m in period.months()]


def units_by_value(indicator: str, place: Place, period: Period) -> dict[float, int]:
    """How many units (communes) had each value: "01 xã đạt 17 tiêu chí, 01 xã đạt 13 tiêu chí"."""
    counts: dict[float, int] = defaultdict(int)
    for r in (
        value_rows([indicator], place, period.start, period.end).values("place_id").annotate(v=Avg("value"))
    ):
        counts[round(r["v"])] += 1
    return dict(sorted(counts.items(), reverse=True))


def last_refresh() -> object | None:
    run = RefreshRun.last_finished()
    return run.finished_at if run else None


def recent_reports(place: Place, n: int = 5) -> list[DraftReport]:
    """The place's last drafted reports, newest first (the dashboard's list; compiled once)."""
    return sqlmemo.objects(
        ("reporting.recent_reports", n),
        lambda place: DraftReport.objects.filter(place_id=place).order_by("-created_at")[:n],
        binds={"place": place.pk},
    )


def signed_below(place: Place, n: int = 20) -> list[DraftReport]:
    """The reports signed by the places within `place` (not its own), latest signature first: what
    the level above reads of the levels below it. Each with its place (one statement)."""
    return list(
        DraftReport.objects.filter(status=DraftReport.Status.SIGNED, place__path__startswith=place.path)
        .exclude(place=place)
        .select_related("place")
        .order_by("-signed_at")[:n]
    )


def unit_values(indicator: str, place: Place, period: Period) -> dict[int, float]:
    """The value of each lowest-level place within `place` (e.g. criteria met, commune by commune)."""
    ind = get_indicator(indicator)
    agg = Avg("value") if ind is not None and ind.aggregation == "avg" else Sum("value")
    return {
        r["place_id"]: r["v"]
        for r in value_rows([indicator], place, period.start, period.end).values("place_id").annotate(v=agg)
    }


def units_by_kind(place: Place, on: dt.date) -> list[tuple[str, int]]:
    """Commune-level units within `place` on a day, by type: [("xã", 88), ("phường", 14)]."""
    from django.db.models import Count as C

    from danchu.places.models import PlaceKind

    labels = dict(PlaceKind.choices)
    rows = (
        Place.objects.within(place).communes().current(on).values("kind").annotate(n=C("id")).order_by("-n")
    )
    return [(str(labels.get(r["kind"], r["kind"])), r["n"]) for r in rows]
