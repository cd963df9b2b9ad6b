from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection

from danchu.adminreform import importing, queries, services
from danchu.adminreform.models import Department, Figure
from danchu.core.errors import DomainError
from danchu.places.models import PlaceKind
from danchu.places.tests import factories as pf
from danchu.reporting.registry import INDICATORS

pytestmark = pytest.mark.django_db

HEADER = "Mã đơn vị;Từ ngày;Đến ngày;Kỳ trước chuyển qua;Trực tuyến;Trực tiếp;Trước hạn;Đúng hạn;Quá hạn;Toàn trình;Một phần;Mức độ 3;Mức độ 4"


def csv(*lines: str) -> io.BytesIO:
    return io.BytesIO("\n".join([HEADER, *lines]).encode())


@pytest.fixture
def department(province: Any, steering_member: Any) -> Department:
    return services.department_add(by=steering_member, province=province, code="STP", name="Sở Tư pháp")


def test_an_export_with_communes_and_departments(
    commune: Any, other_commune: Any, province: Any, department: Department, steering_member: Any
) -> None:
    data = csv(
        f"{commune.code};01/01/2025;31/12/2025;10;400;800;700;450;40;38;61;;",
        f"{other_commune.code};01/01/2025;31/12/2025;0;100;200;250;50;0;;;;",
        "STP;01/01/2025;31/12/2025;0;3000;2400;5000;300;100;120;85;;",
    )
    result = importing.import_figures(by=steering_member, file=data, filename="igate.csv")
    assert (result.created, result.updated) == (3, 0)
    stp = Figure.objects.get(department=department)
    assert (stp.place, stp.received, stp.resolved, stp.resolved_on_time) == (province, 5400, 5400, 5300)
    totals = queries.area_totals(province, 2025)
    with connection.cursor() as cursor:
        cursor.execute("SELECT SUM(received), SUM(resolved), SUM(resolved_on_time) FROM adminreform_figure")
        assert (totals.received, totals.resolved, totals.resolved_on_time) == tuple(cursor.fetchone())
    rows = list(
        INDICATORS.get("adminreform.received").compute(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    )  # type: ignore[misc]
    assert sum(v for _p, _b, v in rows) == totals.received == 1200 + 300 + 5400
    assert {b["unit"] for _p, b, _v in rows} == {"commune", "STP"}
    services_rows = list(
        INDICATORS.get("adminreform.online_services").compute(
            start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
        )
    )  # type: ignore[misc]
    assert sum(v for _p, b, v in services_rows if b["level"] == "full") == 158
    online = list(
        INDICATORS.get("adminreform.communes_online").compute(
            start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)
        )
    )  # type: ignore[misc]
    assert [p for p, _b, _v in online] == [commune.pk]
    # a second import of the same periods replaces, never adds twice
    again = importing.import_figures(
        by=steering_member,
        file=csv(f"{commune.code};01/01/2025;31/12/2025;10;400;800;700;450;40;;;;"),
        filename="igate.csv",
    )
    assert (again.created, again.updated) == (0, 1) and Figure.objects.count() == 3


def test_bad_rows_are_listed_with_their_lines_and_nothing_is_imported(
    commune: Any, steering_member: Any, department: Department
) -> None:
    data = csv(
        f"{commune.code};01/01/2025;31/12/2025;0;10;10;5;5;0;;;;",  # good
        "99999;01/01/2025;31/12/2025;0;10;10;5;5;0;;;;",  # unknown code
        f"{commune.code};01/01/2026;31/12/2026;0;10;10;5;5;0;;;;",  # period in the future
        "STP;01/01/2024;31/12/2024;0;10;10;30;5;0;;;;",  # resolved > received + carried over
        f"{commune.code};01/01/2024;31/12/2024;0;10;10;5;5;0;;;3;",  # "mức độ 3" after the terms changed
        f"{commune.code};01/01/2025;31/12/2025;0;10;10;5;5;0;;;;",  # the same unit and period again
        f"{commune.code};31/12/2023;01/01/2023;0;1;1;0;0;0;;;;",  # ends before it starts
        f"{'x' * 300};01/01/2023;31/12/2023;0;1;1;0;0;0;;;;",  # over-long code
    )
    with pytest.raises(DomainError) as refused:
        importing.import_figures(by=steering_member, file=data, filename="igate.csv")
    detail = refused.value.detail
    assert [d.split(":")[0].split()[-1] for d in detail] == ["3", "4", "5", "6", "7", "8", "9"]
    assert not Figure.objects.exists()


def test_a_part_greater_than_its_whole_is_refused_in_the_export(commune: Any, steering_member: Any) -> None:
    header = "ma_don_vi,tu_ngay,den_ngay,tiep_nhan,da_giai_quyet,dung_han_tong"
    data = io.BytesIO(f"{header}\n{commune.code},01/01/2025,31/12/2025,100,90,95\n".encode())
    with pytest.raises(DomainError, match="95"):
        importing.import_figures(by=steering_member, file=data, filename="x.csv")


def test_a_number_too_large_for_its_column_is_refused_with_its_line(
    browser_as: Any, commune: Any, officer: Any
) -> None:
    """A slip of the keyboard (a figure of 23 digits) is a line's message, not a server error."""
    header = "ma_don_vi,tu_ngay,den_ngay,tiep_nhan,da_giai_quyet,dung_han_tong"
    upload = io.BytesIO(
        f"{header}\n{commune.code},01/01/2025,31/12/2025,5,5,5\n"
        f"{commune.code},01/01/2024,31/12/2024,99999999999999999999999,5,5\n".encode()
    )
    upload.name = "igate.csv"
    client = browser_as(officer)
    response = client.post_form("/adminreform/import/", {"file": upload})
    assert response.status_code == 400  # the refusal's page, with the message
    assert "Dòng 3: Có số liệu lớn hơn 2.147.483.647" in response.content.decode()
    assert not Figure.objects.exists()


def test_the_import_page_lists_the_columns_a_file_may_have(browser_as: Any, officer: Any) -> None:
    """The officer preparing a file sees its headers on the page (no documentation at hand)."""
    page = browser_as(officer).get("/adminreform/office/").content.decode()
    columns = page.split('id="columns"')[1].split("</details>")[0]
    for header in (
        "Mã đơn vị",
        "Từ ngày",
        "Đến ngày",
        "Tiếp nhận",
        "Đã giải quyết",
        "Đúng hạn",
        "Toàn trình",
    ):
        assert f"<code>{header}</code>" in columns, header
    assert "Bắt buộc:" in columns and "tài liệu" not in page


def test_a_bad_cell_is_named_by_its_column_s_header(commune: Any, steering_member: Any) -> None:
    header = "ma_don_vi,tu_ngay,den_ngay,tiep_nhan"
    data = io.BytesIO(
        f"{header}\n{commune.code},31/02/2025,31/12/2025,5\n{commune.code},01/01/2024,31/12/2024,năm\n".encode()
    )
    with pytest.raises(DomainError) as refused:
        importing.import_figures(by=steering_member, file=data, filename="x.csv")
    detail = " ".join(refused.value.detail)
    assert "Từ ngày" in detail and "Tiếp nhận" in detail and "tu_ngay" not in detail


def test_an_old_commune_code_for_2021_uses_the_old_unit(province: Any, steering_member: Any) -> None:
    old_end = dt.date(2025, 6, 30)
    district = pf.PlaceFactory(
        code="654", name="Huyện Krông Pắc", kind=PlaceKind.DISTRICT, parent=province, valid_to=old_end
    )
    old = pf.PlaceFactory(
        code="L24496", name="Xã Ea Kly", kind=PlaceKind.COMMUNE, parent=district, valid_to=old_end
    )
    new = pf.commune(province, code="24496", name="Xã Ea Kly", valid_from=dt.date(2025, 7, 1))
    data = csv(
        "24496;01/01/2021;30/06/2021;0;0;3000;3000;0;0;;;12;3",
        "24496;01/01/2026;31/10/2026;0;10;10;5;5;0;4;2;;",
    )
    importing.import_figures(by=steering_member, file=data, filename="x.csv")
    assert Figure.objects.get(start=dt.date(2021, 1, 1)).place == old
    assert Figure.objects.get(start=dt.date(2026, 1, 1)).place == new
    with pytest.raises(DomainError, match="30/06/2025"):
        services.figure_record(
            by=steering_member,
            place=old,
            figures=services.Figures(
                start=dt.date(2025, 7, 1),
                end=dt.date(2025, 9, 30),
                received=1,
                resolved=1,
                resolved_on_time=1,
            ),
        )


def test_pages_as_users_meet_them(
    browser_as: Any, commune: Any, officer: Any, outsider: Any, province: Any, steering_member: Any
) -> None:
    ok = browser_as(officer).post_form(
        f"/adminreform/place/{commune.code}/centre/",
        {"name": "Bộ phận Một cửa xã", "opened_on": "2025-07-01"},
    )
    assert ok.status_code == 302
    assert (
        browser_as(outsider)
        .post_form(f"/adminreform/place/{commune.code}/centre/", {"name": "x", "opened_on": "2025-07-01"})
        .status_code
        == 404
    )
    assert (
        browser_as(officer)
        .post_form(f"/adminreform/place/{province.code}/departments/", {"code": "STP", "name": "Sở Tư pháp"})
        .status_code
        == 404
    )
    upload = io.BytesIO(
        f"ma_don_vi,tu_ngay,den_ngay,tiep_nhan,da_giai_quyet,dung_han_tong\n{commune.code},01/01/2025,31/12/2025,100,90,85\n".encode()
    )
    upload.name = "igate.csv"
    assert browser_as(steering_member).post_form("/adminreform/import/", {"file": upload}).status_code == 302
    page = browser_as().get(f"/adminreform/place/{province.code}/?year=2025")
    assert page.status_code == 200 and "1/2" in page.content.decode()  # the desk of one of the two communes
    assert browser_as().get("/adminreform/place/%00/").status_code == 404
    assert (
        browser_as()
        .get(f"/api/v1/adminreform/places/{commune.code}?year=2025")
        .json()["figures"][0]["received"]
        == 100
    )


def test_staff_with_no_unit_to_import_are_told_so_instead_of_a_form(
    client_as: Any, commune: Any, officer: Any, steering_member: Any
) -> None:
    """Found by QA: an enterprise's representative opened the import form, and every row they sent was
    refused ("bạn không quản lý …")."""
    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role

    rep = person_with_role(Role.WORKPLACE_REP, commune, full_name="Đinh Văn Doanh Nghiệp")
    page = client_as(rep).get("/adminreform/office/").content.decode()
    assert 'id="no-import"' in page and 'enctype="multipart/form-data"' not in page
    for person in (officer, steering_member):
        page = client_as(person).get("/adminreform/office/").content.decode()
        assert 'id="no-import"' not in page and 'enctype="multipart/form-data"' in page


def test_a_file_without_a_required_column_names_it_as_its_header(steering_member: Any) -> None:
    """Found by QA: "Thiếu cột: ma_don_vi, tu_ngay, den_ngay" named the internal keys."""
    data = io.BytesIO("Tiếp nhận;Đã giải quyết\n10;5\n".encode())
    with pytest.raises(DomainError) as refused:
        importing.import_figures(by=steering_member, file=data, filename="igate.csv")
    assert "Mã đơn vị, Từ ngày, Đến ngày" in str(refused.value.message)
    assert not Figure.objects.exists()


def test_columns_the_import_does_not_read_are_named_on_the_page_and_in_the_api(
    browser_as: Any, client: Any, token_for: Any, commune: Any, steering_member: Any
) -> None:
    """An export's "STT" and "Tên đơn vị" are no figure: said, not dropped in silence. "Tiếp nhận (hồ
    sơ)" is the received column with its unit, read; the full header of an export names none."""
    text = (
        "STT;Mã đơn vị;Tên đơn vị;Từ ngày;Đến ngày;Tiếp nhận (hồ sơ);Đã giải quyết;Đúng hạn và trước hạn\n"
        f"1;{commune.code};{commune.name};01/01/2025;31/12/2025;100;90;85\n"
    )
    upload = io.BytesIO(text.encode())
    upload.name = "igate.csv"
    browser = browser_as(steering_member)
    assert browser.post_form("/adminreform/import/", {"file": upload}).status_code == 302
    page = browser.get("/adminreform/office/").content.decode()
    assert "Các cột không được đọc: “STT”, “Tên đơn vị”." in page
    assert Figure.objects.get(place=commune).received == 100
    upload = io.BytesIO(text.encode())
    upload.name = "igate.csv"
    r = client.post("/api/v1/adminreform/import", {"file": upload}, **token_for(steering_member))
    assert r.status_code == 201 and r.json()["unread_columns"] == ["STT", "Tên đơn vị"]
    full = csv(f"{commune.code};01/01/2024;31/12/2024;10;400;800;700;450;40;38;61;;")
    assert importing.import_figures(by=steering_member, file=full, filename="igate.csv").unread_columns == []


def test_every_column_the_page_names_is_read_under_that_name() -> None:
    """The import page lists HEADERS; "Đúng hạn và trước hạn" was listed but read as no column."""
    from danchu.places.importing.reading import _header_key

    assert {key: _header_key(header, importing.ALIASES) for key, header in importing.HEADERS.items()} == {
        key: key for key in importing.HEADERS
    }


def test_asked_to_skip_bad_rows_the_good_ones_are_imported_on_the_page_and_through_the_api(
    browser_as: Any, client: Any, token_for: Any, commune: Any, other_commune: Any, steering_member: Any
) -> None:
    """A bad row refuses the file unless the good rows are asked for; a bad row's unit and period do
    not make a later good row of the same unit and period "already on an earlier line"."""
    lines = (
        f"{commune.code};01/01/2025;31/12/2025;0;abc;0;0;0;0;;;;",  # bad: not a number
        f"{commune.code};01/01/2025;31/12/2025;0;40;60;90;5;0;;;;",
        f"{other_commune.code};01/01/2025;31/12/2025;0;10;20;25;5;0;;;;",
    )
    browser = browser_as(steering_member)
    upload = csv(*lines)
    upload.name = "igate.csv"
    refused = browser.post_form(
        "/adminreform/import/", {"file": upload}, HTTP_REFERER="http://testserver/adminreform/office/"
    )
    assert refused.status_code == 400 and not Figure.objects.exists()
    page = refused.content.decode()  # the office page again, with the line refused
    assert "Không có gì được nhập. Dòng 2:" in page and 'action="/adminreform/import/"' in page
    upload = csv(*lines)
    upload.name = "igate.csv"
    assert browser.post_form("/adminreform/import/", {"file": upload, "skip_bad": "on"}).status_code == 302
    assert sorted(f.place.code for f in Figure.objects.all()) == sorted([commune.code, other_commune.code])
    assert "Đã bỏ qua 1 dòng: Dòng 2:" in browser.get("/adminreform/office/").content.decode()
    upload = csv(lines[0].replace("2025", "2024"), lines[1].replace("2025", "2024"))
    upload.name = "igate.csv"
    r = client.post(
        "/api/v1/adminreform/import", {"file": upload, "skip_bad_rows": "true"}, **token_for(steering_member)
    )
    assert r.status_code == 201 and r.json()["created"] == 1 and r.json()["skipped"][0].startswith("Dòng 2:")


def test_counts_with_thousands_are_read_and_a_fraction_is_refused(commune: Any, steering_member: Any) -> None:
    """An export writes "1.234" (or "1,234") dossiers: read as 1234. "12.5" was read as 125 in
    silence (every separator dropped): refused by its line and column now."""
    data = csv(f"{commune.code};01/01/2025;31/12/2025;0;1.234;1,000;1.100;900;234;0;;;")
    importing.import_figures(by=steering_member, file=data, filename="igate.csv")
    figure = Figure.objects.get(place=commune)
    assert (figure.received, figure.resolved, figure.resolved_on_time) == (2234, 2234, 2000)
    data = csv(f"{commune.code};01/01/2024;31/12/2024;0;12.5;0;0;0;0;;;;")
    with pytest.raises(DomainError) as refused:
        importing.import_figures(by=steering_member, file=data, filename="igate.csv")
    assert "Dòng 2" in refused.value.message and "“12.5”" in refused.value.message
