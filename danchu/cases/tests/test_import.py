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
