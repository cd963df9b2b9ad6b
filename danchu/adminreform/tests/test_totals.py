"""The total row of a unit's table of one-stop figures, on the page and in the downloaded file: the
dossier counts added (equal to a direct SQL sum), the services column (a stock) never added, and no
total at all when two periods of one unit overlap."""

from __future__ import annotations

import csv as csvlib
import io
import re
from typing import Any

import pytest
from django.db import connection
from openpyxl import load_workbook

from danchu.adminreform import importing, services

pytestmark = pytest.mark.django_db

HEADER = (
    "ma_don_vi,tu_ngay,den_ngay,tiep_nhan,tiep_nhan_truc_tuyen,tiep_nhan_truc_tiep,da_giai_quyet,dung_han_tong,"
    "dvc_toan_trinh"
)


def _import(by: Any, *lines: str) -> None:
    data = io.BytesIO("\n".join([HEADER, *lines]).encode())
    importing.import_figures(by=by, file=data, filename="igate.csv")


@pytest.fixture
def halves(commune: Any, steering_member: Any) -> None:
    _import(
        steering_member,
        f"{commune.code},01/01/2025,30/06/2025,100,40,60,90,85,30",
        f"{commune.code},01/07/2025,31/12/2025,1120,50,1070,1110,1100,38",
    )


def _sql_sums(place: Any) -> tuple[int, int, int, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT SUM(received), SUM(received_online), SUM(resolved), SUM(resolved_on_time) "
            "FROM adminreform_figure WHERE place_id = %s",
            [place.pk],
        )
        return tuple(cursor.fetchone())  # type: ignore[return-value]


def _cells(html: str) -> list[str]:
    footer = re.search(r'<tr id="figures-total">(.*?)</tr>', html, re.S)
    assert footer is not None, "no total row"
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", footer[1], re.S)
    ]


def test_the_page_adds_the_counts_and_not_the_services(browser_as: Any, commune: Any, halves: None) -> None:
    page = browser_as().get(f"/adminreform/place/{commune.code}/?year=2025")
    assert page.status_code == 200
    cells = _cells(page.content.decode())
    assert _sql_sums(commune) == (1220, 90, 1200, 1185)
    # Total, (period), received, online, resolved, on time, services: thousands as Vietnamese write them.
    assert cells[1:] == ["", "1.220", "90", "1.200", "1.185", "—"]  # 30 + 38 services would mean nothing


def test_the_csv_file_ends_with_the_same_total(browser_as: Any, commune: Any, halves: None) -> None:
    r = browser_as().get(f"/adminreform/place/{commune.code}/figures.csv?year=2025")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csvlib.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 2 + 1  # headers, two halves, the total
    total = rows[-1]
    assert [int(x) for x in total[3:7]] == list(_sql_sums(commune))
    assert total[7] == ""
    assert rows[1][7] and rows[2][7]  # each half's own services stay on its row


def test_the_xlsx_file_ends_with_the_same_total(browser_as: Any, commune: Any, halves: None) -> None:
    r = browser_as().get(f"/adminreform/place/{commune.code}/figures.xlsx?year=2025")
    assert r.status_code == 200 and "attachment" in r["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == 4
    assert rows[-1][3:7] == list(_sql_sums(commune))
    assert rows[-1][7] in (None, "")


def test_a_province_adds_its_departments_rows(
    browser_as: Any, province: Any, steering_member: Any, commune: Any
) -> None:
    for code, name in (("STP", "Sở Tư pháp"), ("SNN", "Sở Nông nghiệp và Môi trường")):
        services.department_add(by=steering_member, province=province, code=code, name=name)
    _import(
        steering_member,
        "STP,01/01/2025,31/12/2025,5400,3000,2400,5400,5300,120",
        "SNN,01/01/2025,31/12/2025,2000,1500,500,1900,1800,80",
        f"{commune.code},01/01/2025,31/12/2025,999,0,999,999,999,",  # a commune: its own page, not this table
    )
    cells = _cells(browser_as().get(f"/adminreform/place/{province.code}/?year=2025").content.decode())
    assert cells[2:6] == ["7.400", "4.500", "7.300", "7.100"]
    rows = list(
        csvlib.reader(
            io.StringIO(
                browser_as()
                .get(f"/adminreform/place/{province.code}/figures.csv?year=2025")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert [int(x) for x in rows[-1][3:7]] == [7400, 4500, 7300, 7100] == list(_sql_sums(province))


def test_overlapping_periods_of_one_unit_get_no_total(
    browser_as: Any, commune: Any, steering_member: Any
) -> None:
    _import(
        steering_member,
        f"{commune.code},01/01/2025,31/12/2025,400,40,360,390,380,",
        f"{commune.code},01/01/2025,31/03/2025,100,10,90,95,90,",
    )
    html = browser_as().get(f"/adminreform/place/{commune.code}/?year=2025").content.decode()
    cells = _cells(html)
    assert len(cells) == 2 and "500" not in cells[1]  # "Total" and the sentence saying why there is none
    rows = list(
        csvlib.reader(
            io.StringIO(
                browser_as()
                .get(f"/adminreform/place/{commune.code}/figures.csv?year=2025")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert rows[-1][1] and rows[-1][3:7] == ["", "", "", ""]


def test_no_figures_no_total_and_the_file_has_only_headers(browser_as: Any, commune: Any) -> None:
    page = browser_as().get(f"/adminreform/place/{commune.code}/?year=2025").content.decode()
    assert 'id="figures-total"' not in page
    rows = list(
        csvlib.reader(
            io.StringIO(
                browser_as()
                .get(f"/adminreform/place/{commune.code}/figures.csv?year=2025")
                .content.decode("utf-8-sig")
            )
        )
    )
    assert len(rows) == 1


def test_a_unit_that_does_not_exist_is_404(browser_as: Any, db: Any) -> None:
    assert browser_as().get("/adminreform/place/99999/figures.xlsx").status_code == 404


def test_the_api_gives_the_same_total(client: Any, commune: Any, halves: None) -> None:
    body = client.get(f"/api/v1/adminreform/places/{commune.code}?year=2025").json()
    total = body["total"]
    assert total["additive"] is True and total["rows"] == 2
    assert (
        total["received"],
        total["received_online"],
        total["resolved"],
        total["resolved_on_time"],
    ) == _sql_sums(commune)


def test_the_api_gives_no_sum_for_overlapping_periods(
    client: Any, commune: Any, steering_member: Any
) -> None:
    _import(
        steering_member,
        f"{commune.code},01/01/2025,31/12/2025,400,40,360,390,380,",
        f"{commune.code},01/01/2025,31/03/2025,100,10,90,95,90,",
    )
    total = client.get(f"/api/v1/adminreform/places/{commune.code}?year=2025").json()["total"]
    assert total["additive"] is False and total["received"] is None
    empty = client.get(f"/api/v1/adminreform/places/{commune.code}?year=2024").json()
    assert empty["figures"] == [] and empty["total"] is None


def test_a_year_outside_the_figures_is_refused_not_moved(browser_as: Any, commune: Any) -> None:
    """`?year=abc` showed this year's figures and `?year=1990` those of 2015, each as if asked."""
    page = browser_as()
    for bad in ("abc", "1990", "3000"):
        r = page.get(f"/adminreform/place/{commune.code}/", {"year": bad})
        assert r.status_code == 400 and f"“{bad}”" in r.content.decode(), bad


def test_the_api_refuses_a_year_outside_the_figures_too(client: Any, commune: Any, province: Any) -> None:
    """The API moved ?year=1990 to 2000 and ?year=3000 to this year and answered as if asked."""
    for bad in (1990, 3000):
        r = client.get(f"/api/v1/adminreform/places/{commune.code}", {"year": bad})
        assert r.status_code == 400 and r.json()["code"] == "bad_year", bad
    assert client.get(f"/api/v1/adminreform/places/{commune.code}", {"year": 2025}).status_code == 200
