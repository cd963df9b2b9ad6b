"""Refreshing the pre-aggregated values (IndicatorValue) from the modules' compute functions and
from the submitted report forms. Run by huey (periodic and on demand) and by the demo."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import router, transaction
from django.utils import timezone

from danchu.places.models import Level, Place

from . import setwise
from .grouping import Grouped, RawGrouped
from .models import LEAF, IndicatorValue, RefreshRun, ReportedValue, RollupVersion, Submission
from .periods import Period, PeriodType
from .registry import INDICATORS, Indicator
from .rows import breakdown_key

log = logging.getLogger(__name__)


class Ancestry:
    """Place id -> (level, path, province id, commune id), loaded for the ids a refresh meets."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[int, str, int | None, int | None]] = {}
        self._by_code: dict[str, int] = {}

    def load(self, ids: Iterable[int]) -> None:
        missing = [i for i in set(ids) if i not in self._known]
        if not missing:
            return
        places = []
        for chunk in range(0, len(missing), 5000):
            places += list(
                Place.objects.filter(pk__in=missing[chunk : chunk + 5000]).values(
                    "id", "level", "path", "code"
                )
            )
        codes = {c for p in places for c in p["path"].strip("/").split("/")} - set(self._by_code)
        codes_list = list(codes)
        for chunk in range(0, len(codes_list), 5000):
            for row in Place.objects.filter(code__in=codes_list[chunk : chunk + 5000]).values(
                "id", "code", "level"
            ):
                self._by_code[row["code"]] = row["id"]
                self._by_code[f"level:{row['code']}"] = row["level"]
        for p in places:
            province = commune = None
            for code in p["path"].strip("/").split("/"):
                level = self._by_code.get(f"level:{code}")
                if level == Level.PROVINCE:
                    province = self._by_code[code]
                elif level == Level.COMMUNE:
                    commune = self._by_code[code]
            self._known[p["id"]] = (p["level"], p["path"], province, commune)

    def get(self, place_id: int) -> tuple[int, str, int | None, int | None] | None:
        return self._known.get(place_id)


def _collapse(
    ind: Indicator, rows: Iterable[tuple[int, dict[str, str], float]]
) -> dict[tuple[int, str], float]:
    """Sum the compute function's rows into totals and one marginal per breakdown dimension."""
    totals: dict[int, float] = defaultdict(float)
    first_dim: dict[int, float] = defaultdict(float)
    other: dict[int, float] = defaultdict(float)
    has_total: set[int] = set()
    marg: dict[tuple[int, str], float] = defaultdict(float)
    first = ind.breakdowns[0] if ind.breakdowns else None
    for place_id, breakdown, value in rows:
        value = float(value or 0)
        if not breakdown:
            totals[place_id] += value
            has_total.add(place_id)
            continue
        for dim, cat in breakdown.items():
            marg[(place_id, breakdown_key({dim: str(cat)}))] += value
        if first and first in breakdown:
            first_dim[place_id] += value
        else:
            other[place_id] += value
    out: dict[tuple[int, str], float] = dict(marg)
    for pid in set(totals) | set(first_dim) | set(other):
        if pid in has_total:
            out[(pid, "")] = totals[pid]
        else:
            out[(pid, "")] = first_dim[pid] if pid in first_dim else other[pid]
    return out


def _store(
    ind_code: str,
    period: Period,
    cells: dict[tuple[int, str], float],
    anc: Ancestry,
    now: dt.datetime,
    pending: bool = False,
) -> int:
    anc.load(pid for pid, _ in cells)
    objs = []
    for (pid, key), value in cells.items():
        info = anc.get(pid)
        if info is None:
            continue
        level, path, province, commune = info
        objs.append(
            IndicatorValue(
                indicator=ind_code,
                place_id=pid,
                level=level,
                path=path,
                province_id=province,
                commune_id=commune,
                period_type=period.type,
                period_start=period.start,
                period_end=period.end,
                breakdown=key,
                value=value,
                refreshed_at=now,
                pending=pending,
            )
        )
    IndicatorValue.objects.bulk_create(objs, batch_size=2000)
    return len(objs)


def rebuild_commune_grain(
    codes: list[str],
    period: Period,
    commune_ids: Iterable[int] | None = None,
    above_ids: Iterable[int] | None = None,
    *,
    bump: bool = True,
) -> int:
    """Recompute the commune-grain rows (each commune's whole subtree) from the leaf rows.

    A value recorded above the communes (a pre-2025 district, the province, a province-level body
    such as a department or the provincial Front) has no commune: it is copied into the grain as it
    is, so that every level above it adds it exactly once (it used to be dropped from the province's
    figures). ``commune_ids``/``above_ids`` limit the rebuild to those places (both None: all). What
    was read within their provinces is read again (`bump` False: the caller's write says so)."""

    def scope(ids: list[int]) -> tuple[str, list[Any]] | None:
        return (", ".join(["%s"] * len(ids)), ids) if ids else None

    using = router.db_for_write(IndicatorValue)
    if commune_ids is None and above_ids is None:
        deleted, written = setwise.rebuild_grain(codes, period, None, None, now=timezone.now(), using=using)
        if bump and (deleted or written):
            RollupVersion.bump(using)
        return written
    listed_communes, listed_above = list(commune_ids or []), list(above_ids or [])
    communes, above = scope(listed_communes), scope(listed_above)
    if communes is None and above is None:
        return 0
    deleted, written = setwise.rebuild_grain(codes, period, communes, above, now=timezone.now(), using=using)
    if bump and (deleted or written):
        paths = (
            Place.objects.using(using)
            .filter(pk__in=[*listed_communes, *listed_above])
            .values_list("path", flat=True)
        )
        RollupVersion.bump_paths(paths, using)
    return written


def refresh_computed(*, period: Period, codes: Iterable[str] | None = None, setwise_ok: bool = True) -> int:
    """Recompute the monthly values of computed indicators for every month of `period`: inside the
    database where the compute function returns a grouped query (setwise.py: only the cells that
    changed are written), else from its rows in Python. ``setwise_ok=False``: Python for every one."""
    wanted = set(codes) if codes is not None else None
    using = router.db_for_write(IndicatorValue)
    anc = Ancestry()
    now = timezone.now()
    count = 0
    months = list(period.months())
    todo = [i for i in INDICATORS.of_kind("computed") if wanted is None or i.code in wanted]
    # The indicator-months that hold rows now, read once when a Python-path month computes nothing:
    # one with no rows has nothing to delete or rebuild (most indicators of a quiet commune).
    stored: set[tuple[str, dt.date]] | None = None
    for ind in todo:
        for month in months:
            if not ind.overlaps(month.start, month.end) or ind.compute is None:
                continue
            try:
                result = ind.compute(start=month.start, end=month.end)
                select = (
                    result.select(using) if setwise_ok and isinstance(result, Grouped | RawGrouped) else None
                )
                rows = [] if select is not None else list(result)
            except Exception:  # a module's bug must not stop the others' roll-ups
                log.exception("indicator %s failed for %s", ind.code, month.code)
                continue
            if select is not None:
                try:
                    with transaction.atomic(using=using):
                        count += setwise.refresh_month(ind, month, select, now=now, using=using)
                except Exception:
                    log.exception("indicator %s failed for %s", ind.code, month.code)
                continue
            cells = _collapse(ind, rows)
            if not cells:
                if stored is None:
                    stored = _stored([i.code for i in todo], months)
                if (ind.code, month.start) not in stored:
                    continue
            with transaction.atomic():
                IndicatorValue.objects.filter(
                    indicator=ind.code, period_type=PeriodType.MONTH, period_start=month.start
                ).delete()
                count += _store(ind.code, month, cells, anc, now)
                count += rebuild_commune_grain([ind.code], month, bump=False)
                RollupVersion.bump(using)
        if ind.typed:
            count += _typed_again(ind, period, anc)
    return count


def _stored(codes: list[str], months: list[Period]) -> set[tuple[str, dt.date]]:
    return set(
        IndicatorValue.objects.filter(
            indicator__in=codes, period_type=PeriodType.MONTH, period_start__in=[m.start for m in months]
        )
        .values_list("indicator", "period_start")
        .distinct()
    )


def refresh_submission(submission: Submission, anc: Ancestry | None = None) -> int:
    """Copy one submission's values into the roll-ups (or remove them if it no longer counts)."""
    anc = anc or Ancestry()
    codes = list(submission.form.elements.values_list("code", flat=True))
    period = submission.period
    with transaction.atomic():
        deleted, _ = IndicatorValue.objects.filter(
            indicator__in=codes,
            place=submission.place,
            period_start=period.start,
            period_end=period.end,
            grain=LEAF,
        ).delete()
        place = submission.place
        if submission.status not in Submission.COUNTED:
            _changed(deleted + _rebuild_for(codes, period, place.pk, anc), place)
            return 0
        cells: dict[str, dict[tuple[int, str], float]] = defaultdict(dict)
        recorded = _recorded(codes, submission.place, period)
        for v in submission.values.exclude(value__isnull=True):
            if v.code in recorded:
                continue  # the unit's records count for this period, not what it typed
            cells[v.code][(submission.place_id, v.breakdown)] = float(v.value or 0)
        # Submitted, not yet approved: counted on the staff's dashboards, not in the public figures.
        pending = submission.status == Submission.Status.SUBMITTED
        stored = sum(_store(code, period, c, anc, timezone.now(), pending) for code, c in cells.items())
        rebuilt = _rebuild_for(codes, period, place.pk, anc)
        _changed(deleted + stored + rebuilt, place)
        return stored + rebuilt


def _changed(rows: int, place: Place) -> None:
    """The last statement of a write that changed `rows` roll-up rows of `place` (and of its commune's
    grain): a new version of its province (its row locks are then held only until the commit, not
    while the write runs)."""
    if rows:
        RollupVersion.bump_paths([place.path], router.db_for_write(IndicatorValue))


def _recorded(codes: list[str], place: Place, period: Period) -> set[str]:
    """The typed computed indicators among `codes` whose records have a row for `place` (or a place
    within it) in `period`: for them, the unit's typed value is left out (records win)."""
    typed = [c for c in codes if c in INDICATORS and INDICATORS.get(c).kind == "computed"]
    if not typed:
        return set()
    return set(
        IndicatorValue.objects.filter(
            indicator__in=typed,
            grain=LEAF,
            period_type=PeriodType.MONTH,
            period_start__gte=period.start,
            period_end__lte=period.end,
            path__startswith=place.path,
        )
        .values_list("indicator", flat=True)
        .distinct()
    )


def _typed_again(ind: Indicator, period: Period, anc: Ancestry) -> int:
    """After the records of a typed indicator were recomputed: the submissions of periods overlapping
    `period` that typed it are copied again, so that a unit's typed value counts exactly where its
    records now have no row (a record imported later replaces what was typed)."""
    subs = (
        Submission.objects.filter(
            values__code=ind.code, period_start__lte=period.end, period_end__gte=period.start
        )
        .distinct()
        .select_related("form", "place")
    )
    return sum(refresh_submission(s, anc) for s in subs)


def _rebuild_for(codes: list[str], period: Period, place_id: int, anc: Ancestry) -> int:
    """Rebuild the commune grain of the commune holding `place_id`, or of the place itself when it
    lies above the communes (a district, the province)."""
    anc.load([place_id])
    info = anc.get(place_id)
    if info is None:
        return 0
    if info[3] is not None:  # refresh_submission() changes the version of the place's province
        return rebuild_commune_grain(codes, period, [info[3]], bump=False)
    if info[0] < Level.COMMUNE:
        return rebuild_commune_grain(codes, period, [], [place_id], bump=False)
    return 0


def refresh_reported(*, period: Period) -> int:
    anc = Ancestry()
    subs = Submission.objects.filter(
        period_start__gte=period.start, period_end__lte=period.end
    ).select_related("form")
    return sum(refresh_submission(s, anc) for s in subs)


def refresh(*, period: Period, codes: Iterable[str] | None = None, scope: str = "") -> RefreshRun:
    """Refresh computed and reported values of `period`; records the run (its time is shown)."""
    run = RefreshRun.objects.create(started_at=timezone.now(), scope=scope or period.code)
    try:
        rows = refresh_computed(period=period, codes=codes)
        if codes is None:
            rows += refresh_reported(period=period)
    except Exception as e:
        run.error = repr(e)
        run.finished_at = timezone.now()
        run.save(update_fields=["error", "finished_at"])
        raise
    run.rows = rows
    run.finished_at = timezone.now()
    run.save(update_fields=["rows", "finished_at"])
    return run


def recent_period(today: dt.date | None = None) -> Period:
    """What the periodic job refreshes: this month and the previous one (late records)."""
    today = today or timezone.localdate()
    this = Period.month(today.year, today.month)
    return Period.custom(this.previous().start, this.end)


# Kept for callers that prefer the reporting word.
__all__ = [
    "refresh",
    "refresh_computed",
    "refresh_reported",
    "refresh_submission",
    "recent_period",
    "ReportedValue",
]
