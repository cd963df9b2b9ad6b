"""A past matter is imported once: a row repeating one above, or a matter the board already holds (the
same date received and title), is refused by its line; a file of bad rows lists its lines even when
the member asked to skip them; a row's messages do not contradict each other."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.core.errors import DomainError
from danchu.oversight.importing import matters_import
from danchu.oversight.models import Board, Matter
from danchu.oversight.tests.test_import import GOOD, xlsx

pytestmark = pytest.mark.django_db
EMPTY = ["", "", "", "", "", "", "", "", "", ""]


def refused_lines(refusal: DomainError) -> dict[int, str]:
    return {e["line"]: " ".join(e["problems"]) for e in refusal.detail}


def test_the_same_file_twice_is_refused_as_already_recorded(
    browser_as: Any, board: Board, board_member: Any
) -> None:
    client = browser_as(board_member)
    url = f"/oversight/boards/{board.pk}/import/"
    assert client.post_form(url, {"file": xlsx(GOOD)}).status_code == 302
    first = Matter.objects.get(title="Thu quỹ sai quy định")

    again = client.post_form(url, {"file": xlsx(GOOD)})

    page = again.content.decode()
    assert again.status_code == 400
    assert f"Dòng 2: vụ việc này đã được ghi ({first.code}): trùng ngày tiếp nhận và tiêu đề" in page
    assert "Dòng 3:" in page
    assert Matter.objects.count() == 2


def test_a_row_repeating_one_above_is_refused_by_its_line(board: Board, board_member: Any) -> None:
    again = [" Thu quỹ SAI quy định ", *GOOD[0][1:]]  # what names it, spaced and cased otherwise
    with pytest.raises(DomainError) as refused:
        matters_import(actor=board_member, board=board, file=xlsx([GOOD[0], GOOD[1], again]))

    assert refused_lines(refused.value) == {
        4: "vụ việc này (ngày tiếp nhận và tiêu đề) trùng với dòng 2 phía trên"
    }
    assert not Matter.objects.exists()


def test_skipping_bad_rows_of_a_file_of_bad_rows_still_lists_them(board: Board, board_member: Any) -> None:
    bad = ["", "Thiếu tiêu đề", "01/02/2024", *EMPTY]
    late = ["Tiêu đề", "x", "99/99/2024", *EMPTY]
    with pytest.raises(DomainError) as refused:
        matters_import(actor=board_member, board=board, file=xlsx([bad, late]), skip_bad_rows=True)

    message = refused.value.message
    assert message.startswith("Chưa nhập gì: không có dòng nào của tệp là đúng.")
    assert "Dòng 2: thiếu tiêu đề" in message and "Dòng 3:" in message
    assert set(refused_lines(refused.value)) == {2, 3}


def test_an_overlong_title_is_said_too_long_not_missing(board: Board, board_member: Any) -> None:
    long = ["Thu quỹ " * 60, "x", "01/02/2024", *EMPTY]
    with pytest.raises(DomainError) as refused:
        matters_import(actor=board_member, board=board, file=xlsx([long]))

    said = refused_lines(refused.value)[2]
    assert "255" in said and "thiếu tiêu đề" not in said
