"""Oversight's own cast: the commune's board (for the conftest's board_member), a working-day-safe
history of dates, and helpers that walk a matter through its steps."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.oversight import services
from danchu.oversight.models import Board, BoardMember


@pytest.fixture
def board(board_member: Any, village: Any) -> Board:
    """The board of `commune`, with `board_member` as its head (their conftest role is the seat)."""
    membership = Membership.objects.get(person=board_member, role=Role.INSPECTION_MEMBER)
    b = Board.objects.create(
        body=membership.body, size=5, term_from=dt.date(2025, 7, 1), term_to=dt.date(2030, 6, 30)
    )
    BoardMember.objects.create(
        board=b,
        person=board_member,
        membership=membership,
        village=village,
        position=BoardMember.Position.HEAD,
        elected_on=dt.date(2025, 7, 1),
        term_from=dt.date(2025, 7, 1),
        term_to=dt.date(2030, 6, 30),
    )
    return b


@pytest.fixture
def second_member(board: Board, other_village: Any) -> Any:
    from danchu.accounts.tests.factories import UserFactory

    person = UserFactory(full_name="Trần Thị Giám Sát")
    services.member_add(
        actor=None,
        board=board,
        data=services.MemberData(person=person, village=other_village, elected_on=dt.date(2025, 7, 5)),
    )
    return person


@pytest.fixture
def other_board_member(other_commune: Any) -> Any:
    """A board member of the other commune (with their own board)."""
    body = BodyFactory(kind=Body.Kind.INSPECTION_BOARD, name="Ban TTND xã Ea Kly", place=other_commune)
    person = person_with_role(Role.INSPECTION_MEMBER, other_commune, body=body, full_name="Thanh Tra Xã Khác")
    Board.objects.create(body=body, size=5, term_from=dt.date(2025, 7, 1), term_to=dt.date(2030, 6, 30))
    return person
