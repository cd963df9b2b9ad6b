from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from danchu.places.importing import import_households
from danchu.places.models import Household, HouseholdEvent, HouseholdMember, Place
from danchu.places.tests.factories import rep

pytestmark = pytest.mark.django_db

HEADER = "village_code,household_number,address,full_name,birth_date,gender,relation,id_number,phone,is_representative\n"
GOOD = (
    HEADER
    + """24181-001,HGD-01,Số 5 đường Hùng Vương,Nguyễn Văn An,12/03/1970,nam,chủ hộ,066070001234,0912 345 678,x
24181-001,HGD-01,,Trần Thị Bình,1972-05-01,nữ,vợ,,,
24181-001,HGD-01,,Nguyễn Văn Cường,01/01/2000,nam,con,,,
24181-001,HGD-02,Buôn Ea Kmát,Y Bhin Niê,,nam,chủ hộ,,,
"""
)


def write(tmp_path: Path, text: str, bom: bool = False) -> Path:
    path = tmp_path / "ho.csv"
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_good_file_registers_households_members_and_representatives(tmp_path: Path, village: Place) -> None:
    result = import_households(write(tmp_path, GOOD, bom=True), filename="ho.csv")

    assert result.imported and result.created == 2, result.errors
    first = Household.objects.get(village=village, number="HGD-01")
    assert first.address == "Số 5 đường Hùng Vương"
    assert rep(first).full_name == "Nguyễn Văn An"
    assert rep(first).id_number == "066070001234"
    assert rep(first).phone == "0912345678"
    assert first.members.count() == 3
    wife = first.members.get(full_name="Trần Thị Bình")
    assert wife.birth_date == dt.date(1972, 5, 1) and wife.relation == HouseholdMember.Relation.SPOUSE
    # No one flagged: the head of household represents it.
    assert rep(Household.objects.get(number="HGD-02")).full_name == "Y Bhin Niê"


def test_rerun_is_safe_and_a_changed_representative_is_recorded(tmp_path: Path, village: Place) -> None:
    import_households(write(tmp_path, GOOD), filename="ho.csv")
    again = import_households(write(tmp_path, GOOD), filename="ho.csv")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert HouseholdMember.objects.count() == 4

    changed = GOOD.replace("066070001234,0912 345 678,x", "066070001234,0912 345 678,").replace(
        "1972-05-01,nữ,vợ,,,", "1972-05-01,nữ,vợ,,,x"
    )
    result = import_households(write(tmp_path, changed), filename="ho.csv")

    assert result.updated == 1
    household = Household.objects.get(number="HGD-01")
    assert rep(household).full_name == "Trần Thị Bình"
    assert household.events.filter(kind=HouseholdEvent.Kind.REPRESENTATIVE_CHANGED).count() == 1
    assert HouseholdMember.objects.count() == 4


def test_bad_rows_are_listed_with_line_numbers_and_nothing_is_imported(
    tmp_path: Path, village: Place
) -> None:
    text = (
        HEADER
        + """24181-001,HGD-01,,Nguyễn Văn An,31/02/1970,nam,chủ hộ,,,x
24181-999,HGD-02,,Lê Văn Bảy,,nam,chủ hộ,,,x
24181-001,HGD-03,,,,nam,chủ hộ,,,x
24181-001,HGD-04,,Phạm Thị Tư,,nữ,con,12345,,
24181-001,HGD-05,,Hồ Văn Năm,,nam,chủ hộ,,,
"""
    )
    result = import_households(write(tmp_path, text), filename="ho.csv")

    assert not result.imported
    by_line = {e.line: str(e) for e in result.errors}
    assert set(by_line) == {2, 3, 4, 5}
    assert "31/02/1970" in by_line[2]
    assert "24181-999" in by_line[3]
    assert "12345" in by_line[5]
    assert not Household.objects.exists()


def test_over_long_names_and_addresses_are_rows_in_error_not_truncated(
    tmp_path: Path, village: Place
) -> None:
    """The columns hold 200 and 255 characters: PostgreSQL would refuse the whole import with an
    error page, SQLite would keep the 5,000 characters."""
    text = (
        HEADER
        + f"24181-001,HGD-01,,{'Nguyễn Văn ' + 'A' * 5000},,nam,chủ hộ,,,x\n"
        + f"24181-001,HGD-02,{'Số 5 ' * 60},Trần Văn Bình,,nam,chủ hộ,,,x\n"
        + f"24181-001,HGD-03,{'Số 5 ' * 50},{'Lê Văn ' + 'B' * 193},,nam,chủ hộ,,,x\n"
    )
    result = import_households(write(tmp_path, text), filename="ho.csv")

    assert not result.imported
    by_line = {e.line: str(e) for e in result.errors}
    assert set(by_line) == {2, 3}
    assert "200" in by_line[2] and "255" in by_line[3]
    assert not Household.objects.exists()


def test_household_without_representative_or_head_is_refused(tmp_path: Path, village: Place) -> None:
    text = HEADER + "24181-001,HGD-01,,Nguyễn Văn An,,nam,con,,,\n"

    result = import_households(write(tmp_path, text), filename="ho.csv")

    assert [e.line for e in result.errors] == [2]
    assert "HGD-01" in str(result.errors[0])


def test_skip_errors_skips_the_whole_household_of_a_bad_row(tmp_path: Path, village: Place) -> None:
    text = GOOD + "24181-001,HGD-02,,Niê Thị Hoa,99/99/1999,nữ,vợ,,,\n"

    result = import_households(write(tmp_path, text), filename="ho.csv", skip_errors=True)

    assert result.imported and result.created == 1
    assert list(Household.objects.values_list("number", flat=True)) == ["HGD-01"]
    assert result.skipped_rows == 2


def test_xlsx_with_date_cells(tmp_path: Path, village: Place) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(
        [
            "Mã thôn",
            "Số hộ",
            "Địa chỉ",
            "Họ và tên",
            "Ngày sinh",
            "Giới tính",
            "Quan hệ",
            "Số CCCD",
            "Số điện thoại",
            "Đại diện",
        ]
    )
    ws.append(
        ["24181-001", 7, "Thôn 1", "Đỗ Văn Hải", dt.datetime(1965, 4, 30), "Nam", "Chủ hộ", None, None, "x"]
    )
    path = tmp_path / "ho.xlsx"
    wb.save(path)

    result = import_households(path, filename="ho.xlsx")

    assert result.created == 1, result.errors
    household = Household.objects.get()
    assert household.number == "7"
    assert rep(household).birth_date == dt.date(1965, 4, 30)


def test_missing_columns_are_named(tmp_path: Path, village: Place) -> None:
    from danchu.core.errors import DomainError

    with pytest.raises(DomainError) as e:
        import_households(write(tmp_path, "village_code,full_name\n24181-001,A\n"), filename="ho.csv")
    assert "household_number" in e.value.message


def test_a_missing_column_is_named_in_vietnamese_with_the_misspelt_header_beside_it(
    tmp_path: Path, village: Place
) -> None:
    """ "Sô hộ khẩuu" names no column: the refusal says which required column is missing as the sample
    writes it and as the page lists it, then the header it could not read."""
    from danchu.core.errors import DomainError

    text = "Mã thôn;Sô hộ khẩuu;Họ và tên\n24181-001;HGD-01;Nguyễn Văn An\n"
    with pytest.raises(DomainError) as e:
        import_households(write(tmp_path, text), filename="ho.csv")
    assert e.value.message == (
        "Thiếu cột: Số hộ (household_number). Các cột không được đọc: “Sô hộ khẩuu”. "
        "Muốn nhập cột nào, hãy đặt tên cột đó như trong danh sách các cột."
    )
    assert not Household.objects.exists()


def test_a_representative_cell_that_is_neither_yes_nor_no_is_refused_by_line(
    tmp_path: Path, village: Place
) -> None:
    """A typo ("cos") was read as "no" in silence: the household got another representative."""
    text = HEADER + f"{village.code},HGD-77,Thôn 1,Nguyễn Văn Bảy,01/01/1980,nam,chủ hộ,,,cos\n"
    result = import_households(write(tmp_path, text), filename="ho.csv")
    assert not result.imported and not Household.objects.filter(number="HGD-77").exists()
    assert [(e.line, e.message) for e in result.errors] == [
        (2, '"cos" không phải có hoặc không (đánh x hoặc để trống).')
    ]
