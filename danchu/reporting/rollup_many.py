"""rollup.refresh_submission() for many submissions of one form at once (an import of historical
figures): the same roll-up rows, in statements that grow with the periods and with the places by the
thousand, not with the submissions. One by one, each submission took a dozen statements and an import
of 20,000 rows ran for minutes, past a web worker's 30 s."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from django.db import connections, router
from django.utils import timezone

from danchu.places.models import Level

from .models import LEAF, IndicatorValue, ReportedValue, RollupVersion, Submission
from .periods import Period, PeriodType
from .registry import INDICATORS
from .rollup import Ancestry, rebuild_commune_grain
from .setwise import ANCESTORS, COLUMNS, IV, PL, nearest

# Submissions (or places) a statement names at most: one parameter each.
CHUNK = 2000
SUB, RV = Submission._meta.db_table, ReportedValue._meta.db_table


def refresh_submissions(form: Any, subs: list[Submission]) -> int:
    """Copy the stored values of `subs` (submissions of `form`, saved) into the roll-ups, or remove
    them for a submission that no longer counts, as refresh_submission() does for each. By period:
    the leaf rows deleted, the records' rows looked up once, the leaf rows written from the values by
    one INSERT … SELECT, the commune grain rebuilt once for every commune (or place above the
    communes) touched. Then, as the last statement, a new version of the provinces of the places
    (rollup_scope() of each), as each submission's refresh gives. Returns the roll-up rows written."""
    using = router.db_for_write(IndicatorValue)
    anc = Ancestry()
    anc.load(s.place_id for s in subs)
    places = {pid: info for pid in {s.place_id for s in subs} if (info := anc.get(pid)) is not None}
    codes = list(form.elements.values_list("code", flat=True))
    by_period: dict[Period, list[Submission]] = defaultdict(list)
    for sub in subs:
        if sub.place_id in places:
            by_period[sub.period].append(sub)
    paths = {pid: info[1] for pid, info in places.items()}
    changed = written = 0
    for period, group in by_period.items():
        for ids in _chunks(sorted({s.place_id for s in group})):
            changed += IndicatorValue.objects.filter(
                indicator__in=codes,
                place_id__in=ids,
                period_start=period.start,
                period_end=period.end,
                grain=LEAF,
            ).delete()[0]
        recorded = _recorded_within(codes, period, {places[s.place_id][2] for s in group})
        counted = [s for s in group if s.status in Submission.COUNTED]
        for chunk in _chunks(counted):
            written += _copy_values(chunk, recorded, paths, using)
    for period, group in by_period.items():
        infos = [(s.place_id, places[s.place_id]) for s in group]
        communes = sorted({info[3] for _pid, info in infos if info[3] is not None})
        above = sorted({pid for pid, info in infos if info[3] is None and info[0] < Level.COMMUNE})
        for ids in _chunks(communes):
            written += rebuild_commune_grain(codes, period, ids, [], bump=False)
        for ids in _chunks(above):
            written += rebuild_commune_grain(codes, period, [], ids, bump=False)
    if changed or written:
        RollupVersion.bump_paths(set(paths.values()), using)
    return written


def _copy_values(
    subs: list[Submission], recorded: dict[str, set[str]], paths: dict[int, str], using: str
) -> int:
    """The leaf rows of the submissions' values (the empty ones left out, as the typed values of
    indicators whose records count in their place, `recorded`); submitted, not yet approved: pending
    (counted on the staff's dashboards, not in the public figures)."""
    conn = connections[using]
    ids = [s.pk for s in subs]
    params: list[Any] = [
        LEAF,
        conn.ops.adapt_datetimefield_value(timezone.now()),
        Submission.Status.SUBMITTED,
    ]
    params += ids
    skip = ""
    left_out: dict[str, list[int]] = defaultdict(list)
    for s in subs:
        for code in recorded.get(paths[s.place_id], ()):
            left_out[code].append(s.pk)
    for code, skipped in left_out.items():
        skip += f" AND NOT (v.code = %s AND s.id IN ({', '.join(['%s'] * len(skipped))}))"
        params += [code, *skipped]
    with conn.cursor() as c:
        c.execute(
            f"INSERT INTO {IV} ({COLUMNS}, pending) SELECT v.code, s.place_id, pl.level, pl.path, "
            f"{nearest(int(Level.PROVINCE))}, {nearest(int(Level.COMMUNE))}, s.period_type, s.period_start, "
            "s.period_end, v.breakdown, %s, v.value, %s, s.status = %s "
            f"FROM {RV} v JOIN {SUB} s ON s.id = v.submission_id JOIN {PL} pl ON pl.id = s.place_id {ANCESTORS} "
            f"WHERE s.id IN ({', '.join(['%s'] * len(ids))}) AND v.value IS NOT NULL{skip}",
            params,
        )
        return max(c.rowcount, 0)


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _recorded_within(codes: list[str], period: Period, provinces: set[int | None]) -> dict[str, set[str]]:
    """rollup._recorded() for every place within `provinces` at once: a path -> the typed computed
    indicators among `codes` whose records have a row at that place or below it in `period`."""
    typed = [c for c in codes if c in INDICATORS and INDICATORS.get(c).kind == "computed"]
    if not typed:
        return {}
    rows = IndicatorValue.objects.filter(
        indicator__in=typed,
        grain=LEAF,
        period_type=PeriodType.MONTH,
        period_start__gte=period.start,
        period_end__lte=period.end,
    )
    if None not in provinces:  # else a place above the provinces: the records of all of them
        rows = rows.filter(province_id__in=provinces)
    within: dict[str, set[str]] = defaultdict(set)
    for code, path in rows.values_list("indicator", "path").distinct():
        parts = path.strip("/").split("/")
        for depth in range(1, len(parts) + 1):  # the row's place and each place above it
            within["/" + "/".join(parts[:depth]) + "/"].add(code)
    return within
