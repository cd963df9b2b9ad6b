"""/api/v1/cases: intake, tracking by code, and the staff workflow.

A step not allowed from the case's current state answers 409 with a message naming the state.
Denouncers' identities never appear here; the supervisors see the handling of a case, not its content.
"""

from __future__ import annotations

from ninja import Router

router = Router(tags=["cases"])

from . import public, staff  # noqa: E402,F401  (operations register on the router)

__all__ = ["router"]
