"""A resident member of a project's community investment supervision board, elected by a village's
community meeting (Decree 59 Art. 17; DOMAIN.md §6.2), dismissed by that village's meeting and the
commune Fatherland Front's decision (Law 10/2022 Art. 15 item 5): meetings asks here whom a village may
dismiss and, on the Front's decision, for the member to leave the board's record
(`meetings.electorates.BOARD_SEAT_ENDS`, office "supervision_board") — as `board_member_withdraw` would
record it by hand, with the decision as the reason. Otherwise a dismissed member with an account kept
acting on the board through its record (works.permissions reads the record's seats)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from danchu.meetings.electorates import BOARD_SEAT_ENDS, SeatHolder
from danchu.places.models import Place

from .models import Board, BoardMember

OFFICE = "supervision_board"  # meetings' Election.Office.SUPERVISION_BOARD


class ResidentSeats:
    """The resident members of the active supervision boards, by the village that elected them."""

    def members(self, villages: Iterable[Place]) -> list[SeatHolder]:
        seats = (
            BoardMember.objects.current()
            .filter(
                represents=BoardMember.Represents.RESIDENT,
                village__in=list(villages),
                person__isnull=False,
                board__status=Board.Status.ACTIVE,
            )
            .select_related("person", "village", "board__body")
        )
        return [SeatHolder(s.board.body, s.person, s.village) for s in seats if s.village is not None]

    def end(self, *, actor: Any, body: Any, person: Any, on: dt.date, reason: str) -> None:
        from .services.board import board_member_withdraw

        # A board that finished its task and closed has no seat left to end.
        for seat in BoardMember.objects.current().filter(
            board__body=body, board__status=Board.Status.ACTIVE, person=person
        ):
            board_member_withdraw(member=seat, by=actor, reason=reason[:255])


RESIDENT_SEATS = ResidentSeats()


def register() -> None:
    BOARD_SEAT_ENDS.register(OFFICE, RESIDENT_SEATS)
