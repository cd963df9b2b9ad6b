"""Members elected by a village meeting through meetings' secret ballot seated on the commune's People's
Inspection Board when the commune Front recognises the result (DOMAIN.md §3.1 item 5, §6.1: members
are elected at the villages' community meetings; recognised by the commune Fatherland Front).

meetings grants the board's role on recognition and asks the module that keeps the board's record
(`meetings.electorates.BOARD_SEATS`, office "inspection_board"): here the member is recorded as the
Front would record them by hand (`services.member_add`: the village, the election day, the board's
term, the standards and residence of Law 10/2022 Art. 37), recognised on the same day. meetings never
imports oversight."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from danchu.meetings.electorates import BOARD_SEATS

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


def register() -> None:
    BOARD_SEATS.register(OFFICE, seat_village_elected)
