"""The front door (issue #16 item 1), the office home's to-dos (item 8) and the crawler files (item 9)."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db


def test_home_leads_with_feedback_tracking_search_and_public_pages(commune: Any) -> None:
    response = Client().get("/")
    html = response.content.decode()
    assert response.status_code == 200
    for target in (
        "/cases/new/",
        "/cases/track/",
        "/places/search/",
        "/cases/on-time/",
        "/reporting/open-data/",
        "/api/v1/docs",
    ):
        assert f'href="{target}' in html or f'action="{target}' in html, target
    assert "Gửi phản ánh" in html and 'name="description"' in html and "favicon" in html
    # An anonymous visitor gets no cookie: the page stays cacheable.
    assert not response.cookies
    assert "public" in response["Cache-Control"]


def test_home_province_list_costs_few_queries_and_no_reverse_per_row(db: Any) -> None:
    for i in range(34):
        pf.province(code=f"{i + 1:02d}", name=f"Tỉnh Thứ {i}")
    Client().get("/")  # warm the session-less path
    with CaptureQueriesContext(connection) as queries:
        html = Client().get("/").content.decode()
    assert len(queries) <= 3
    assert html.count('href="/places/') >= 34


@pytest.mark.parametrize("page", ["/", "/reporting/open-data/", "/cases/new/", "/cases/on-time/"])
def test_provinces_sort_in_vietnamese_order(db: Any, page: str) -> None:
    """Every list a reader picks a province from, not only the home page's (the others followed the
    database's collation: "Đ" after "Y")."""
    for code, name in [
        ("01", "Thành phố Đà Nẵng"),
        ("02", "Tỉnh Điện Biên"),
        ("03", "Tỉnh Đắk Lắk"),
        ("04", "Thành phố Cần Thơ"),
        ("05", "Tỉnh Cà Mau"),
        ("06", "Tỉnh Yên Bái"),
        ("07", "Tỉnh Quảng Ngãi"),
        ("08", "Tỉnh Đồng Tháp"),
    ]:
        pf.province(code=code, name=name)
    response = Client().get(page)
    assert response.status_code == 200
    html = response.content.decode()
    order = [
        html.index(n)
        for n in (
            "Cà Mau",
            "Cần Thơ",
            "Đà Nẵng",
            "Đắk Lắk",
            "Điện Biên",
            "Đồng Tháp",
            "Quảng Ngãi",
            "Yên Bái",
        )
    ]
    assert order == sorted(order)


def test_near_fragment_lists_the_latest_public_notices(commune: Any, officer: Any) -> None:
    from danchu.disclosures import services

    draft = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="budget_execution", title="Công khai ngân sách quý I", summary="Tóm tắt", body="Nội dung"
        ),
    )
    services.disclosure_publish(actor=officer, disclosure=draft)
    response = Client().get("/near/", {"place": commune.code})
    assert response.status_code == 200
    assert "Công khai ngân sách quý I" in response.content.decode()
    assert not response.cookies


def test_near_fragment_without_a_commune_says_how_to_choose_one(db: Any) -> None:
    response = Client().get("/near/")
    assert response.status_code == 200
    assert "trình duyệt này sẽ nhớ" in response.content.decode()


@pytest.mark.parametrize("place", ["99999", "x" * 5000])
def test_near_fragment_refuses_unknown_places_with_404(db: Any, place: str) -> None:
    assert Client().get("/near/", {"place": place}).status_code == 404


def test_a_nul_in_any_page_address_is_a_400_with_the_reason(db: Any) -> None:
    """PostgreSQL refuses a NUL in a query with an error: a page reading the parameter into a query
    answered 500 (the account's household search, the counter, the pivot table, the case office's
    contacts and delegations). Refused before any view, in the reader's language."""
    for path in ("/near/?place=%00", "/disclosures/search/?q=a%00b", "/me/household/?q=%00"):
        r = Client().get(path, HTTP_ACCEPT_LANGUAGE="vi")
        assert r.status_code == 400, path
        assert "Địa chỉ trang có ký tự không được phép (NUL)." in r.content.decode(), path
    r = Client().get("/near/?place=%00", HTTP_HX_REQUEST="true")
    assert r.status_code == 400 and r.json()["code"] == "bad_address"
    assert Client().get("/api/v1/places/search?q=kr%00ong").status_code == 200  # the API checks its own


def test_robots_sitemap_and_favicon(commune: Any, province: Any) -> None:
    client = Client()
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /office/" in robots and "Sitemap: " in robots
    sitemap = client.get("/sitemap.xml")
    assert sitemap["Content-Type"].startswith("application/xml")
    body = sitemap.content.decode()
    assert f"/places/{province.code}/</loc>" in body and f"/places/{commune.code}/</loc>" in body
    assert client.get("/favicon.ico").status_code == 301


def test_citizens_see_no_back_office_link(citizen: Any, officer: Any) -> None:
    client = Client()
    client.force_login(citizen)
    assert 'href="/office/"' not in client.get("/me/").content.decode()
    client.force_login(officer)
    assert 'href="/office/"' in client.get("/me/").content.decode()


def test_office_home_shows_counts_of_what_waits(officer: Any, commune: Any) -> None:
    from danchu.disclosures import services

    services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="budget_execution", title="Bản nháp", summary="Tóm tắt", body="Nội dung"
        ),
    )
    client = Client()
    client.force_login(officer)
    html = client.get("/office/").content.decode()
    assert "Nội dung cần công khai" in html
    assert 'href="/disclosures/office/?status=draft"' in html
