"""A table whose rows do not fit its header is refused by line, never read with a cell dropped.

An unquoted comma in an address ("Thôn 1, Ea Kly") makes one more cell than the header has: the
reader paired cells with headers and dropped the ones past the last header in silence, and every
cell after the comma landed in the next column. A cell under no header in a workbook, a header
written twice (the second column's values won), and a NUL byte in a file the importers read with
their own loop (the byte was dropped) went the same way.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from danchu.core.errors import DomainError
from danchu.places.importing import import_households, import_villages
from danchu.places.importing.reading import read_table
from danchu.places.models import Household, Place

pytestmark = pytest.mark.django_db

HEADER = "village_code,household_number,address,full_name,is_representative\n"


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ho.csv"
    path.write_bytes(text.encode("utf-8"))
    return path


def test_a_row_with_more_cells_than_the_header_is_refused_by_its_line(tmp_path: Path, village: Place) -> None:
    text = (
        "village_code,household_number,full_name,relation,address\n"
        "24181-001,HGD-01,Nguyễn Văn An,chủ hộ,Số 5\n"
        "24181-001,HGD-02,Lê Thị Bảy,chủ hộ,Thôn 1, Ea Kly\n"  # " Ea Kly" was dropped in silence
    )
    result = import_households(_csv(tmp_path, text), filename="ho.csv")
    assert [str(e) for e in result.errors] == [
        "Dòng 3: dòng có 6 ô nhưng tiêu đề có 5 cột (dấu phẩy trong một giá trị phải nằm trong ngoặc kép)"
    ]
    assert not Household.objects.exists()


def test_empty_cells_past_the_header_are_no_fault(tmp_path: Path, village: Place) -> None:
    """Spreadsheets save the empty cells past the last column (",,,") in every row, the header's too:
    nothing is lost, nothing refused."""
    text = HEADER.strip() + ",,,\n24181-001,HGD-01,Số 5,Nguyễn Văn An,x,,,\n"
    result = import_households(_csv(tmp_path, text), filename="ho.csv")
    assert not result.errors and Household.objects.count() == 1


def test_a_comma_that_shifts_a_value_into_an_unread_column_is_caught(tmp_path: Path, village: Place) -> None:
    """The shift pushed " Ea Kly" into "Ghi chú" (a column not read) and the row's last, empty cell off
    the end: no value stood past the header, and the address was imported as "Thôn 3"."""
    text = (
        "STT,Mã thôn,Số hộ,Họ và tên,Quan hệ,Địa chỉ,Ghi chú\n"
        "1,24181-001,HGD-01,Nguyễn Văn An,chủ hộ,Số 5,\n"
        "2,24181-001,HGD-02,Lê Thị Bảy,chủ hộ,Thôn 3, Ea Kly,\n"
    )
    result = import_households(_csv(tmp_path, text), filename="ho.csv")
    assert [e.line for e in result.errors] == [3] and "8" in str(result.errors[0])
    assert not Household.objects.exists()


def test_a_nul_byte_is_refused_by_its_line_by_every_importer(tmp_path: Path, village: Place) -> None:
    text = HEADER + "24181-001,HGD-01,Số 5,Nguyễn Văn\x00 An,x\n"
    result = import_households(_csv(tmp_path, text), filename="ho.csv")
    assert [e.line for e in result.errors] == [2] and "NUL" in str(result.errors[0])
    assert not Household.objects.exists()


def test_a_header_written_twice_is_refused(tmp_path: Path, village: Place) -> None:
    text = "village_code,household_number,full_name,Họ và tên,is_representative\n24181-001,HGD-01,A,B,x\n"
    with pytest.raises(DomainError) as refused:
        import_households(_csv(tmp_path, text), filename="ho.csv")
    assert refused.value.message == "Các cột “full_name” và “Họ và tên” cùng một nghĩa: hãy giữ một cột."


def test_a_workbook_cell_under_no_header_is_refused_by_its_line(tmp_path: Path, commune: Place) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["commune_code", "name", None])
    ws.append([commune.code, "Thôn Mới 1", None])
    ws.append([commune.code, "Thôn Mới 2", "ghi chú lạc cột"])
    path = tmp_path / "thon.xlsx"
    wb.save(path)
    rows = read_table(path, "thon.xlsx", {})
    assert not rows[0].unreadable and rows[1].unreadable == "cột 3 có giá trị nhưng không có tiêu đề"
    with pytest.raises(DomainError):
        rows[1].readable()
    assert [e.line for e in import_villages(path, filename="thon.xlsx").errors] == [3]


def test_columns_the_importer_does_not_read_are_named(
    tmp_path: Path, village: Place, client_as, officer, commune: Place
) -> None:
    """ "STT" and "Ghi chú" are no field; "SĐT" and "Số CMND" are read as the phone and identity number
    they are. The columns not read are named to the officer (they were left out without a word)."""
    text = (
        "STT,Mã thôn,Số hộ,Họ và tên,Quan hệ,SĐT,Số CMND,Ghi chú\n"
        "1,24181-001,HGD-01,Nguyễn Văn An,chủ hộ,0912345678,066070001234,đã xác minh\n"
    )
    result = import_households(_csv(tmp_path, text), filename="ho.csv")
    assert result.imported and result.unread_columns == ["STT", "Ghi chú"]
    member = Household.objects.get().members.get()
    assert member.phone == "0912345678" and member.id_number == "066070001234"

    from django.core.files.uploadedfile import SimpleUploadedFile

    villages = f"STT,commune_code,name,Ghi chu\n1,{commune.code},Thôn Mới,\n"
    response = client_as(officer).post(
        f"/places/office/communes/{commune.code}/import/",
        {"what": "villages", "file": SimpleUploadedFile("thon.csv", villages.encode(), "text/csv")},
        follow=True,
    )
    assert response.status_code == 200 and Place.objects.filter(name="Thôn Mới").exists()
    assert "Các cột không được đọc: “STT”, “Ghi chu”." in response.content.decode()


def test_a_header_with_a_hint_in_brackets_or_a_required_mark_is_read(tmp_path: Path, village: Place) -> None:
    """ "Họ và tên (*)", "Mã thôn *" and "Địa chỉ (số nhà, đường)" name the columns they begin with; the
    hints of a column that is no field ("STT (tự động)") stay in the unread columns as written."""
    text = (
        'Mã thôn *,Số hộ (*),Họ và tên (*),Quan hệ với chủ hộ:,"Địa chỉ (số nhà, đường)",STT (tự động)\n'
        "24181-001,HGD-01,Nguyễn Văn An,chủ hộ,Số 5 đường Hùng Vương,1\n"
    )
    result = import_households(_csv(tmp_path, text), filename="ho.csv")
    assert result.imported and result.unread_columns == ["STT (tự động)"]
    household = Household.objects.get()
    assert household.address == "Số 5 đường Hùng Vương"
    assert household.members.get().full_name == "Nguyễn Văn An"
    # A header that is only a hint keeps its key as written (no empty key), and is named unread.
    rows = read_table(_csv(tmp_path, "(*),full_name\nx,A\n"), "ho.csv", {})
    assert rows[0].values == {"": "x", "full_name": "A"}


def test_the_title_above_the_table_is_no_header(tmp_path: Path, village: Place) -> None:
    """An office's spreadsheet opens with the national motto and a title; the header is found under
    them (the first row had been taken as the header: "Missing columns"), and lines stay the file's."""
    wb = Workbook()
    ws = wb.active
    ws.append(["UBND XÃ EA KLY", None, None, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"])
    ws.append([None, None, None, "Độc lập - Tự do - Hạnh phúc"])
    ws.append(["DANH SÁCH HỘ GIA ĐÌNH THÔN 1"])
    ws.append([])
    ws.append(["STT", "Mã thôn", "Số hộ", "Họ và tên", "Quan hệ"])
    ws.append([1, "24181-001", "HGD-01", "Nguyễn Văn An", "chủ hộ"])
    ws.append([2, "24181-001", "HGD-02", "", "chủ hộ"])
    path = tmp_path / "ho.xlsx"
    wb.save(path)
    result = import_households(path, filename="ho.xlsx")
    assert [e.line for e in result.errors] == [7]  # the file's line, under its five opening rows
    csv_text = "DANH SÁCH HỘ GIA ĐÌNH THÔN 1\n\nMã thôn;Số hộ;Họ và tên;Quan hệ\n24181-001;HGD-01;Nguyễn Văn An;chủ hộ\n"
    result = import_households(_csv(tmp_path, csv_text), filename="ho.csv")
    assert result.imported and Household.objects.count() == 1


@pytest.mark.parametrize("what", ["villages", "households"])
def test_the_sample_workbook_imports_as_it_is(
    client_as, officer, commune: Place, village: Place, what
) -> None:
    """The officer downloads the sample from the upload page and uploads it back unchanged: every
    column is read and its example rows are imported."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    c = client_as(officer)
    page = c.get(f"/places/office/communes/{commune.code}/import/").content.decode()
    url = f"/places/office/communes/{commune.code}/import/{what}.xlsx"
    assert f'href="{url}"' in page
    sample = c.get(url)
    assert sample.status_code == 200 and sample["Content-Disposition"].endswith(f'-{commune.code}.xlsx"')
    response = c.post(
        f"/places/office/communes/{commune.code}/import/",
        {"what": what, "file": SimpleUploadedFile("mau.xlsx", sample.content)},
        follow=True,
    )
    html = response.content.decode()
    assert (
        response.status_code == 200
        and f"Đã nhập: {2 if what == 'villages' else 1} tạo mới" in html
        and "không được đọc" not in html
    )
    if what == "households":
        assert Household.objects.get(number="VD-01").members.count() == 2
    assert c.get(f"/places/office/communes/{commune.code}/import/people.xlsx").status_code == 404


def test_the_sample_is_for_the_officers_own_communes(client_as, officer, other_commune: Place) -> None:
    assert client_as(officer).get(
        f"/places/office/communes/{other_commune.code}/import/households.xlsx"
    ).status_code in (403, 404)


def test_a_quotation_mark_never_closed_refuses_the_file_by_its_line(tmp_path: Path, village: Place) -> None:
    """Read leniently, the note's stray `"` swallowed the rows below it: one household imported, the
    others gone without a word."""
    text = (
        "village_code,household_number,address,full_name,note\n"
        '24181-001,HGD-01,Số 5,Nguyễn Văn An,"nộp tại nhà văn hóa\n'
        "24181-001,HGD-02,Số 6,Lê Thị Bảy,\n"
        "24181-001,HGD-03,Số 7,Trần Văn Ba,\n"
    )
    with pytest.raises(DomainError, match="Dòng 2: có dấu ngoặc kép"):
        import_households(_csv(tmp_path, text), filename="ho.csv")
    assert not Household.objects.exists()


def test_rows_caught_between_two_stray_quotation_marks_are_refused(tmp_path: Path, village: Place) -> None:
    text = (
        "village_code,household_number,address,full_name,is_representative\n"
        '24181-001,HGD-01,"Số 5,Nguyễn Văn An,x\n'
        "24181-001,HGD-02,Số 6,Lê Thị Bảy,x\n"
        '24181-001,HGD-03,Số 7",Trần Văn Ba,x\n'
        "24181-001,HGD-04,Số 8,Phạm Thị Tư,x\n"
    )
    result = import_households(_csv(tmp_path, text), filename="ho.csv")
    assert [e.line for e in result.errors] == [2] and "ngoặc kép" in str(result.errors[0])
    assert not Household.objects.exists()


def test_a_cell_on_several_lines_is_still_one_cell(tmp_path: Path, village: Place) -> None:
    """What a spreadsheet saves for a cell with line breaks: quoted, read as one value."""
    text = (
        HEADER
        + '24181-001,HGD-01,"Số 5\nđường Hùng Vương",Nguyễn Văn An,x\n24181-001,HGD-02,Số 6,Lê Thị Bảy,x\n'
    )
    result = import_households(_csv(tmp_path, text), filename="ho.csv")
    assert not result.errors and Household.objects.count() == 2
    assert Household.objects.get(number="HGD-01").address == "Số 5 đường Hùng Vương"  # one line


def test_a_cell_past_the_reader_s_limit_is_a_400_naming_its_line(client_as, officer, commune: Place) -> None:
    """140,000 characters in one cell answered 500 (the csv module's field limit) on every import."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    villages = f"commune_code,name\n{commune.code},Thôn Mới\n{commune.code},{'Đ' * 140_000}\n"
    response = client_as(officer).post(
        f"/places/office/communes/{commune.code}/import/",
        {"what": "villages", "file": SimpleUploadedFile("thon.csv", villages.encode(), "text/csv")},
    )
    assert response.status_code == 400
    assert "Dòng 3: có ô dài hơn 131.072 ký tự." in response.content.decode()
    assert not Place.objects.filter(name="Thôn Mới").exists()


def test_a_workbook_saved_under_a_csv_name_is_read_as_the_workbook_it_is(
    tmp_path: Path, village: Place
) -> None:
    """It was refused as "not UTF-8 text: save it as CSV UTF-8" — advice about a file it was not."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã thôn", "Số hộ", "Họ và tên", "Quan hệ"])
    ws.append(["24181-001", "HGD-01", "Nguyễn Văn An", "chủ hộ"])
    path = tmp_path / "ho.csv"
    wb.save(path)
    result = import_households(path, filename="ho.csv")
    assert not result.errors and Household.objects.get().number == "HGD-01"


def test_numbers_a_workbook_kept_as_numbers_get_their_leading_zero_back(
    tmp_path: Path, village: Place
) -> None:
    """A CCCD and a mobile number typed into cells Excel took for numbers lost their leading zero
    (66070009999, 912345678) and the row was refused."""
    wb = Workbook()
    ws = wb.active
    ws.append(["Mã thôn", "Số hộ", "Họ và tên", "Quan hệ", "Số CCCD", "SĐT"])
    ws.append(["24181-001", "HGD-01", "Lò Văn Pá", "chủ hộ", 66070009999, 912345678])
    path = tmp_path / "ho.xlsx"
    wb.save(path)
    result = import_households(path, filename="ho.xlsx")
    assert not result.errors, [str(e) for e in result.errors]
    member = Household.objects.get().members.get()
    assert (member.id_number, member.phone) == ("066070009999", "0912345678")
