"""Printouts a village can post (issue #16 item 6): the poster carries the full text with its tables,
paginated in the official layout, with a QR code to SITE_URL; the office warns when SITE_URL would
lead nowhere; lists print and export."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from weasyprint import HTML

from danchu.disclosures import posters, services

ROWS = 120
BUDGET = "\n".join(
    ["| STT | Nội dung | Dự toán (triệu đồng) | Thực hiện |", "|---|---|---:|---:|"]
    + [f"| {i} | Khoản chi số {i} đường thôn | {4956 + i} | {4000 + i} |" for i in range(1, ROWS + 1)]
)
BENEFICIARIES = "\n".join(
    ["| STT | Họ và tên chủ hộ | Thôn | Mức hỗ trợ |", "|---|---|---|---:|"]
    + [f"| {i} | Hộ ông Nguyễn Văn Hưởng {i} | Thôn {i % 4 + 1} | 1.500.000 |" for i in range(1, 41)]
)


def _texts(box: Any) -> list[str]:
    out = [box.text] if getattr(box, "text", None) else []
    for child in getattr(box, "children", []) or []:
        out += _texts(child)
    return out


@pytest.fixture
def long_disclosure(officer, commune, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="budget_execution",
            title="Công khai quyết toán ngân sách xã năm 2025",
            summary="Tổng chi 4.956 triệu đồng.",
            body=f"## Bảng quyết toán\n\n{BUDGET}\n\n## Danh sách hộ được hỗ trợ\n\n{BENEFICIARIES}\n",
        ),
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.disclosure_publish(actor=officer, disclosure=d)
    d.refresh_from_db()
    return d


def test_the_poster_prints_the_full_content_with_its_tables_on_numbered_pages(
    settings, long_disclosure
) -> None:
    settings.SITE_URL = "https://congkhai.krongpac.daklak.gov.vn"
    doc = HTML(string=posters.poster_html(long_disclosure), base_url=settings.SITE_URL).render()
    assert len(doc.pages) >= 3  # a 120-row table cannot fit on one A4 page
    pages = [" ".join(_texts(p._page_box)) for p in doc.pages]
    text = " ".join(pages)
    assert "Khoản chi số 1 đường thôn" in text and f"Khoản chi số {ROWS} đường thôn" in text
    assert "Hộ ông Nguyễn Văn Hưởng 40" in text and "1.500.000" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pages[0]
    assert sum("Dự toán (triệu đồng)" in p for p in pages) >= 2  # the header row repeats on each page
    assert f"1 / {len(doc.pages)}" in pages[0] and f"{len(doc.pages)} / {len(doc.pages)}" in pages[-1]
    assert "https://congkhai.krongpac.daklak.gov.vn/disclosures/d/" in text.replace(" ", "")
    assert doc.write_pdf().startswith(b"%PDF")


def test_the_poster_escapes_nothing_unsafe(settings, officer, commune) -> None:
    d = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="other",
            title="<script>alert(1)</script>",
            summary="",
            body="<script>alert(2)</script>[x](javascript:alert(3))",
        ),
    )
    html = posters.poster_html(d)
    assert "<script>alert" not in html and 'href="javascript:' not in html


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://127.0.0.1:8000", True),
        ("http://localhost:8000", True),
        ("http://0.0.0.0", True),
        ("http://[::1]:8000", True),
        ("https://danchu.example.gov.vn", False),
    ],
)
def test_site_url_is_local(settings, url, local) -> None:
    settings.SITE_URL = url
    assert posters.site_url_is_local() is local


def test_the_office_warns_before_printing_when_site_url_is_local(
    settings, client_as, officer, published
) -> None:
    settings.SITE_URL = "http://127.0.0.1:8000"
    c = client_as(officer)
    warned = c.get(f"/disclosures/office/{published.pk}/").content.decode()
    assert "SITE_URL" in warned and "127.0.0.1:8000" in warned
    assert "SITE_URL" in c.get("/disclosures/office/").content.decode()
    settings.SITE_URL = "https://danchu.example.gov.vn"
    assert "SITE_URL" not in c.get(f"/disclosures/office/{published.pk}/").content.decode()


def _many(officer, commune, n):  # type: ignore[no-untyped-def]
    for i in range(n):
        services.disclosure_create(
            actor=officer,
            place=commune,
            draft=services.Draft(category="other", title=f"Thông báo số {i:03d}", summary="", body=""),
        )


def test_the_office_list_is_paginated_searchable_and_exported_whole(client_as, officer, commune) -> None:
    _many(officer, commune, 120)
    services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="other", title='=HYPERLINK("http://x")', summary="", body=""),
    )
    c = client_as(officer)
    first = c.get("/disclosures/office/").content.decode()
    assert "Thông báo số 119" in first and "Thông báo số 000" not in first  # 50 a page, newest first
    last = c.get("/disclosures/office/?page=3").content.decode()
    assert "Thông báo số 000" in last  # nothing is cut at 100
    found = c.get("/disclosures/office/?q=s%E1%BB%91+007").content.decode()
    assert "Thông báo số 007" in found and "Thông báo số 008" not in found
    past = c.get("/disclosures/office/?page=999")  # past the end: said, not the last page shown
    assert past.status_code == 404 and "Không có trang 999: danh sách có 3 trang." in past.content.decode()
    assert 'href="/disclosures/office/"' in past.content.decode()  # the list is one click away
    assert c.get("/disclosures/office/?status=bogus").status_code == 400  # not every status, in silence
    assert (
        c.get("/disclosures/office/?page=999&status=bogus\x00").status_code == 400
    )  # a NUL in the address: refused for every page (core.middleware)
    r = c.get("/disclosures/office/?format=csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 121
    assert any(row[1].startswith("'=HYPERLINK") for row in rows)  # no formula reaches a spreadsheet
