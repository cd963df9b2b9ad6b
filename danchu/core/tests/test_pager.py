"""The one pager (core/templatetags/paging.py): its links keep the request's other parameters — the
filters, a search, the other list's page — and change only their own; the hand-written copies it
replaced lost them (the Front's consultations, a commune's recommendations, the bright spots' models)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from django.core.paginator import Paginator
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

TEMPLATE = Template('{% load paging %}{% pager page %}|{% pager other param="epage" anchor="list" %}')


def _render(query: dict[str, str], number: int = 2) -> str:
    request = RequestFactory().get("/meetings/office/", query)
    page = Paginator(range(100), 10).get_page(number)
    other = Paginator(range(30), 10).get_page(1)
    with translation.override("vi"):
        return TEMPLATE.render(Context({"request": request, "page": page, "other": other}))


def _links(html: str) -> list[dict[str, list[str]]]:
    hrefs = [part.split('"', 1)[0].replace("&amp;", "&") for part in html.split('href="')[1:]]
    return [parse_qs(urlsplit(h).query) | {"#": [urlsplit(h).fragment]} for h in hrefs]


def test_the_links_keep_the_filters_and_the_other_lists_page() -> None:
    html = _render({"q": "đèn đường", "state": "open", "epage": "3", "page": "2"})
    previous, following, other_next = _links(html)
    assert previous == {"q": ["đèn đường"], "state": ["open"], "epage": ["3"], "page": ["1"], "#": [""]}
    assert following["page"] == ["3"] and following["q"] == ["đèn đường"] and following["epage"] == ["3"]
    assert other_next["epage"] == ["2"] and other_next["page"] == ["2"] and other_next["#"] == ["list"]
    assert "Trang 2 / 10" in html and "Trang trước" in html and "Trang sau" in html
    assert 'rel="prev"' in html and 'rel="next"' in html and 'aria-label="Trang"' in html


def test_no_pager_for_a_single_page_and_no_dead_link_at_the_ends() -> None:
    single = Template("{% load paging %}{% pager page %}").render(
        Context({"request": RequestFactory().get("/"), "page": Paginator(range(5), 10).get_page(1)})
    )
    assert single == ""
    first = _render({}, number=1).split("|")[0]
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = _render({}, number=10).split("|")[0]
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_a_value_in_the_query_is_escaped_not_markup() -> None:
    html = _render({"q": '"><script>alert(1)</script>'})
    assert "<script>" not in html and _links(html)[0]["q"] == ['"><script>alert(1)</script>']
