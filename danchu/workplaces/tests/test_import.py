"""XLSX and CSV imports: line-numbered errors, nothing imported from a file with an error."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from danchu.core.errors import DomainError
from danchu.workplaces import importing
from danchu.workplaces.models import Conference, Dialogue, Unit

from .conftest import LAST_YEAR, xlsx

pytestmark = pytest.mark.django_db

UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại", "Sở hữu", "Mã địa bàn", "Số lao động", "Thủ trưởng"]
ACTIVITY_HEADER = ["Mã đơn vị", "Hoạt động", "Ngày", "Triệu tập", "Có mặt", "Nhận", "Giải quyết"]


def test_units_are_imported(officer: Any, commune: Any) -> None:
    data = xlsx(
        [
            UNIT_HEADER,
            [
                "DV-KP-09",
                "Trạm Y tế xã Krông Pắc",
                "Đơn vị sự nghiệp",
                "",
                commune.code,
                12,
                "Bác sĩ Lê Văn An",
            ],
            [
                "DN-KP-09",
                "Công ty TNHH Hồ tiêu Krông Pắc",
                "Doanh nghiệp",
                "Tư nhân",
                commune.code,
                "1.250",
                "",
            ],
        ]
    )
    result = importing.import_units(actor=officer, data=data)
    assert result.errors == [] and result.imported == 2
    assert Unit.objects.get(code="DN-KP-09").employees == 1250
    assert Unit.objects.get(code="DV-KP-09").body.place == commune


def test_a_unit_file_with_an_unknown_place_or_a_foreign_place_imports_nothing(
    officer: Any, commune: Any, other_commune: Any
) -> None:
    data = xlsx(
        [
            UNIT_HEADER,
            ["DV-KP-09", "Trạm Y tế xã Krông Pắc", "Đơn vị sự nghiệp", "", commune.code, 12, ""],
            ["DV-KP-10", "Trường Mầm non Hoa Sen", "Đơn vị sự nghiệp", "", "99999", 20, ""],
            ["DV-EK-10", "Trạm Y tế xã Ea Kly", "Đơn vị sự nghiệp", "", other_commune.code, 20, ""],
        ]
    )
    result = importing.import_units(actor=officer, data=data)
    assert [line for line, _m in result.errors] == [3, 4]
    assert "99999" in result.errors[0][1]
    assert result.imported == 0 and not Unit.objects.exists()


def test_activities_refuse_unknown_unit_future_period_and_resolved_above_received(
    officer: Any, enterprise: Any, foreign_enterprise: Any
) -> None:
    future = dt.date.today() + dt.timedelta(days=40)
    data = xlsx(
        [
            ACTIVITY_HEADER,
            ["DN-KP-01", "Hội nghị", f"15/11/{LAST_YEAR}", 40, 35, "", ""],
            ["DN-KP-01", "Đối thoại", f"20/06/{LAST_YEAR}", "", "", 5, 4],
            ["DN-XX-99", "Đối thoại", f"20/06/{LAST_YEAR}", "", "", 5, 4],
            ["DN-KP-01", "Đối thoại", future.strftime("%d/%m/%Y"), "", "", 1, 1],
            ["DN-KP-01", "Đối thoại", f"21/06/{LAST_YEAR}", "", "", 2, 3],
            ["DN-EK-01", "Đối thoại", f"21/06/{LAST_YEAR}", "", "", 2, 1],  # another commune's unit
        ]
    )
    result = importing.import_activities(actor=officer, data=data)
    lines = dict(result.errors)
    assert sorted(lines) == [4, 5, 6, 7]
    assert "DN-XX-99" in lines[4]
    assert "tương lai" in lines[5] or "future" in lines[5]
    assert "3" in lines[6] and "2" in lines[6]
    assert not Conference.objects.exists() and not Dialogue.objects.exists()


def test_a_good_activity_file_records_conference_and_dialogue(officer: Any, enterprise: Any) -> None:
    data = xlsx(
        [
            ACTIVITY_HEADER,
            ["DN-KP-01", "Hội nghị", dt.date(LAST_YEAR, 11, 15), 40, 35, "", ""],
            ["DN-KP-01", "Đối thoại", f"20/06/{LAST_YEAR}", "", "", 5, 4],
        ]
    )
    result = importing.import_activities(actor=officer, data=data)
    assert result.errors == [] and result.imported == 2
    conf = Conference.objects.get(unit=enterprise)
    assert conf.quorum_met and conf.year == LAST_YEAR
    assert Dialogue.objects.get(unit=enterprise).issues_resolved == 4


def test_the_import_page_lists_the_bad_lines(browser_as: Any, officer: Any, commune: Any) -> None:
    data = xlsx([UNIT_HEADER, ["DV-KP-10", "Trường Mầm non Hoa Sen", "Bệnh viện?", "", commune.code, 20, ""]])
    client = browser_as(officer)
    response = client.post_form(
        reverse("workplaces:import"),
        {"what": "units", "file": SimpleUploadedFile("don-vi.xlsx", data)},
    )
    assert response.status_code == 400
    assert "2" in response.content.decode() and not Unit.objects.exists()


def test_a_csv_saved_by_vietnamese_excel_is_imported_through_the_page(
    browser_as: Any, officer: Any, commune: Any
) -> None:
    """Excel in a Vietnamese locale saves a CSV with semicolons (the comma is the decimal mark)."""
    sheet = (
        ";".join(UNIT_HEADER)
        + f"\nDN-KP-11;Hợp tác xã Cà phê Ea Kly;Doanh nghiệp;Tập thể;{commune.code};35;\n"
    )
    response = browser_as(officer).post_form(
        reverse("workplaces:import"),
        {"what": "units", "file": SimpleUploadedFile("don-vi.csv", sheet.encode())},
    )
    assert response.status_code == 302, response.content.decode()[:300]
    unit = Unit.objects.get(code="DN-KP-11")
    assert (unit.name, unit.employees, unit.body.place) == ("Hợp tác xã Cà phê Ea Kly", 35, commune)


def test_a_nul_byte_in_a_csv_cell_refuses_its_row_by_line_and_column(officer: Any, commune: Any) -> None:
    sheet = ";".join(UNIT_HEADER) + (
        f"\nDN-KP-12;Công ty Cà phê;Doanh nghiệp;Tư nhân;{commune.code};10;\n"
        f"DN-KP-13;Công ty\x00 Hồ tiêu;Doanh nghiệp;Tư nhân;{commune.code};10;\n"
    )
    with translation.override("vi"):
        result = importing.import_units(actor=officer, data=sheet.encode(), filename="don-vi.csv")
    assert result.errors == [(3, "cột “Tên đơn vị” có ký tự không được phép (NUL)")]
    assert not Unit.objects.exists()


def test_a_broken_file_is_a_clear_refusal(officer: Any) -> None:
    from danchu.core.errors import DomainError

    with pytest.raises(DomainError):
        importing.import_units(actor=officer, data=b"not a workbook")


def test_the_import_page_lists_every_column_the_importer_reads(browser_as: Any, officer: Any) -> None:
    """The page's column list is the importer's: each listed name is read, each field read is listed."""
    html = browser_as(officer).get(reverse("workplaces:import")).content.decode()
    for listed, table in (
        (importing.UNIT_HELP, importing.UNIT_COLUMNS),
        (importing.ACTIVITY_HELP, importing.ACTIVITY_COLUMNS),
    ):
        names = [name for name, _label in listed]
        for name in names:
            assert f"<code>{name}</code>" in html
            assert importing._key(name) in table, name
        assert {table[importing._key(n)] for n in names} == set(table.values())


def test_columns_the_import_does_not_read_are_named_on_the_page(
    browser_as: Any, officer: Any, commune: Any
) -> None:
    """A register's "STT" and "Địa chỉ" name no column of a unit: said, not dropped in silence; the
    page's own header names none."""
    sheet = (
        ";".join(["STT", *UNIT_HEADER, "Địa chỉ"])
        + f"\n1;DN-KP-12;Công ty TNHH Cà phê Ea Kly;Doanh nghiệp;Tư nhân;{commune.code};35;;Thôn 3\n"
    )
    client = browser_as(officer)
    response = client.post_form(
        reverse("workplaces:import"),
        {"what": "units", "file": SimpleUploadedFile("don-vi.csv", sheet.encode())},
    )
    assert response.status_code == 302 and Unit.objects.filter(code="DN-KP-12").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Các cột không được đọc: “STT”, “Địa chỉ”." in page
    data = xlsx([ACTIVITY_HEADER, ["DN-KP-12", "Hội nghị", dt.date(LAST_YEAR, 3, 1), 30, 28, 2, 2]])
    assert importing.import_activities(actor=officer, data=data).unread_columns == []


@pytest.mark.parametrize("what", ["units", "activities"])
def test_the_sample_workbook_is_read_whole_and_imports_nothing_unchanged(
    browser_as: Any, client_as: Any, officer: Any, citizen: Any, what: str
) -> None:
    """The import page links a sample for each kind whose every column the import reads (a header
    named as no column was dropped in silence); uploaded unchanged it imports nothing."""
    from openpyxl import load_workbook

    client = browser_as(officer)
    url = f"/workplaces/import/{what}.xlsx"
    assert f'href="{url}"' in client.get(reverse("workplaces:import")).content.decode()
    sample = client.get(url)
    assert (
        sample.status_code == 200
        and sample["Content-Disposition"] == f'attachment; filename="mau-{what}.xlsx"'
    )
    header = [cell.value for cell in next(load_workbook(io.BytesIO(sample.content)).active.iter_rows())]
    columns = importing.UNIT_COLUMNS if what == "units" else importing.ACTIVITY_COLUMNS
    assert len(header) == len(importing.SAMPLES[what]) and all(importing._key(h) in columns for h in header)
    run = importing.import_units if what == "units" else importing.import_activities
    with pytest.raises(DomainError):
        run(actor=officer, data=sample.content, filename="mau.xlsx")
    assert not Unit.objects.exists()
    assert client_as(citizen).get(url).status_code in (403, 404)


def test_asked_to_skip_bad_rows_the_good_ones_are_imported(
    browser_as: Any, officer: Any, commune: Any
) -> None:
    """A unit of an unknown place, and one whose code an earlier good row took, are skipped and named
    by line when the good rows are asked for; without the choice nothing is imported."""
    sheet = ";".join(UNIT_HEADER) + "".join(
        f"\n{code};{name};Doanh nghiệp;Tư nhân;{place};10;"
        for code, name, place in [
            ("DN-KP-21", "Công ty A", commune.code),
            ("DN-KP-22", "Công ty B", "99999"),
            ("DN-KP-21", "Công ty C", commune.code),
            ("DN-KP-23", "Công ty D", commune.code),
        ]
    )
    client = browser_as(officer)
    upload = {"what": "units", "file": SimpleUploadedFile("don-vi.csv", sheet.encode())}
    assert (
        client.post_form(reverse("workplaces:import"), upload).status_code == 400
        and not Unit.objects.exists()
    )
    upload = {"what": "units", "skip_bad": "on", "file": SimpleUploadedFile("don-vi.csv", sheet.encode())}
    response = client.post_form(reverse("workplaces:import"), upload)
    assert response.status_code == 302
    assert sorted(u.name for u in Unit.objects.all()) == ["Công ty A", "Công ty D"]
    page = client.get(response["Location"]).content.decode()
    assert "Đã bỏ qua 2 dòng: Dòng 3:" in page and "Dòng 4:" in page


def test_a_number_of_employees_with_thousands_is_read_and_a_fraction_refused(
    officer: Any, commune: Any
) -> None:
    """ "1.200" employees is a thousand and two hundred; "12.5" was read as 125 in silence."""
    rows = [
        UNIT_HEADER,
        ["DN-KP-31", "Công ty Cao su", "Doanh nghiệp", "Nhà nước", commune.code, "1.200", ""],
    ]
    result = importing.import_units(actor=officer, data=xlsx(rows))
    assert result.imported == 1 and Unit.objects.get(code="DN-KP-31").employees == 1200
    rows = [UNIT_HEADER, ["DN-KP-32", "Công ty Chè", "Doanh nghiệp", "Nhà nước", commune.code, 12.5, ""]]
    result = importing.import_units(actor=officer, data=xlsx(rows))
    assert not result.imported and result.errors[0][0] == 2 and "12.5" in result.errors[0][1]


def test_the_dispersed_column_is_read_and_a_word_that_is_not_yes_or_no_refused(
    officer: Any, commune: Any
) -> None:
    """Staff working in dispersed places let a small unit convene delegates (checks.py); the column
    takes "có"/"không" as typed (x, 1/0, yes/no too; empty is no) and refuses anything else by line."""
    header = [*UNIT_HEADER, "Phân tán"]
    rows = [
        header,
        ["DN-KP-41", "Công ty Vận tải Ea Phê", "Doanh nghiệp", "Tư nhân", commune.code, 40, "", "Có"],
        ["DN-KP-42", "Công ty Xây dựng Krông Pắc", "Doanh nghiệp", "Tư nhân", commune.code, 25, "", "x"],
        ["DN-KP-43", "Công ty Cà phê Phước An", "Doanh nghiệp", "Tư nhân", commune.code, 30, "", "không"],
        ["DN-KP-44", "Công ty Chè Ea Yông", "Doanh nghiệp", "Tư nhân", commune.code, 30, "", ""],
    ]
    result = importing.import_units(actor=officer, data=xlsx(rows))
    assert result.errors == [] and result.imported == 4
    assert dict(Unit.objects.values_list("code", "dispersed")) == {
        "DN-KP-41": True,
        "DN-KP-42": True,
        "DN-KP-43": False,
        "DN-KP-44": False,
    }
    bad = [
        header,
        ["DN-KP-45", "Công ty Mía đường", "Doanh nghiệp", "Tư nhân", commune.code, 30, "", "có lẽ"],
    ]
    result = importing.import_units(actor=officer, data=xlsx(bad))
    assert not result.imported and result.errors == [(2, "Phân tán “có lẽ” không phải “có” hoặc “không”")]
    assert not Unit.objects.filter(code="DN-KP-45").exists()
