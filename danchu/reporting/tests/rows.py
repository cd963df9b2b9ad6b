"""The roll-up table as a refresh writes it, for tests that compare two ways of filling it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from danchu.reporting.models import IndicatorValue

# Every column a refresh decides (not the row's id nor when it was written).
COLUMNS = (
    "indicator",
    "place_id",
    "level",
    "path",
    "province_id",
    "commune_id",
    "period_type",
    "period_start",
    "period_end",
    "breakdown",
    "grain",
    "value",
)


def rollup_rows(codes: Iterable[str] | None = None, *, pending: bool = False) -> list[tuple[Any, ...]]:
    """The roll-up rows in order (of the indicators `codes`, or all), with `pending` when asked."""
    rows = (
        IndicatorValue.objects.all() if codes is None else IndicatorValue.objects.filter(indicator__in=codes)
    )
    return sorted(rows.values_list(*COLUMNS, *(("pending",) if pending else ())))
