"""The country's figures read the commune-grain rows of every province through their own index
(migration 0011): without it PostgreSQL read the whole roll-up table (1.1 s at national scale)."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.core.testing import index_plan
from danchu.reporting import queries
from danchu.reporting.audience import approved_only
from danchu.reporting.periods import Period
from danchu.reporting.registry import INDICATORS

CODES = ["adminreform.received", "adminreform.resolved", "adminreform.resolved_rate"]


def _plans(place: Any, *, public: bool) -> list[str]:
    inds = [INDICATORS.get(c) for c in CODES]
    with CaptureQueriesContext(connection) as q:
        if public:
            with approved_only():
                figs = queries.figures(inds, place, Period.year(2025))
        else:
            figs = queries.figures(inds, place, Period.year(2025))
    assert figs[0].current.value == 6600  # the reads are right before their plans are looked at
    reads = [x["sql"] for x in q.captured_queries if "reporting_indicatorvalue" in x["sql"]]
    assert reads
    # Whether each statement can use the index at all (its predicate matches, its columns suffice).
    plans = [index_plan(sql) for sql in reads]
    return plans


def test_the_country_key_figures_read_the_country_index(reported: Any, province: Any) -> None:
    country = province.parent
    for public in (False, True):
        plans = _plans(country, public=public)
        assert any("reporting_iv_country" in p for p in plans), plans
        if connection.vendor == "postgresql":
            # Index-only: the figures' columns (and `pending`, for the public) are in the index.
            assert all("Seq Scan" not in p for p in plans), plans
            assert any("Index Only Scan using reporting_iv_country" in p for p in plans), plans
