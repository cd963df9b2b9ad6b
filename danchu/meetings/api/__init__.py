"""/api/v1/meetings: meetings, check-in, counts and decisions, minutes, and secret electronic
elections — through the same services as the pages."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["meetings"])
RUN = "meetings.run"

from . import conventions, dismissals, elections, meetings  # noqa: E402,F401  (operations register on the router)
