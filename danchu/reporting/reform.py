"""Figures across the 2025 reorganisation of units: a commune formed on 1 July 2025 compared with a
period before it existed takes the figures of the units it was formed from, weighted by the share of
each that went into it (places' succession links, `danchu import_shares`). Issue #15 item 5: reports
across the reform compare like with like, and say so."""

from __future__ import annotations

from danchu.places.models import Place

from .periods import Period
from .queries import Result, many
from .registry import Indicator

SHARES = "shares"  # last year's figure is Σ predecessor × share
UNKNOWN_SHARES = "unknown_shares"  # a share is not recorded: no comparison is made


def from_predecessors(
    inds: list[Indicator], place: Place, period: Period, cutoff: Period | None = None
) -> tuple[dict[str, Result], str]:
    """The figures of a period before `place` existed, from the units it was formed from: Σ (old
    unit's figure × the share of it that went into `place`); a ratio from its weighted sides. A count
    of units or an average cannot be split by shares, and a share not known makes no figure at all
    (the report says which). Returns the results and SHARES, UNKNOWN_SHARES or "" (no predecessors:
    the unit's own rows, as for any unit)."""
    from danchu.places.queries import predecessors

    links = predecessors(place)
    if not links:
        return many(inds, place, period, cutoff=cutoff), ""
    if any(share is None for _old, share in links):
        return {ind.code: Result(None) for ind in inds}, UNKNOWN_SHARES
    sums: dict[str, list[float | None]] = {ind.code: [None, None, None] for ind in inds}

    def add(slot: list[float | None], i: int, value: float | None, weight: float) -> None:
        if value is not None:
            slot[i] = (slot[i] or 0.0) + value * weight

    for old, share in links:
        weight = float(share)  # type: ignore[arg-type]
        got = many(inds, old, period, cutoff=cutoff)
        for ind in inds:
            r, slot = got[ind.code], sums[ind.code]
            if ind.kind == "ratio":
                add(slot, 1, r.num, weight)
                add(slot, 2, r.den, weight)
            else:
                add(slot, 0, r.value, weight)
    out: dict[str, Result] = {}
    for ind in inds:
        value, num, den = sums[ind.code]
        if ind.kind == "ratio":
            out[ind.code] = Result(num / den * 100 if num is not None and den else None, num=num, den=den)
        elif ind.aggregation in ("count_units", "avg"):
            out[ind.code] = Result(None)
        else:
            out[ind.code] = Result(value)
    return out, SHARES
