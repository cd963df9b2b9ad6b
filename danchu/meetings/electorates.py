"""Electorates other than a village's households, for the secret ballot of meetings' elections.

A village election is voted by the representatives of the village's households. Another module may
hold an election through the same machinery — Participation and Ballot apart, one ballot per voter,
receipts, tally only after the close, paper boxes counted by a team — with its own voters: the
delegates of a workplace conference electing the unit's People's Inspection Board (workplaces). It
registers an `Electorate` under a key; an election names that key and the id of the body that votes
(`Election.electorate`, `Election.electorate_ref`). meetings never imports the module: it asks the
electorate.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, NamedTuple, Protocol

from django.db.models import QuerySet

from danchu.accounts.models import Body, Role
from danchu.core.registry import Registry
from danchu.places.models import Place


class Majority(NamedTuple):
    """A winner needs more than `percent` % of `base` votes (`basis`: the rule's article)."""

    base: int
    percent: Decimal
    basis: str


class Electorate(Protocol):
    """What an electorate answers about the body `ref` (e.g. a conference's id)."""

    def name(self, ref: int) -> str:
        """The body that votes, shown with the election ("Hội nghị … năm 2025 — Sở …")."""

    def may_run(self, person: Any, ref: int) -> bool:
        """Plan, open, close, name the counting team, enter the boxes, tally."""

    def may_view(self, person: Any, ref: int) -> bool: ...

    def may_recognise(self, person: Any, ref: int) -> bool: ...

    def check_can_elect(self, ref: int, on: dt.date) -> None:
        """Raise a DomainError when the body cannot elect (below its quorum, not in session)."""

    def voters(self, ref: int) -> QuerySet[Any]:
        """The rows of the people who may vote online; each has a `person` foreign key."""

    def roll(self, ref: int) -> int:
        """How many may vote (online and on paper together): the most ballots that can be issued."""

    def majority(self, ref: int) -> Majority: ...

    def seat(self, ref: int, office: str, election: Any) -> list[int]:
        """On recognition (inside its transaction): seat the elected candidates who have an account on
        the board of the body `ref` (the electorate's module records the seats); returns the ids of
        the accounts Memberships it created, for the audit."""


ELECTORATES: Registry[Electorate] = Registry("meetings electorates")


class BoardSeat(Protocol):
    """Seats `person`, elected by the village meeting of `election`, on the board `body` (an accounts
    Body) where the module that keeps the board's record of its members records it — the People's
    Inspection Board's (oversight): their village, election date, term and recognition. Called on
    recognition, inside its transaction, after the board's role was granted; a DomainError refuses the
    recognition with its message (a member who may not sit, a board without its term)."""

    def __call__(self, *, actor: Any, election: Any, body: Any, person: Any) -> None: ...


# By the election's office (meetings' Election.Office); an office no module registers is seated by the
# board's role alone.
BOARD_SEATS: Registry[BoardSeat] = Registry("meetings board seats")

# The board offices a village elects to (Law 10/2022 Art. 15 item 5): the kind of the commune's board
# Body and the role its members hold on it.
BOARD_OF: dict[str, tuple[str, str]] = {
    "inspection_board": (Body.Kind.INSPECTION_BOARD, Role.INSPECTION_MEMBER),
    "supervision_board": (Body.Kind.SUPERVISION_BOARD, Role.SUPERVISION_MEMBER),
}


class SeatHolder(NamedTuple):
    """A sitting member of a board (`body`, an accounts Body) whom `village`'s meeting elected."""

    body: Any
    person: Any
    village: Place


class BoardSeatEnd(Protocol):
    """What the module that keeps a board's record of its members answers when a village meeting
    dismisses one of them (Law 10/2022 Art. 15 item 5): oversight for the People's Inspection Board."""

    def members(self, villages: Iterable[Place]) -> list[SeatHolder]:
        """The members sitting today whom these villages elected, as the board's record has them (a
        member recorded there by hand too): whom a dismissal may name."""

    def end(self, *, actor: Any, body: Any, person: Any, on: dt.date, reason: str) -> None:
        """End `person`'s seat on the board `body` on `on` with `reason` ("dismissed by the village
        meeting, decision …"): called by the commune Front's decision, inside its transaction, after the
        board's role ended; a DomainError refuses the decision with its message and nothing is written.
        A board or a person the record does not hold is left alone (the role was the seat)."""


# By the dismissal's office (Election.Office); an office no module registers is known by the board's
# role and the village's recognised elections alone (queries.sitting_members).
BOARD_SEAT_ENDS: Registry[BoardSeatEnd] = Registry("meetings board seat ends")


def electorate_of(election: Any) -> Electorate | None:
    """The electorate of an election, None for a village's election (its households vote)."""
    return ELECTORATES.get(election.electorate) if election.electorate else None


def ref_of(election: Any) -> int:
    """The body that votes in an election of another electorate (set with its electorate)."""
    return int(election.electorate_ref)


def village_of(election: Any) -> Place:
    """The village of a village's election (set whenever no other electorate is named)."""
    village: Place = election.village
    return village
