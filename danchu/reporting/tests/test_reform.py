"""A commune formed by the 2025 reorganisation is compared with last year like with like: the figures
of the units it was formed from, each counted by its recorded share, and the report says so (issue
#15 item 5). A share not recorded makes no comparison, and the report says that instead."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from danchu.places.models import Succession
from danchu.places.tests import factories as pf
from danchu.reporting import prose, queries, rollup, services
from danchu.reporting.catalogue import get_indicator
from danchu.reporting.periods import Period
from danchu.reporting.reform import SHARES, UNKNOWN_SHARES

Q4 = Period.quarter(2025, 4)
TODAY = dt.date(2026, 12, 1)
CODES = ("adminreform.received", "adminreform.resolved_rate", "adminreform.communes_online")


@pytest.fixture
def merged(reported: Any, province: Any, commune: Any, other_commune: Any, admin_user: Any) -> Any:
    """Xã Hợp Nhất, formed on 1 July 2025 from the whole of `commune` and half of `other_commune`,
    with its own figures for the fourth quarter of 2025."""
    new = pf.commune(province, code="29999", name="Xã Hợp Nhất", valid_from=dt.date(2025, 7, 1))
    Succession.objects.create(old=commune, new=new, share=Decimal("1"), basis="whole", source="test")
    Succession.objects.create(
        old=other_commune, new=new, share=Decimal("0.5"), basis="population", source="test"
    )
    sub = services.submission_open(form=reported["quarterly"], place=new, period=Q4)
    services.submission_save(
        actor=admin_user,
        submission=sub,
        raw={
            "adminreform.received": "1400",
            "adminreform.resolved": "1300",
            "adminreform.resolved_on_time": "1200",
        },
    )
    services.submission_submit(actor=admin_user, submission=sub)
    services.submission_decide(actor=admin_user, submission=sub, approve=True)
    rollup.refresh(period=Period.year(2025))
    return new


def _figures(place: Any) -> dict[str, queries.Figure]:
    inds = [get_indicator(c) for c in CODES]
    return {f.indicator.code: f for f in queries.figures(inds, place, Q4, today=TODAY)}  # type: ignore[arg-type]


def test_last_year_is_the_predecessors_figures_times_their_shares(merged: Any) -> None:
    figs = _figures(merged)
    received = figs["adminreform.received"]
    assert received.current.value == 1400
    # 2024 Q4: the whole of commune (1000) and half of other_commune (500).
    assert received.previous.value == pytest.approx(1000 + 0.5 * 500)
    assert received.across_reform == SHARES
    # A ratio from its weighted sides: (990 + 0.5 × 500) / (1000 + 0.5 × 500).
    assert figs["adminreform.resolved_rate"].previous.value == pytest.approx((990 + 250) / 1250 * 100)
    # A count of units cannot be split by shares: no comparison rather than a wrong one.
    assert figs["adminreform.communes_online"].previous.value is None


def test_the_report_says_how_last_year_was_made(merged: Any) -> None:
    with translation.override("en"):
        text = " ".join(
            s.text for s in prose.sentences(list(_figures(merged).values()), period="Q4", where="Hợp Nhất")
        )
    assert "former units that formed Hợp Nhất" in text and "share" in text


def test_without_a_recorded_share_nothing_is_compared_and_the_report_says_why(
    merged: Any, other_commune: Any
) -> None:
    Succession.objects.filter(old=other_commune).update(share=None, basis="unknown")
    figs = _figures(merged)
    assert figs["adminreform.received"].previous.value is None
    assert figs["adminreform.received"].across_reform == UNKNOWN_SHARES
    with translation.override("en"):
        text = " ".join(s.text for s in prose.sentences(list(figs.values()), period="Q4", where="Hợp Nhất"))
    assert "are not recorded" in text and "not compared" in text


def test_a_unit_that_existed_before_is_compared_with_its_own_rows(reported: Any, commune: Any) -> None:
    figs = _figures(commune)
    assert figs["adminreform.received"].previous.value == 1000
    assert figs["adminreform.received"].across_reform == ""
