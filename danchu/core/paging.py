"""API lists in pages: `?limit=` and `?offset=` are checked (a value out of range is refused with a
4xx, never clamped or cut silently), the whole count goes in `X-Total-Count`, and an RFC 8288 `Link`
header names the next page while there is one (as GitHub's and GitLab's APIs do).

    @router.get("/things", response=list[ThingOut])
    def things(request, response: HttpResponse, limit: int = LIMIT, offset: int = OFFSET):
        return page_of(request, response, queries.things(request.user), limit, offset)

`response` is django-ninja's temporal response: the headers set on it go out with the list.

Pages in pages: `page_for(request, rows, 50)` is the `Page` of rows the address asks for (`?page=3`,
or another `param` when one screen pages two lists), shown under the list by `{% pager %}`. A page
number that is not one, or past the last page, is refused with a message (400, by the pages'
DomainError middleware, whose page links to the list without it) — Django's `get_page` would show
the first or the last page instead, as if that were the page asked for.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from ninja import Query

from danchu.core.errors import DomainError
from danchu.core.text import quoted

# Rows per page: 100 unless asked; at most 500 (a client wanting everything follows the Link header).
DEFAULT_LIMIT, MAX_LIMIT = 100, 500
MAX_OFFSET = 10**6
LIMIT: Any = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"rows per page (1–{MAX_LIMIT})")
OFFSET: Any = Query(0, ge=0, le=MAX_OFFSET, description="rows to skip; X-Total-Count gives the whole count")


def _ordered(rows: QuerySet[Any] | Sequence[Any]) -> QuerySet[Any] | Sequence[Any]:
    """Pages need one order: a queryset without one is ordered by its key."""
    return rows.order_by("pk") if isinstance(rows, QuerySet) and not rows.ordered else rows


def page_for(
    request: HttpRequest, rows: QuerySet[Any] | Sequence[Any], size: int, *, param: str = "page"
) -> Page:
    rows = _ordered(rows)
    paginator = Paginator(rows, size)
    text = request.GET.get(param, "").strip()
    if not text:
        return paginator.page(1)
    if not (text.isascii() and text.isdigit() and len(text) <= 7 and int(text) >= 1):
        raise DomainError(_("“%(text)s” is not a page number.") % {"text": quoted(text, 20)}, code="bad_page")
    if int(text) > paginator.num_pages:
        raise DomainError(
            ngettext(
                "There is no page %(number)s: the list has %(count)s page.",
                "There is no page %(number)s: the list has %(count)s pages.",
                paginator.num_pages,
            )
            % {"number": text, "count": paginator.num_pages},
            code="no_such_page",
            status=404,
        )
    return paginator.page(int(text))


def page_of(
    request: HttpRequest, response: HttpResponse, rows: QuerySet[Any] | Sequence[Any], limit: int, offset: int
) -> list[Any]:
    rows = _ordered(rows)
    total = rows.count() if isinstance(rows, QuerySet) else len(rows)
    response["X-Total-Count"] = str(total)
    if offset + limit < total:
        query = QueryDict(mutable=True)
        query.update(request.GET)
        query["offset"] = str(offset + limit)
        query["limit"] = str(limit)
        response["Link"] = f'<{request.build_absolute_uri(request.path)}?{query.urlencode()}>; rel="next"'
    return list(rows[offset : offset + limit])
