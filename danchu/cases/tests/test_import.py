from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from danchu.cases.models import Case

CSV_GOOD = (
    "type,place_code,title,content,field,name,phone,received\n"
    "phản ánh,{v},Đèn hỏng,Đèn đường hỏng,ha-tang,Lan,0911000001,05/01/2026\n"
    "kiến nghị,{v},Làm đường,Đề nghị bê tông hóa đường,,Minh,0911000002,2026-01-06\n"
)


def _upload(client, content: bytes, name: str = "so.csv", skip: bool = False):  # noqa: ANN001, ANN202
    data: dict[str, object] = {"file": SimpleUploadedFile(name, content)}
    if skip:
        data["skip_bad_rows"] = "on"
    return client.post("/cases/office/import/", data)


def test_good_csv_is_imported(client_as, officer, village):
    response = _upload(client_as(officer), CSV_GOOD.format(v=village.code).encode())
    assert response.status_code == 200
    assert Case.objects.count() == 2
    assert set(Case.objects.values_list("channel", flat=True)) == {"import"}
    assert Case.objects.get(title="Đèn hỏng").received_at.date().isoformat() == "2026-01-05"


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(client_as, officer, village):
    bad = (
        CSV_GOOD.format(v=village.code)
        + f"tố cáo,{village.code},Tố cáo,Nội dung,,,,\nphản ánh,XX999,A,B,,,,\n"
    )
    response = _upload(client_as(officer), bad.encode())
    page = response.content.decode()
    assert response.status_code == 400
    assert "4" in page and "5" in page and "XX999" in page
    assert Case.objects.count() == 0


def test_skip_bad_rows_imports_the_good_ones(client_as, officer, village):
    bad = CSV_GOOD.format(v=village.code) + "phản ánh,XX999,A,B,,,,\n"
    _upload(client_as(officer), bad.encode(), skip=True)
    assert Case.objects.count() == 2


def test_xlsx_is_imported(client_as, officer, village):
    wb = Workbook()
    ws = wb.active
    ws.append(["loại đơn", "mã địa bàn", "tiêu đề", "nội dung"])
    ws.append(["phản ánh", village.code, "Rác", "Rác tồn đọng"])
    out = io.BytesIO()
    wb.save(out)
    _upload(client_as(officer), out.getvalue(), name="so.xlsx")
    assert Case.objects.get().title == "Rác"


def test_a_file_without_the_required_columns_is_refused(client_as, officer):
    response = _upload(client_as(officer), b"a,b\n1,2\n")
    assert response.status_code == 400 and Case.objects.count() == 0


def _post_as_a_browser(browser, data: bytes, name: str):  # noqa: ANN001, ANN202
    return browser.post(
        "/cases/office/import/",
        {"file": SimpleUploadedFile(name, data), "csrfmiddlewaretoken": browser.csrf_token()},
        HTTP_ACCEPT_LANGUAGE="vi",
    )


def test_a_csv_saved_by_vietnamese_excel_with_semicolons_is_imported(browser_as, officer, village):
    """Excel in a Vietnamese locale separates a CSV's columns with semicolons (the comma is the
    decimal mark) and keeps the header as the register has it, with diacritics."""
    sheet = (
        "Loại đơn;Mã địa bàn;Tiêu đề;Nội dung;Họ và tên;Số điện thoại;Ngày nhận\n"
        f"Kiến nghị;{village.code};Sửa cống thôn 3;Cống tắc gây ngập, đề nghị nạo vét;Hà Văn Cống;0911000003;02/12/2026\n"
    )
    response = _post_as_a_browser(browser_as(officer), sheet.encode(), "so-don-thu.csv")
    assert response.status_code == 200, response.content.decode()[:500]
    case = Case.objects.get()
    assert (case.case_type, case.title, case.channel) == ("petition", "Sửa cống thôn 3", "import")


def test_a_future_day_and_a_nul_byte_are_refused_by_line_and_column(browser_as, officer, village):
    sheet = (
        "Mã địa bàn;Tiêu đề;Nội dung;Ngày nhận\n"
        f"{village.code};Đèn hỏng;Đèn đường thôn 2 hỏng;01/12/2026\n"
        f"{village.code};Đèn hỏng;Nhập sai năm;31/12/2036\n"
        f"{village.code};Rác\x00;Rác tồn đọng;01/12/2026\n"
    )
    response = _post_as_a_browser(browser_as(officer), sheet.encode(), "so.csv")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dòng 3: ngày “31/12/2036” là ngày trong tương lai" in page
    assert "Dòng 4: cột “Tiêu đề” có ký tự không được phép (NUL)" in page  # refused by its column
    assert Case.objects.count() == 0


def test_columns_the_import_does_not_read_are_named(client_as, officer, village):
    """A "Ghi chú" column, or the sender's phone under a name the import does not know, was left out
    without a word; and a register opening with its title above the header was refused."""
    text = (
        "SỔ TIẾP NHẬN PHẢN ÁNH, KIẾN NGHỊ NĂM 2026\n"
        "STT,place_code,title,content,SĐT người gửi,Ghi chú\n"
        f"1,{village.code},Đèn hỏng,Đèn đường hỏng,0911000001,đã chuyển\n"
    )
    response = _upload(client_as(officer), text.encode())
    html = response.content.decode()
    assert response.status_code == 200 and Case.objects.count() == 1
    assert "Các cột không được đọc: “STT”, “SĐT người gửi”, “Ghi chú”." in html


def test_days_as_registers_write_them_and_a_time_when_given(client_as, officer, village):
    """ "05.01.2026" and "05-01-2026" were refused as "not dd/mm/yyyy"; an exported timestamp keeps its
    time; a day before office hours counts from 08:00; a day that does not exist is quoted back."""
    from django.utils import timezone

    text = (
        "place_code,title,content,received\n"
        f"{village.code},Một,Nội dung,05.01.2026\n"
        f"{village.code},Hai,Nội dung,05-01-2026\n"
        f"{village.code},Ba,Nội dung,2026-01-05 14:30:00\n"
    )
    assert _upload(client_as(officer), text.encode()).status_code == 200
    at = {c.title: timezone.localtime(c.received_at) for c in Case.objects.all()}
    assert {t: (m.date().isoformat(), m.strftime("%H:%M")) for t, m in at.items()} == {
        "Một": ("2026-01-05", "08:00"),
        "Hai": ("2026-01-05", "08:00"),
        "Ba": ("2026-01-05", "14:30"),
    }
    bad = f"place_code,title,content,received\n{village.code},Bốn,Nội dung,30/02/2026\n"
    response = _upload(client_as(officer), bad.encode())
    assert response.status_code == 400
    assert "Dòng 2: ngày “30/02/2026” không đúng định dạng dd/mm/yyyy" in response.content.decode()
    assert Case.objects.count() == 3
