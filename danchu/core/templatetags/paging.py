"""The pager under a paged list: `{% pager page %}` (`{% load paging %}`).

Its links keep every other parameter of the request (the filters, a search, another list's page on
the same screen) and change only `param`; `anchor` brings the reader back to the list. One pager for
every list: fourteen hand-written copies lost the filters or the other list's page on the next page.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.paginator import Page
from django.http import QueryDict

register = template.Library()


@register.inclusion_tag("core/pager.html", takes_context=True)
def pager(
    context: Any, page: Page, param: str = "page", anchor: str = "", previous: str = "", next: str = ""
) -> dict[str, Any]:
    request = context.get("request")

    def url(number: int) -> str:
        query = request.GET.copy() if request is not None else QueryDict(mutable=True)
        query[param] = str(number)
        return "?" + query.urlencode() + (f"#{anchor}" if anchor else "")

    return {
        "page": page,
        "previous_url": url(page.previous_page_number()) if page.has_previous() else "",
        "next_url": url(page.next_page_number()) if page.has_next() else "",
        "previous_label": previous,
        "next_label": next,
    }
