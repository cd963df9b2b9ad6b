from __future__ import annotations

from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from danchu.core.demo import DEMO_STEPS
from danchu.reporting.completeness import completeness
from danchu.reporting.models import ReportForm
from danchu.reporting.periods import Period


@pytest.mark.slow
def test_demo_fills_dashboards_and_drafts_a_report_like_the_seeds(db: Any) -> None:
    ctx: dict[str, Any] = {"credentials": []}
    for step in sorted(DEMO_STEPS, key=lambda s: s.order):
        if step.name in ("places", "accounts", "steering", "reporting"):
            with transaction.atomic():
                step.build(ctx)
    report = ctx["report"]
    text = " ".join(s.text for s in report.sections.all())
    assert "so với cùng kỳ" in text and "xã đạt" in text and "hồ sơ thủ tục hành chính" in text
    assert "……" not in text and "0/0" not in text
    for section in report.sections.all():
        assert section.text.strip(), section.key
    # The committee works under the provincial Party committee: the Party format.
    assert report.doc_format == "party" and report.parent_issuer.startswith("TỈNH ỦY")
    _every_figure_equals_a_direct_count(report)
    import datetime as dt

    quarter = Period.containing(timezone.localdate(), "quarter").previous()
    while quarter.due_date(10) + dt.timedelta(days=7) > timezone.localdate():
        quarter = quarter.previous()
    status = completeness(ReportForm.objects.get(code="QCDC-Q"), ctx["province"], quarter)
    states = sorted(u.state for u in status.units)
    assert states.count("on_time") == 1 and states.count("late") == 1 and len(status.not_submitted()) == 1


def _every_figure_equals_a_direct_count(report: Any) -> None:
    """Every figure the province's report states, against a count straight from the records:
    typed-in figures by SQL over the approved submissions, counts of units over the register by SQL
    over the places, computed ones from the module's own records (its compute function, which does
    not go through the roll-ups)."""
    from django.db import connection

    from danchu.places.models import Place
    from danchu.reporting.catalogue import get_indicator
    from danchu.reporting.models import Submission

    place, period = report.place, report.period
    ids = set(Place.objects.within(place).values_list("id", flat=True))
    checked = 0
    for section in report.sections.prefetch_related("sentences"):
        for sentence in section.sentences.all():
            for fig in sentence.figures:
                ind = get_indicator(fig["indicator"])
                if ind is None or fig["value"] is None:
                    continue
                if ind.kind == "reported" and ind.aggregation == "sum":
                    with connection.cursor() as cur:
                        cur.execute(
                            "SELECT COALESCE(SUM(v.value), 0) FROM reporting_reportedvalue v "
                            "JOIN reporting_submission s ON s.id = v.submission_id "
                            "JOIN places_place p ON p.id = s.place_id "
                            "WHERE v.code = %s AND v.breakdown = '' AND s.status IN (%s, %s, %s) "
                            "AND s.period_start >= %s AND s.period_end <= %s AND p.path LIKE %s",
                            [ind.code, *Submission.COUNTED, period.start, period.end, place.path + "%"],
                        )
                        expected = float(cur.fetchone()[0])
                    assert fig["value"] == pytest.approx(expected), ind.code
                    checked += 1
                elif ind.kind == "reported" and ind.aggregation == "count_units":
                    marks = ", ".join(["%s"] * len(ind.unit_kinds))
                    kinds = f"AND p.kind IN ({marks})" if ind.unit_kinds else ""
                    with connection.cursor() as cur:
                        cur.execute(
                            "SELECT COUNT(DISTINCT s.place_id) FROM reporting_reportedvalue v "
                            "JOIN reporting_submission s ON s.id = v.submission_id "
                            "JOIN places_place p ON p.id = s.place_id "
                            "WHERE v.code = %s AND v.value > 0 AND s.status IN (%s, %s, %s) "
                            "AND s.period_start >= %s AND s.period_end <= %s AND p.path LIKE %s " + kinds,
                            [
                                ind.code,
                                *Submission.COUNTED,
                                period.start,
                                period.end,
                                place.path + "%",
                                *ind.unit_kinds,
                            ],
                        )
                        hit = float(cur.fetchone()[0])
                        cur.execute(
                            "SELECT COUNT(*) FROM places_place p WHERE p.level = 3 AND p.path LIKE %s "
                            "AND (p.valid_from IS NULL OR p.valid_from <= %s) "
                            "AND (p.valid_to IS NULL OR p.valid_to >= %s) " + kinds,
                            [place.path + "%", period.end, period.end, *ind.unit_kinds],
                        )
                        den = float(cur.fetchone()[0])
                    assert (fig["num"], fig["den"]) == (hit, den), ind.code
                    checked += 1
                elif ind.kind == "computed" and ind.aggregation == "sum" and ind.compute is not None:
                    expected = 0.0
                    first = ind.breakdowns[0] if ind.breakdowns else None
                    # A running year is stated to date (finished months); a stock by its last month.
                    months = [m for m in period.months() if m.end <= min(period.end, timezone.localdate())]
                    for m in months[-1:] if ind.stock else months:
                        rows = [
                            (b, float(v or 0))
                            for pid, b, v in ind.compute(start=m.start, end=m.end)
                            if pid in ids
                        ]
                        totals = [v for b, v in rows if not b]
                        # A function yielding only broken-down rows: its total is the first dimension's sum.
                        expected += sum(totals) if totals else sum(v for b, v in rows if first in b)
                    expected += _typed_without_records(ind, place, period, months)
                    assert fig["value"] == pytest.approx(expected), ind.code
                    checked += 1
                elif ind.kind == "computed" and ind.aggregation == "count_units" and ind.compute is not None:
                    months = [m for m in period.months() if m.end <= min(period.end, timezone.localdate())]
                    hit = {
                        pid
                        for m in months
                        for pid, _b, v in ind.compute(start=m.start, end=m.end)
                        if v and pid in ids
                    }
                    hit |= _typed_units_without_records(ind, place, period, months)
                    den = Place.objects.within(place).filter(level=3).current(period.end).count()
                    assert (fig["num"], fig["den"]) == (len(hit), den), ind.code
                    checked += 1
    assert checked >= 5


def _typed(ind: Any, place: Any, period: Any, months: list[Any]) -> list[tuple[int, float]]:
    """(unit, value) typed in counted submissions of `period` (the finished ones, or the period's own)
    by units whose records have no row in the submission's months: the values the figure adds."""
    from danchu.places.models import Place
    from danchu.reporting.models import ReportedValue, Submission

    if not ind.typed:
        return []
    today = timezone.localdate()
    out = []
    rows = ReportedValue.objects.filter(
        code=ind.code,
        breakdown="",
        value__isnull=False,
        submission__status__in=Submission.COUNTED,
        submission__period_start__gte=period.start,
        submission__period_end__lte=period.end,
        submission__place__path__startswith=place.path,
    ).select_related("submission__place")
    for v in rows:
        sub = v.submission
        whole = (sub.period_start, sub.period_end) == (period.start, period.end)
        if not whole and sub.period_end > today:
            continue
        if ind.stock and not whole and sub.period_end != months[-1].end:
            continue
        within = set(Place.objects.within(sub.place).values_list("id", flat=True))
        spans = [m for m in period.months() if sub.period_start <= m.start and m.end <= sub.period_end]
        recorded = any(pid in within for m in spans for pid, _b, _v in ind.compute(start=m.start, end=m.end))
        if not recorded:
            out.append((sub.place_id, float(v.value)))
    return out


def _typed_without_records(ind: Any, place: Any, period: Any, months: list[Any]) -> float:
    return sum(value for _pid, value in _typed(ind, place, period, months))


def _typed_units_without_records(ind: Any, place: Any, period: Any, months: list[Any]) -> set[int]:
    return {pid for pid, value in _typed(ind, place, period, months) if value > 0}
