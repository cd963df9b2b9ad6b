"""/api/v1/consultations: the same services as the pages — consultations and comments, synthesis,
surveys, the Front's records and opinion maps (one module per part, all on this router)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["consultations"])

from . import drafts, front, maps, surveys  # noqa: E402, F401  (they add their operations to the router)
