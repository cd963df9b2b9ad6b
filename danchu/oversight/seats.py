"""Members elected by a village meeting through meetings' secret ballot seated on the commune's People's
Inspection Board when the commune Front recognises the result, and their seat ended when the village
meeting dismisses them and the commune Front decides (DOMAIN.md §3.1 item 5, §6.1: members are elected
at the villages' community meetings and removed by them; recognised and decided by the commune
Fatherland Front).

meetings grants the board's role on recognition and asks the module that keeps the board's record
(`meetings.electorates.BOARD_SEATS`, office "inspection_board"): here the member is recorded as the
Front would record them by hand (`services.member_add`: the village, the election day, the board's
term, the standards and residence of Law 10/2022 Art. 37), recognised on the same day. On a dismissal
meetings asks whom a village may dismiss and, on the Front's decision, ends the role and asks for the
seat to end (`meetings.electorates.BOARD_SEAT_ENDS`): `services.member_end`, with the decision in the
reason, as the Front would end it by hand. meetings never imports oversight."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from danchu.accounts.models import Body
from danchu.meetings.electorates import BOARD_SEAT_ENDS, BOARD_SEATS, SeatHolder
from danchu.places.models import Place

from .models import Board, BoardMember

OFFICE = "inspection_board"  # meetings' Election.Office.INSPECTION_BOARD


def seat_village_elected(*, actor: Any, election: Any, body: Any, person: Any) -> None:
    from . import services

    board = Board.objects.filter(body=body).first()
    if board is None:  # the board's record is not kept here yet: the role meetings granted is the seat
        return
    if BoardMember.objects.filter(board=board, person=person, ended_on__isnull=True).exists():
        return  # re-elected while sitting: the seat goes on
    member = services.member_add(
        actor=actor,
        board=board,
        data=services.MemberData(
            person=person,
            village=election.village,
            elected_on=min(election.election_day, timezone.localdate()),
        ),
    )
    services.member_recognise(actor=actor, member=member, on=election.recognised_on or timezone.localdate())


class VillageSeats:
    """The commune boards' seats of the members the villages elected (BoardSeatEnd)."""

    def members(self, villages: Iterable[Place]) -> list[SeatHolder]:
        seats = BoardMember.objects.filter(
            village__in=list(villages),
            electorate=BoardMember.Electorate.VILLAGE,
            ended_on__isnull=True,
            term_to__gte=timezone.localdate(),
            board__body__kind=Body.Kind.INSPECTION_BOARD,
        ).select_related("person", "village", "board__body")
        return [SeatHolder(s.board.body, s.person, s.village) for s in seats if s.village is not None]

    def end(self, *, actor: Any, body: Any, person: Any, on: dt.date, reason: str) -> None:
        from . import services

        seat = BoardMember.objects.filter(board__body=body, person=person, ended_on__isnull=True).first()
        if seat is None:  # no record here, or the Front already ended the seat by hand
            return
        services.member_end(actor=actor, member=seat, reason=reason, on=on)


VILLAGE_SEATS = VillageSeats()


def register() -> None:
    BOARD_SEATS.register(OFFICE, seat_village_elected)
    BOARD_SEAT_ENDS.register(OFFICE, VILLAGE_SEATS)
