"""An imported register files each case once: a row naming a case already recorded (same place, type,
day received, title, content and name) or the same case as a line above is refused by its line."""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.cases.models import Case

HEADER = "type,place_code,title,content,name,phone,received,denounced\n"


def upload(client: Any, text: str, *, skip: bool = False) -> Any:
    data: dict[str, Any] = {"file": SimpleUploadedFile("so-tiep-nhan.csv", text.encode())}
    if skip:
        data["skip_bad_rows"] = "on"
    return client.post_form("/cases/office/import/", data)


def test_the_same_register_twice_is_refused_as_already_recorded(
    browser_as: Any, officer: Any, village: Any
) -> None:
    text = (
        HEADER
        + f"phản ánh,{village.code},Đèn đường hỏng,Đèn đường thôn 1 hỏng,Lò Văn Pá,0911000001,05/01/2026,\n"
        + f"tố cáo,{village.code},Tố cáo thu sai,Trưởng thôn thu quỹ sai,Y Bhin Niê,0987654321,06/01/2026,Trưởng thôn 1\n"
    )
    client = browser_as(officer)
    assert upload(client, text).status_code == 200 and Case.objects.count() == 2
    lamp = Case.objects.get(title="Đèn đường hỏng")

    again = upload(client, text, skip=True)

    page = again.content.decode()
    assert again.status_code == 400 and Case.objects.count() == 2
    assert f"hồ sơ này đã được ghi ({lamp.tracking_code})" in page
    assert "3" in page  # the denunciation's line, refused as well


def test_a_row_repeating_one_above_is_refused_by_its_line(
    browser_as: Any, officer: Any, village: Any
) -> None:
    row = (
        f"kiến nghị,{village.code},Làm đường,Đề nghị bê tông hóa đường,Phạm Thị Lan,0911000002,2026-01-06,\n"
    )
    other = f"kiến nghị,{village.code},Làm đường,Đề nghị làm mương,Phạm Thị Lan,0911000002,2026-01-06,\n"

    response = upload(browser_as(officer), HEADER + row + other + row)

    page = response.content.decode()
    assert response.status_code == 400 and not Case.objects.exists()
    assert "trùng với dòng 2 phía trên" in page
