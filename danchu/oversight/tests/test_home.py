"""My page and the office to-dos of a board member (issue #16)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.core.home import todos_for
from danchu.oversight import services
from danchu.oversight.models import Board

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db
START = dt.date(2025, 9, 3)


def test_a_member_sees_the_boards_open_items_on_my_page(
    browser_as: Any, board: Board, board_member: Any, second_member: Any, chairman: Any
) -> None:
    waiting = slip(board, second_member, received_on=START, title="Phiếu góp ý chưa phân loại")
    inspecting = slip(board, board_member, received_on=START, title="Đang thanh tra quỹ")
    services.matter_classify(actor=board_member, matter=inspecting, in_scope=True, on=START)
    services.documents_request(
        actor=board_member,
        matter=inspecting,
        addressed_to="Trưởng thôn 1",
        documents="Sổ thu chi",
        due_on=dt.date(2025, 9, 20),
        on=START,
    )
    concluded = walk_to_concluded(
        slip(board, board_member, received_on=START, title="Đã kết luận"), board_member, START
    )
    services.recommendation_make(
        actor=board_member,
        matter=concluded,
        addressee="Chủ tịch UBND xã",
        addressee_person=chairman,
        content="Hoàn trả",
        on=concluded.concluded_on,
    )
    done = slip(board, board_member, received_on=START, title="Ngoài phạm vi")
    services.matter_classify(
        actor=board_member, matter=done, in_scope=False, forwarded_to="UBND xã", on=START
    )

    page = browser_as(board_member).get("/me/").content.decode()
    for m in (waiting, inspecting, concluded):
        assert m.code in page
    assert done.code not in page
    assert "Trưởng thôn 1" in page and "Chủ tịch UBND xã" in page

    todos = {t["key"]: t["count"] for t in todos_for(board_member)}
    assert todos["oversight.unclassified"] == 1
    assert {t["key"]: t["count"] for t in todos_for(chairman)}["oversight.awaiting_answer"] == 1


def test_others_do_not_see_the_board_on_their_page(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, other_board_member: Any
) -> None:
    m = slip(board, board_member, received_on=START)
    for person in (citizen, other_board_member):
        page = browser_as(person).get("/me/").content.decode()
        assert m.code not in page
    assert "oversight.unclassified" not in {t["key"] for t in todos_for(other_board_member)}
    assert "oversight.unclassified" not in {t["key"] for t in todos_for(citizen)}


def test_a_former_member_no_longer_sees_the_board(browser_as: Any, board: Board, board_member: Any) -> None:
    m = slip(board, board_member, received_on=START)
    member = board.members.get(person=board_member)
    services.member_end(actor=None, member=member, reason="Chuyển công tác", on=dt.date(2025, 10, 1))
    assert m.code not in browser_as(board_member).get("/me/").content.decode()
