"""/api/v1/meetings: meetings, check-in, counts and decisions, minutes, and secret electronic
elections — through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router

router = Router(tags=["meetings"])
RUN = "meetings.run"


def my_village(request: HttpRequest, code: str) -> Any:
    """The village with this code where the person acts, else 404. A NUL byte is refused before the
    query: PostgreSQL cannot even compare with it (a 500)."""
    from danchu.accounts.permissions import village_scope

    village = village_scope(request.user).filter(code=code).first() if "\x00" not in code else None
    if village is None:
        raise Http404
    return village


from . import conventions, dismissals, elections, meetings  # noqa: E402,F401  (operations register on the router)
