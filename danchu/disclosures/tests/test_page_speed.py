"""Public pages near the framework's floor (issue #17 item 1): at most 3 queries for an anonymous
visitor, whatever the number of items, and no reverse() per row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.disclosures import services

MAX_QUERIES = 3


def _many(officer, commune, n=25):  # type: ignore[no-untyped-def]
    for i in range(n):
        d = services.disclosure_create(
            actor=officer,
            place=commune,
            draft=services.Draft(
                category="beneficiaries" if i % 2 else "other",
                title=f"Danh sách hộ nghèo đợt {i} năm 2026 — thôn {i}",
                summary="Danh sách hộ nghèo, cận nghèo được hỗ trợ. " * 3,
                body="Tổng kinh phí 4.956 triệu đồng.",
            ),
        )
        services.disclosure_publish(actor=officer, disclosure=d)


@pytest.fixture
def board(officer, commune, village, published):  # type: ignore[no-untyped-def]
    _many(officer, commune)
    return published


def _queries(client, url):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as q:
        page = client.get(url)
    assert page.status_code == 200, url
    return [x["sql"] for x in q.captured_queries]


def test_commune_page_is_at_most_three_queries(client, commune, board) -> None:
    sql = _queries(client, f"/disclosures/{commune.code}/")
    assert len(sql) <= MAX_QUERIES, "\n".join(sql)


def test_village_page_is_at_most_three_queries(client, village, board) -> None:
    sql = _queries(client, f"/disclosures/{village.code}/")
    assert len(sql) <= MAX_QUERIES, "\n".join(sql)


def test_disclosure_page_is_at_most_three_queries(client, board) -> None:
    sql = _queries(client, f"/disclosures/d/{board.pk}/")
    assert len(sql) <= MAX_QUERIES, "\n".join(sql)


def test_search_page_is_at_most_three_queries(client, board) -> None:
    sql = _queries(client, "/disclosures/search/?q=ho+ngheo")
    assert len(sql) <= MAX_QUERIES, "\n".join(sql)
