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


def xlsx(rows: list[list[Any]], header: list[str] | None = None) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(header or HEADER)
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
    assert len(imported.matters) == 2 and imported.skipped == []
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
    page = r.content.decode()  # the board's page again, with the lines refused
    assert r.status_code == 400 and f'action="/oversight/boards/{board.pk}/import/"' in page
    assert "Không có gì được nhập. Dòng 2: ngày tiếp nhận “xx” không phải là ngày" in page
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


def test_english_headers_in_another_order_and_csv_are_read(board: Board, board_member: Any) -> None:
    header = ["Received on", "Title", "Signs of violation", "Findings", "Concluded on"]
    f = xlsx([["01/06/2024", "Đèn đường hỏng", "không", "Đã sửa", "10/06/2024"]], header=header)
    assert len(matters_import(actor=board_member, board=board, file=f).matters) == 1
    csv = "Tiêu đề;Ngày tiếp nhận\nCống thôn 2 tắc;02/02/2024\n".encode()
    imported = matters_import(actor=board_member, board=board, file=SimpleUploadedFile("cu.csv", csv))
    assert [m.title for m in imported.matters] == ["Cống thôn 2 tắc"]
    assert Matter.objects.count() == 2


def test_a_file_without_a_required_column_is_refused_by_name(board: Board, board_member: Any) -> None:
    with pytest.raises(DomainError) as refused:
        matters_import(
            actor=board_member, board=board, file=xlsx([["x", "y"]], header=["Tiêu đề", "Nội dung"])
        )
    assert refused.value.message == "Thiếu cột: Ngày tiếp nhận."  # as the sample writes it, not a key
    assert not Matter.objects.exists()


def test_nul_bytes_and_overlong_cells_are_named_and_nothing_is_imported(
    board: Board, board_member: Any
) -> None:
    nul = ["Có\x00NUL", "x", "01/02/2024", "", "", "", "", "", "", "", "", "", ""]
    long = ["T" * 256, "x", "01/02/2024", "", "", "", "", "", "", "", "", "", ""]
    csv = (
        "Tiêu đề,Ngày tiếp nhận\n"
        + ",".join(nul[:1] + nul[2:3])
        + "\n"
        + ",".join(long[:1] + long[2:3])
        + "\n"
    )
    f = SimpleUploadedFile("cu.csv", csv.encode())
    with pytest.raises(DomainError) as refused:
        matters_import(actor=board_member, board=board, file=f)
    by_line = {e["line"]: " ".join(e["problems"]) for e in refused.value.detail}
    assert set(by_line) == {2, 3}
    assert "NUL" in by_line[2] and "255" in by_line[3]
    assert not Matter.objects.exists()


def test_an_empty_file_and_a_huge_file_are_refused(board: Board, board_member: Any) -> None:
    with pytest.raises(DomainError):
        matters_import(actor=board_member, board=board, file=xlsx([]))
    huge = SimpleUploadedFile("a.xlsx", b"0" * (5 * 1024 * 1024 + 1))
    with pytest.raises(DomainError) as refused:
        matters_import(actor=board_member, board=board, file=huge)
    assert "5 MB" in refused.value.message
    assert not Matter.objects.exists()


def test_skipping_bad_rows_imports_the_good_ones_and_lists_the_bad(board: Board, board_member: Any) -> None:
    bad = ["", "Thiếu tiêu đề", "01/02/2024", "", "", "", "", "", "", "", "", "", ""]
    result = matters_import(
        actor=board_member, board=board, file=xlsx([GOOD[0], bad, GOOD[1]]), skip_bad_rows=True
    )
    assert len(result.matters) == 2 and [e.line for e in result.skipped] == [3]
    assert Matter.objects.count() == 2 and Recommendation.objects.count() == 1
    with pytest.raises(DomainError):  # skipping every row imports nothing, and says so
        matters_import(actor=board_member, board=board, file=xlsx([bad]), skip_bad_rows=True)
    assert Matter.objects.count() == 2


def test_skip_through_the_page_and_the_api(
    browser_as: Any, client: Any, token_for: Any, board: Board, board_member: Any
) -> None:
    bad = ["", "x", "01/02/2024", "", "", "", "", "", "", "", "", "", ""]
    r = client.post(
        f"/api/v1/oversight/boards/{board.pk}/import",
        {"file": xlsx([GOOD[0], bad]), "skip_bad_rows": "true"},
        **token_for(board_member),
    )
    assert r.status_code == 201 and r.json()["imported"] == 1 and "3" in r.json()["skipped"][0]
    browser = browser_as(board_member)
    r = browser.post(
        f"/oversight/boards/{board.pk}/import/",
        {"file": xlsx([GOOD[1], bad]), "skip_bad_rows": "on", "csrfmiddlewaretoken": browser.csrf_token()},
    )
    assert r.status_code == 302 and Matter.objects.count() == 2


def test_another_communes_member_cannot_import_into_this_board(
    client: Any, token_for: Any, board: Board, other_board_member: Any
) -> None:
    r = client.post(
        f"/api/v1/oversight/boards/{board.pk}/import", {"file": xlsx(GOOD)}, **token_for(other_board_member)
    )
    assert r.status_code == 404 and not Matter.objects.exists()


def test_dates_out_of_the_steps_order_are_refused_by_line(board: Board, board_member: Any) -> None:
    concluded_first = [*GOOD[0][:2], "15/03/2024", "", "10/03/2024", *GOOD[0][5:]]
    answered_first = [*GOOD[0][:9], "22/04/2024", "21/04/2024", *GOOD[0][11:]]
    resolved_first = [*GOOD[0][:10], "05/05/2024", "Đã trả lời", "04/05/2024"]
    with pytest.raises(DomainError) as refused:
        matters_import(
            actor=board_member,
            board=board,
            file=xlsx([GOOD[1], concluded_first, answered_first, resolved_first]),
        )
    problems = {e["line"]: " ".join(e["problems"]) for e in refused.value.detail}
    assert set(problems) == {3, 4, 5}
    assert "ngày kết luận sớm hơn ngày tiếp nhận" in problems[3]
    assert "ngày trả lời sớm hơn ngày kiến nghị" in problems[4]
    assert "ngày giải quyết sớm hơn ngày trả lời" in problems[5]
    assert not Matter.objects.exists() and not Recommendation.objects.exists()


def test_dates_as_spreadsheets_write_them_are_read_and_a_bad_one_is_quoted(
    board: Board, board_member: Any
) -> None:
    """ "15.03.2024", "2024-04-20" and a date cell exported as "22/04/2024 00:00:00" are dates; the
    refusal of "31/02/2024" says which value it could not read."""
    dotted = [
        *GOOD[0][:2],
        "15.03.2024",
        "",
        "2024-04-20",
        *GOOD[0][5:9],
        "22/04/2024 00:00:00",
        *GOOD[0][10:],
    ]
    with pytest.raises(DomainError) as refused:
        matters_import(
            actor=board_member, board=board, file=xlsx([dotted, [*GOOD[1][:2], "31/02/2024", *GOOD[1][3:]]])
        )
    assert refused.value.detail == [
        {"line": 3, "problems": ["ngày tiếp nhận “31/02/2024” không phải là ngày (dd/mm/yyyy)"]}
    ]
    imported = matters_import(actor=board_member, board=board, file=xlsx([dotted]))
    assert [(m.received_on, m.concluded_on) for m in imported.matters] == [
        (dt.date(2024, 3, 15), dt.date(2024, 4, 20))
    ]
    assert Recommendation.objects.get().made_on == dt.date(2024, 4, 22)


def test_columns_the_import_does_not_read_are_named_on_the_page_and_in_the_api(
    browser_as: Any, client: Any, token_for: Any, board: Board, board_member: Any
) -> None:
    """A register's "STT" and "Ghi chú" are no column of a matter: said, not dropped in silence; the
    full header of a good file names none."""
    header = ["STT", *HEADER, "Ghi chú (nội bộ)"]
    rows = [[n, *row, "đã lưu hồ sơ"] for n, row in enumerate(GOOD, start=1)]
    browser = browser_as(board_member)
    r = browser.post(
        f"/oversight/boards/{board.pk}/import/",
        {"file": xlsx(rows[:1], header=header), "csrfmiddlewaretoken": browser.csrf_token()},
    )
    assert r.status_code == 302 and Matter.objects.count() == 1
    page = browser.get(f"/oversight/boards/{board.pk}/").content.decode()
    assert "Các cột không được đọc: “STT”, “Ghi chú (nội bộ)”." in page
    r = client.post(
        f"/api/v1/oversight/boards/{board.pk}/import",
        {"file": xlsx(rows[1:], header=header)},
        **token_for(board_member),
    )
    assert r.status_code == 201 and r.json()["unread_columns"] == ["STT", "Ghi chú (nội bộ)"]
    another = ["Thu quỹ vệ sinh sai quy định", *GOOD[0][1:]]
    assert matters_import(actor=board_member, board=board, file=xlsx([another])).unread_columns == []


def test_every_column_the_board_page_names_is_read(board: Board, board_member: Any) -> None:
    """The page names "Dấu hiệu vi phạm (có/không)": with its hint it was read as no column, and a
    matter with signs of violation imported as one without."""
    header = [h if h != "Dấu hiệu vi phạm" else "Dấu hiệu vi phạm (có/không)" for h in HEADER]
    imported = matters_import(actor=board_member, board=board, file=xlsx(GOOD[:1], header=header))
    assert imported.unread_columns == [] and imported.matters[0].signs_of_violation is True


def test_the_sample_workbook_is_read_whole_and_imports_nothing_unchanged(
    browser_as: Any, board: Board, board_member: Any, other_board_member: Any
) -> None:
    """The board page links a sample whose every column the import reads and whose guide's examples,
    as a row, import; uploaded unchanged it is refused as a file with no rows. Members only."""
    from openpyxl import load_workbook

    from danchu.oversight.importing import ALIASES, SAMPLE_COLUMNS
    from danchu.places.importing.reading import _header_key

    assert {_header_key(column, ALIASES) for column, *_ in SAMPLE_COLUMNS} == set(ALIASES.values())
    client = browser_as(board_member)
    url = f"/oversight/boards/{board.pk}/import/sample.xlsx"
    assert f'href="{url}"' in client.get(f"/oversight/boards/{board.pk}/").content.decode()
    sample = client.get(url)
    assert sample.status_code == 200 and sample["Content-Disposition"].endswith(
        f'mau-vu-viec-{board.pk}.xlsx"'
    )
    with pytest.raises(DomainError, match="không có dòng"):
        matters_import(actor=board_member, board=board, file=SimpleUploadedFile("mau.xlsx", sample.content))
    book = load_workbook(io.BytesIO(sample.content))
    book.active.append([example for _column, _how, example in SAMPLE_COLUMNS])
    filled = io.BytesIO()
    book.save(filled)
    imported = matters_import(
        actor=board_member, board=board, file=SimpleUploadedFile("mau.xlsx", filled.getvalue())
    )
    matter = imported.matters[0]
    assert imported.unread_columns == [] and matter.signs_of_violation and matter.village is not None
    assert browser_as(other_board_member).get(url).status_code == 404


@pytest.mark.parametrize("skip", [False, True])
def test_a_refused_file_names_the_columns_it_did_not_read(
    board: Board, board_member: Any, skip: bool
) -> None:
    """A misspelt required header ("Tiêu đề vụ việcc") is refused naming the missing column as the
    sample writes it (not its key, "tieu_de") and the column the import did not read; a misspelt
    optional one ("Kiến nghịị") leaves the row refused for what that column would have held (an
    answer to no recommendation) — the refusal names it too, with "skip bad rows" also (no row
    left)."""
    header = ["Tiêu đề vụ việcc", *HEADER[1:]]
    with pytest.raises(DomainError) as refused:
        matters_import(
            actor=board_member, board=board, file=xlsx([GOOD[0]], header=header), skip_bad_rows=skip
        )
    assert refused.value.message == (
        "Thiếu cột: Tiêu đề. Các cột không được đọc: “Tiêu đề vụ việcc”. "
        "Muốn nhập cột nào, hãy đặt tên cột đó như trong danh sách các cột."
    )
    header = [*HEADER[:7], "Kiến nghịị", *HEADER[8:]]
    with pytest.raises(DomainError) as refused:
        matters_import(
            actor=board_member, board=board, file=xlsx([GOOD[0]], header=header), skip_bad_rows=skip
        )
    assert "Các cột không được đọc: “Kiến nghịị”." in refused.value.message
    assert not Matter.objects.exists()
