"""Who the figures being read are for. The staff's dashboards count a value typed in a report form as
soon as it is submitted; what the public reads (the public figures, open data, the API's public
reads) counts it only once it is approved, as DHIS2 keeps unapproved data out of public analytics.

    with approved_only():
        figs = queries.figures(inds, place, period)

The choice is held in a context variable rather than passed down every query function, so that
figures, ratios, stocks and the drill-down all read the same rows (rows.value_rows() reads it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_APPROVED_ONLY: ContextVar[bool] = ContextVar("reporting_approved_only", default=False)


@contextmanager
def approved_only(on: bool = True) -> Iterator[None]:
    """Within the block, values still awaiting approval are left out of every figure."""
    token = _APPROVED_ONLY.set(on)
    try:
        yield
    finally:
        _APPROVED_ONLY.reset(token)


def is_approved_only() -> bool:
    return _APPROVED_ONLY.get()
