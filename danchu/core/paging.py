"""API lists in pages: `?limit=` and `?offset=` are checked (a value out of range is refused with a
4xx, never clamped or cut silently), the whole count goes in `X-Total-Count`, and an RFC 8288 `Link`
header names the next page while there is one (as GitHub's and GitLab's APIs do).

    @router.get("/things", response=list[ThingOut])
    def things(request, response: HttpResponse, limit: int = LIMIT, offset: int = OFFSET):
        return page_of(request, response, queries.things(request.user), limit, offset)

`response` is django-ninja's temporal response: the headers set on it go out with the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from ninja import Query

# Rows per page: 100 unless asked; at most 500 (a client wanting everything follows the Link header).
DEFAULT_LIMIT, MAX_LIMIT = 100, 500
MAX_OFFSET = 10**6
LIMIT: Any = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"rows per page (1–{MAX_LIMIT})")
OFFSET: Any = Query(0, ge=0, le=MAX_OFFSET, description="rows to skip; X-Total-Count gives the whole count")


def page_of(
    request: HttpRequest, response: HttpResponse, rows: QuerySet[Any] | Sequence[Any], limit: int, offset: int
) -> list[Any]:
    if isinstance(rows, QuerySet) and not rows.ordered:  # pages need one order: by key, if none is given
        rows = rows.order_by("pk")
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    response["X-Total-Count"] = str(total)
    if offset + limit < total:
        query = QueryDict(mutable=True)
        query.update(request.GET)
        query["offset"] = str(offset + limit)
        query["limit"] = str(limit)
        response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'
    return list(rows[offset : offset + limit])
