"""A calendar change moves a document request's due date and an inspection's earliest start (issue #18)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from danchu.core import clocks
from danchu.oversight import services
from danchu.oversight.models import Board

from .helpers import slip

D = dt.date


@time_machine.travel(dt.datetime(2027, 2, 4, 3, 0, tzinfo=dt.UTC), tick=False)
def test_make_up_saturday_moves_working_day_dates_across_tet_2027(
    board: Board, board_member: Any, admin_user: Any
) -> None:
    matter = slip(board, board_member, received_on=D(2027, 2, 1))
    services.matter_classify(actor=board_member, matter=matter, in_scope=True, on=D(2027, 2, 1))
    req = services.documents_request(
        actor=board_member,
        matter=matter,
        addressed_to="Trưởng thôn",
        documents="Sổ thu chi",
        on=D(2027, 2, 3),
    )
    # 10 working days after Wed 3 Feb, Tết 4–10 Feb skipped: 11, 12, 15–19, 22, 23, 24.
    assert req.due_on == D(2027, 2, 24)
    hand_set = services.documents_request(
        actor=board_member,
        matter=matter,
        addressed_to="Kế toán",
        documents="Chứng từ",
        on=D(2027, 2, 3),
        due_on=D(2027, 3, 1),
    )
    moved = clocks.day_off_set(actor=admin_user, date=D(2027, 2, 13), name="Làm bù Tết", is_working_day=True)
    req.refresh_from_db()
    hand_set.refresh_from_db()
    assert req.due_on == D(2027, 2, 23)
    assert hand_set.due_on == D(2027, 3, 1)  # set by the board: not moved
    assert [m.module for m in moved] == ["oversight"]
