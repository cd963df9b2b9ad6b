"""/api/v1/works: the public history of works and the boards' public results; the ledger for staff and
each household; the staff's and the board's writes through the same services as the pages."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["works"])

from . import board, ledger, works  # noqa: E402, F401  (operations register on the router)
