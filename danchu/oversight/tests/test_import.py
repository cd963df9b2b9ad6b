from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from danchu.core.errors import DomainError
from danchu.oversight.importing import matters_import
from danchu.oversight.models import Board, Matter, Recommendation

pytestmark = pytest.mark.django_db
HEADER = [
    "Tiêu đề",
    "Nội dung",
    "Ngày tiếp nhận",
    "Thôn",
    "Ngày kết luận",
    "Kết luận",
    "Dấu hiệu vi phạm",
    "Kiến nghị",
    "Người có thẩm quyền",
    "Ngày kiến nghị",
    "Ngày trả lời",
    "Trả lời",
    "Ngày giải quyết",
]


def xlsx(rows: list[list[Any]]) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("vu-viec-2024.xlsx", buf.getvalue())


GOOD = [
    [
        "Thu quỹ sai quy định",
        "Thôn thu quỹ an ninh",
        "15/03/2024",
        "Thôn 1",
        "20/04/2024",
        "Thu sai",
        "có",
        "Hoàn trả",
        "Chủ tịch UBND xã",
        "22/04/2024",
        "05/05/2024",
        "Đã chỉ đạo hoàn trả",
        "10/05/2024",
    ],
    [
        "Đường bê tông nứt",
        "Đường thôn 2 nứt sau 3 tháng",
        dt.date(2024, 6, 1),
        "",
        dt.date(2024, 7, 1),
        "Không vi phạm",
        "không",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
]


def test_a_good_file_imports_every_past_matter(board: Board, board_member: Any) -> None:
    imported = matters_import(actor=board_member, board=board, file=xlsx(GOOD))
    assert len(imported) == 2
    first = Matter.objects.get(title="Thu quỹ sai quy định")
    assert first.status == Matter.Status.RESOLVED and first.signs_of_violation and first.village is not None
    assert first.resolved_on == dt.date(2024, 5, 10)
    assert Recommendation.objects.get(matter=first).answered_on == dt.date(2024, 5, 5)
    assert Matter.objects.get(title="Đường bê tông nứt").status == Matter.Status.CONCLUDED


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(board: Board, board_member: Any) -> None:
    bad = [
        GOOD[0],
        ["", "Thiếu tiêu đề", "01/02/2024", "", "", "", "", "", "", "", "", "", ""],
        ["Ngày sai", "x", "31/02/2024", "Thôn Không Có", "", "", "có lẽ", "", "", "", "", "", ""],
        [
            "Giải quyết khi chưa trả lời",
            "x",
            "01/02/2024",
            "",
            "01/03/2024",
            "x",
            "có",
            "Kiến nghị",
            "UBND xã",
            "02/03/2024",
            "",
            "",
            "05/03/2024",
        ],
    ]
    with pytest.raises(DomainError) as refused:
        matters_import(actor=board_member, board=board, file=xlsx(bad))
    lines = {e["line"] for e in refused.value.detail}
    assert lines == {3, 4, 5}
    assert "3" in refused.value.message and "5" in refused.value.message
    assert not Matter.objects.exists()


def test_a_file_that_is_not_xlsx_is_refused(board: Board, board_member: Any) -> None:
    with pytest.raises(DomainError):
        matters_import(actor=board_member, board=board, file=SimpleUploadedFile("a.xlsx", b"not a workbook"))


def test_import_page_reports_the_lines(browser_as: Any, board: Board, board_member: Any) -> None:
    client = browser_as(board_member)
    bad = xlsx([["", "x", "xx", "", "", "", "", "", "", "", "", "", ""]])
    r = client.post(
        f"/oversight/boards/{board.pk}/import/",
        {"file": bad, "csrfmiddlewaretoken": client.csrf_token()},
        HTTP_REFERER=f"http://testserver/oversight/boards/{board.pk}/",
    )
    assert r.status_code == 303
    page = client.get(f"/oversight/boards/{board.pk}/").content.decode()
    assert "2" in page and ("dòng 2" in page or "line 2" in page)
    assert not Matter.objects.exists()


def test_import_through_the_api_reports_lines_in_detail(
    client: Any, token_for: Any, board: Board, board_member: Any
) -> None:
    url = f"/api/v1/oversight/boards/{board.pk}/import"
    bad = xlsx([GOOD[0], ["", "x", "31/02/2024", "", "", "", "", "", "", "", "", "", ""]])
    r = client.post(url, {"file": bad}, **token_for(board_member))
    assert r.status_code == 400
    assert [e["line"] for e in r.json()["detail"]] == [3]
    assert not Matter.objects.exists()
    r = client.post(url, {"file": xlsx(GOOD)}, **token_for(board_member))
    assert r.status_code == 201 and r.json()["imported"] == 2
