"""The board's year yields the four counts the reports need, equal to a direct count of the records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.oversight import services
from danchu.oversight.indicators import (
    _answered,
    _answered_on_time,
    _recommended,
    _resolved,
    _supervised,
    _violations,
)
from danchu.oversight.models import Board, Matter, Recommendation

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db
YEAR = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))


def _total(rows: Any) -> int:
    return sum(n for _place, _breakdown, n in rows)


def _year_of_work(board: Board, member: Any, chairman: Any) -> None:
    days = [dt.date(2025, m, 5) for m in (2, 3, 4, 5, 6, 7, 8, 9)]
    # Two forwarded, one only received, one concluded without violation, four with violation:
    # three recommended (one answered late, two resolved), one still waiting for the plan.
    for d in days[:2]:
        services.matter_classify(
            actor=member,
            matter=slip(board, member, received_on=d),
            in_scope=False,
            forwarded_to="Tòa án",
            on=d,
        )
    slip(board, member, received_on=days[2])
    walk_to_concluded(slip(board, member, received_on=days[3]), member, days[3], violation=False)
    for i, d in enumerate(days[4:7]):
        m = walk_to_concluded(slip(board, member, received_on=d), member, d)
        on = m.concluded_on
        assert on is not None
        rec = services.recommendation_make(
            actor=member,
            matter=m,
            addressee="Chủ tịch UBND xã",
            content="Xử lý",
            on=on,
            due_on=on + dt.timedelta(days=10),
        )
        answered_on = on + dt.timedelta(days=20 if i == 0 else 3)  # the first one answered late
        services.recommendation_answer(actor=chairman, recommendation=rec, answer="Đã xử lý", on=answered_on)
        if i < 2:
            services.recommendation_resolve(
                actor=member, recommendation=rec, resolution="Xong", on=answered_on
            )
    m = slip(board, member, received_on=days[7])
    services.matter_classify(actor=member, matter=m, in_scope=True, on=days[7])
    # Last year's matter does not count this year.
    slip(board, member, received_on=dt.date(2024, 12, 20))


def test_the_board_year_gives_the_four_counts_equal_to_a_direct_count(
    board: Board, board_member: Any, chairman: Any
) -> None:
    _year_of_work(board, board_member, chairman)
    start, end = YEAR
    in_year = Matter.objects.filter(board=board)
    supervised = in_year.exclude(status__in=["received", "forwarded"]).filter(received_on__year=2025).count()
    violations = in_year.filter(signs_of_violation=True, concluded_on__year=2025).count()
    recommended = in_year.filter(recommendations__isnull=False).distinct().count()
    resolved = in_year.filter(status="resolved").count()
    assert (supervised, violations, recommended, resolved) == (5, 3, 3, 2)
    assert _total(_supervised(start=start, end=end)) == supervised
    assert _total(_violations(start=start, end=end)) == violations
    assert _total(_recommended(start=start, end=end)) == recommended
    assert _total(_resolved(start=start, end=end)) == resolved
    places = {p for p, _b, _n in _supervised(start=start, end=end)}
    assert places == {board.body.place_id}


def test_recommendations_answered_on_time(board: Board, board_member: Any, chairman: Any) -> None:
    _year_of_work(board, board_member, chairman)
    start, end = YEAR
    answered = Recommendation.objects.filter(answered_on__year=2025)
    assert _total(_answered(start=start, end=end)) == answered.count() == 3
    on_time = [r for r in answered if r.answered_on_time]
    assert _total(_answered_on_time(start=start, end=end)) == len(on_time) == 2


def test_the_report_reads_the_counts_at_commune_and_province(
    board: Board, board_member: Any, chairman: Any, province: Any, commune: Any
) -> None:
    from danchu.reporting.periods import Period
    from danchu.reporting.queries import values
    from danchu.reporting.rollup import refresh

    _year_of_work(board, board_member, chairman)
    refresh(period=Period.year(2025))
    for place in (commune, province):
        assert values("oversight.matters_supervised", place, Period.year(2025)).value == 5
        assert values("oversight.matters_with_violation", place, Period.year(2025)).value == 3
        assert values("oversight.matters_recommended", place, Period.year(2025)).value == 3
        assert values("oversight.matters_resolved", place, Period.year(2025)).value == 2
