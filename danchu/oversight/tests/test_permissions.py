"""Who reads and who acts on a matter, across roles and own/foreign scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.core.access import can
from danchu.oversight import services
from danchu.oversight.models import Board

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db
START = dt.date(2025, 9, 3)


@pytest.mark.parametrize(
    ("who", "reads", "handles"),
    [
        ("board_member", True, True),
        ("front_officer", True, False),
        ("steering_member", True, False),
        ("admin_user", True, True),
        ("chairman", False, False),
        ("officer", False, False),
        ("village_head", False, False),
        ("citizen", False, False),
        ("outsider", False, False),
        ("other_board_member", False, False),
    ],
)
def test_matter_access_by_role(
    request: Any, board: Board, board_member: Any, who: str, reads: bool, handles: bool
) -> None:
    m = slip(board, board_member, received_on=START)
    person = request.getfixturevalue(who)
    assert can(person, "oversight.view_matter", m) is reads
    assert can(person, "oversight.handle_matter", m) is handles


def test_the_addressee_and_the_sender_read_the_matter(
    board: Board, board_member: Any, chairman: Any, officer: Any, citizen: Any
) -> None:
    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    m.submitted_by = citizen
    m.save(update_fields=["submitted_by"])
    assert can(citizen, "oversight.view_matter", m)
    assert not can(chairman, "oversight.view_matter", m)
    rec = services.recommendation_make(
        actor=board_member, matter=m, addressee="Chủ tịch UBND xã", content="Xử lý", on=m.concluded_on
    )
    assert can(chairman, "oversight.view_matter", m) and can(chairman, "oversight.answer", rec)
    assert not can(officer, "oversight.answer", rec)
    named = services.recommendation_make(
        actor=board_member,
        matter=m,
        addressee="Công chức địa chính",
        addressee_person=officer,
        content="Rà soát hồ sơ",
        on=m.concluded_on,
    )
    assert can(officer, "oversight.answer", named) and not can(chairman, "oversight.answer", named)
