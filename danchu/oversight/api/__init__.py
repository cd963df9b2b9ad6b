"""/api/v1/oversight: boards, their programme and matters, recommendations, Front supervisions.

Every write calls the same service as the page; every lookup goes through the getters of
permissions.py (404 for missing and forbidden alike).
"""

from __future__ import annotations

from ninja import Router

from . import boards, matters, supervisions

router = Router(tags=["oversight"])
router.add_router("", boards.router)
router.add_router("", matters.router)
router.add_router("", supervisions.router)
