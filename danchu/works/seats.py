"""A resident member of a project's community investment supervision board, elected by a village's
community meeting (Decree 59 Art. 17; DOMAIN.md §6.2) and recognised by the commune Fatherland Front,
dismissed by that village's meeting and the Front's decision (Law 10/2022 Art. 15 item 5).

meetings runs the election by secret ballot; on the Front's recognition it grants the board's role and
asks here for the member to sit on the board's record (`meetings.electorates.BOARD_SEATS`, office
"supervision_board"): recorded through `board_member_add`, as the Front would record them by hand, so
the board's rules apply (a closed board, a village that is not one of the work's) and refuse the
recognition with their message. On a dismissal meetings asks whom a village may dismiss and, on the
Front's decision, for the member to leave the record (`meetings.electorates.BOARD_SEAT_ENDS`) — as
`board_member_withdraw` would record it by hand, with the decision as the reason. The record is what
works reads: the board's composition before it supervises, the members told of its work, and whom a
dismissal may name. meetings never imports works."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import Conflict
from danchu.meetings.electorates import BOARD_SEAT_ENDS, BOARD_SEATS, SeatHolder
from danchu.places.models import Place

from .models import Board, BoardMember

OFFICE = "supervision_board"  # meetings' Election.Office.SUPERVISION_BOARD


def seat_village_elected(*, actor: Any, election: Any, body: Any, person: Any) -> None:
    """Called by meetings' recognition, inside its transaction: a DomainError refuses the recognition
    and nothing is written."""
    from .services.board import MemberData, board_member_add

    board = Board.objects.select_related("work").filter(body=body).first()
    if board is None:  # a body whose record is not kept here: the role meetings granted is the seat
        return
    if board.status != Board.Status.ACTIVE:
        raise Conflict(_("The board has finished its task and is closed."))
    if board.members.current().filter(person=person).exists():
        return  # re-elected while sitting (or recorded by hand before): the seat goes on
    village = election.village
    on_ballot = election.candidates.filter(person=person).values_list("full_name", flat=True).first()
    board_member_add(
        board=board,
        by=actor,
        data=MemberData(
            person=person,
            full_name=on_ballot or person.full_name,
            represents=BoardMember.Represents.RESIDENT,
            village=village,
            elected_on=min(election.election_day, timezone.localdate()),
            # What the board's page shows; the reference names the election as works names a meeting
            # item ("meetings.item:<id>", Work.decision_ref).
            election_record=_("Elected by the households of %(village)s by secret ballot on %(day)s.")
            % {"village": village.name, "day": f"{election.election_day:%d/%m/%Y}"},
            election_ref=f"meetings.election:{election.pk}",
        ),
    )


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
    BOARD_SEATS.register(OFFICE, seat_village_elected)
    BOARD_SEAT_ENDS.register(OFFICE, RESIDENT_SEATS)
