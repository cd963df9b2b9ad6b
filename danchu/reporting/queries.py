"""Reads of the roll-ups: "indicator × place subtree × period × breakdown", for dashboards, exports,
the drafted report and the API.

Values are stored at the lowest place (village or commune) with their province and commune on the
row; a subtree is one indexed equality filter (province_id / commune_id) or a path prefix, and "the
places below" one GROUP BY on the same column.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum

from danchu.places.models import Level, Place
from danchu.places.queries import in_vietnamese_order

from .audience import is_approved_only
from .catalogue import get_indicator
from .formatting import change, figure, points_change
from .models import COMMUNE_GRAIN, LEAF, IndicatorValue, RefreshRun
from .periods import Period
from .registry import Indicator


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

    @property
    def text(self) -> str:
        return self.current.text(self.indicator.unit)

    @property
    def change_pct(self) -> float | None:
        if self.indicator.unit == "percent" or self.indicator.kind == "ratio":
            return None
        return change(self.current.value, self.previous.value)[0]

    @property
    def is_rate(self) -> bool:
        return self.indicator.unit == "percent" or self.indicator.kind == "ratio"

    @property
    def change_text(self) -> str:
        """A rate changes by percentage points; a count (also a count of units, "12/102 xã") by a
        percentage of last year's count."""
        if self.is_rate:
            return points_change(self.current.value, self.previous.value)
        return change(self.current.value, self.previous.value)[1]


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


def child_column(place: Place) -> str | None:
    """The column that names the place one level below `place` on a value row."""
    columns: dict[int, str] = {
        Level.COUNTRY: "province_id",
        Level.PROVINCE: "commune_id",
        Level.COMMUNE: "place_id",
    }
    return columns.get(place.level)


def children(place: Place) -> QuerySet[Place]:
    if place.level == Level.PROVINCE:
        # Communes directly or (before 1 July 2025) through a district: the table lists communes.
        return Place.objects.within(place).communes().current()
    return place.children.current()


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


def _rows(
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


def _units_total(ind: Indicator, place: Place, on: dt.date | None = None) -> int:
    """The denominator of a count of units: every unit of the level in the register within `place`
    on the period's last day (not the units that happened to report)."""
    level = ind.unit_level or Level.COMMUNE
    if place.level >= level:
        return 1 if place.level == level else 0
    units = Place.objects.within(place).filter(level=level).current(on)
    if ind.unit_kinds:
        units = units.filter(kind__in=ind.unit_kinds)
    return units.count()


def _leaf_codes(ind: Indicator) -> list[str]:
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
    code: str,
    ind: Indicator,
    place: Place,
    period: Period,
    key: str | None = "",
    cutoff: Period | None = None,
) -> QuerySet[IndicatorValue]:
    """The rows of a stock for `period`: those of its last (finished) month, and a value typed for a
    unit as of the period's end (a year's or its last quarter's form) — never an earlier quarter's."""
    last = last_month(period, cutoff)
    rows = _rows([code], place, period.start, last.end, key, None, grain(ind, place)).filter(
        period_end__gte=last.start
    )
    if cutoff is not None:
        rows = rows | _rows([code], place, period.start, period.end, key, None, grain(ind, place)).filter(
            period_type=period.type, period_start=period.start, period_end=period.end
        )
    return rows


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
    """Several indicators at once: one grouped query for all sums, one per count-of-units."""
    key = breakdown_key(breakdown)
    needed: dict[str, Indicator] = {}
    for ind in inds:
        for code in _leaf_codes(ind):
            leaf = ind if code == ind.code else get_indicator(code)
            if leaf is not None:
                needed[code] = leaf
    sums: dict[str, tuple[float | None, int]] = {}
    plain: dict[str, list[str]] = defaultdict(list)
    for c, i in needed.items():
        if i.stock:
            for row in (
                stock_rows(c, i, place, period, key, cutoff)
                .values("indicator")
                .annotate(s=Sum("value"), a=Avg("value"), n=Count("id"))
            ):
                sums[c] = (row["a"] if i.aggregation == "avg" else row["s"], row["n"])
        elif i.aggregation != "count_units":
            plain[grain(i, place)].append(c)
    for g, codes in plain.items():
        for row in (
            _rows(codes, place, period.start, period.end, key, cutoff, g)
            .values("indicator")
            .annotate(s=Sum("value"), a=Avg("value"), n=Count("id"))
        ):
            agg = needed[row["indicator"]].aggregation
            sums[row["indicator"]] = (row["a"] if agg == "avg" else row["s"], row["n"])
    results: dict[str, Result] = {}
    for code, leaf in needed.items():
        if leaf.aggregation == "count_units":
            rows = _rows([code], place, period.start, period.end, key, cutoff, grain(leaf, place))
            if leaf.unit_kinds:
                rows = rows.filter(place_id__in=Place.objects.filter(kind__in=leaf.unit_kinds).values("id"))
            hit = rows.values("place_id").annotate(s=Sum("value")).filter(s__gt=0).count()
            # Of every unit in the register on the period's last day, whoever reported; how many
            # reported is stated separately (completeness). Nothing reported: no figure, not "0/n".
            reported = rows.values("place_id").distinct().count()
            total = _units_total(leaf, place, period.end)
            if not reported or not total:
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
    last_cutoff = None
    if period.start <= today < period.end:  # type: ignore[operator]
        day_last_year = Period.custom(today, today).same_period_last_year().start  # type: ignore[arg-type]
        now = many(inds, place, period, cutoff=Period(period.start, today, period.type))  # type: ignore[arg-type]
        last_cutoff = Period(last.start, day_last_year, last.type)
    else:
        now = many(inds, place, period)
    across = ""
    if place.valid_from is not None and last.end < place.valid_from:
        from .reform import from_predecessors

        before, across = from_predecessors(inds, place, last, last_cutoff)
    else:
        before = many(inds, place, last, cutoff=last_cutoff)
    return [Figure(ind, now[ind.code], before[ind.code], across) for ind in inds]


def by_child(indicator: str | Indicator, place: Place, period: Period) -> list[tuple[Place, Result]]:
    """The value for each place one level below `place` (the drill-down table, the map)."""
    ind = indicator if isinstance(indicator, Indicator) else get_indicator(indicator)
    kids = in_vietnamese_order(children(place))
    column = child_column(place)
    if ind is None or column is None:
        return [(k, Result(None)) for k in kids]
    per: dict[str, dict[int, float]] = {}
    for code in _leaf_codes(ind):
        leaf = ind if code == ind.code else get_indicator(code)
        if leaf is None:
            continue
        if leaf.stock:
            rows = stock_rows(code, leaf, place, period)
        else:
            rows = _rows([code], place, period.start, period.end, grain=grain(leaf, place))
        if leaf.aggregation == "count_units":
            counted: dict[int, float] = defaultdict(float)
            for r in rows.values(column, "place_id").annotate(s=Sum("value")).filter(s__gt=0):
                counted[r[column]] += 1
            per[code] = dict(counted)
        else:
            agg = Avg("value") if leaf.aggregation == "avg" else Sum("value")
            per[code] = {r[column]: r["v"] for r in rows.values(column).annotate(v=agg)}
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


def breakdowns(indicator: str | Indicator, place: Place, period: Period) -> list[tuple[str, str, float]]:
    """(dimension, category, value) for every broken-down value of a summed indicator."""
    ind = indicator if isinstance(indicator, Indicator) else get_indicator(indicator)
    if ind is None or ind.kind != "computed" or not ind.breakdowns:
        return []
    rows = (
        _rows([ind.code], place, period.start, period.end, None, grain=grain(ind, place))
        .exclude(breakdown="")
        .values("breakdown")
        .annotate(v=Sum("value"))
        .order_by("breakdown")
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
    got = {
        r["period_start"]: r["v"]
        for r in _rows(_leaf_codes(ind), place, period.start, period.end, grain=grain(ind, place))
        .values("period_start")
        .annotate(v=agg)
    }
    if ind.kind == "reported":
        return [
            (Period(start, start, "custom").start.strftime("%m/%Y"), v) for start, v in sorted(got.items())
        ]
    return [(m.start.strftime("%m/%Y"), got.get(m.start)) for m in period.months()]


def units_by_value(indicator: str, place: Place, period: Period) -> dict[float, int]:
    """How many units (communes) had each value: "01 xã đạt 17 tiêu chí, 01 xã đạt 13 tiêu chí"."""
    counts: dict[float, int] = defaultdict(int)
    for r in _rows([indicator], place, period.start, period.end).values("place_id").annotate(v=Avg("value")):
        counts[round(r["v"])] += 1
    return dict(sorted(counts.items(), reverse=True))


def last_refresh() -> object | None:
    run = RefreshRun.last_finished()
    return run.finished_at if run else None


def unit_values(indicator: str, place: Place, period: Period) -> dict[int, float]:
    """The value of each lowest-level place within `place` (e.g. criteria met, commune by commune)."""
    ind = get_indicator(indicator)
    agg = Avg("value") if ind is not None and ind.aggregation == "avg" else Sum("value")
    return {
        r["place_id"]: r["v"]
        for r in _rows([indicator], place, period.start, period.end).values("place_id").annotate(v=agg)
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


# --- What waits for a committee (steering's "my page") ------------------------------------------------


@dataclass
class CommitteeReports:
    waiting: list[Any]  # submissions of the units below sent up for the committee's approval
    waiting_count: int
    drafts: list[Any]  # the latest version of each period's report, not yet signed


def committee_reports(place: Place, limit: int = 5) -> CommitteeReports:
    """What a committee of `place` has to do about reports: the forms sent up by the units below
    within its assignments (to approve or return), and its own drafted reports not yet signed."""
    from .models import DraftReport, Submission

    waiting = (
        Submission.objects.filter(
            status=Submission.Status.SUBMITTED,
            form__assignments__scope=place,
            place__path__startswith=place.path,
        )
        .exclude(place=place)
        .select_related("form", "place")
        .distinct()
        .order_by("due_date", "pk")
    )
    latest: dict[tuple[Any, Any], Any] = {}
    for report in DraftReport.objects.filter(place=place).order_by("-period_start", "-version")[:50]:
        latest.setdefault((report.period_start, report.period_end), report)
    drafts = [r for r in latest.values() if r.status != DraftReport.Status.SIGNED][:limit]
    return CommitteeReports(waiting=list(waiting[:limit]), waiting_count=waiting.count(), drafts=drafts)
