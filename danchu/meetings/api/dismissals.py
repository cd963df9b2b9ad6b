"""Dismissal by the village meeting (Law 10/2022 Art. 15 items 4–5): of the village head (Decree 59
Art. 9) or of a board member the village elected — the members one may name, the proposal, the
secret-ballot item, the decision (the commune chairman's; the commune Front's for a board member)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status

from danchu.core.access import api_access
from danchu.core.api import InSchema
from danchu.core.errors import DomainError

from .. import queries, services
from ..electorates import SeatHolder
from ..models import Dismissal, Election
from ..permissions import dismissal_for, item_for, proposal_villages
from . import router

PROPOSE = "meetings.propose_dismissal"


def _village(request: HttpRequest, code: str) -> Any:
    """A village where the person may record a dismissal proposal, else 404 (a NUL byte is refused
    before the query, as my_village does)."""
    found = proposal_villages(request.user).filter(code=code).first() if "\x00" not in code else None
    if found is None:
        raise Http404
    return found


def _seat(request: HttpRequest, office: str, member: int, board: int | None) -> SeatHolder:
    """The member named by their account id (and board id when they sit on two boards of the office),
    among the members the person's villages elected; the service then checks the proposal's village."""
    found = [
        h
        for h in queries.sitting_members(list(proposal_villages(request.user)), office)
        if h.person.pk == member and (board is None or h.body.pk == board)
    ]
    if not found:
        raise DomainError(
            _("No sitting board member of this office elected by your villages has this account id."),
            code="unknown_member",
            detail=["member"],
        )
    if len(found) > 1:
        raise DomainError(
            _("This member sits on several boards of this office: give the board."),
            code="board_required",
            detail=["board"],
        )
    return found[0]


class DismissalIn(InSchema):
    village: str = Field(max_length=32)
    office: str = Field(
        default=Election.Office.VILLAGE_HEAD,
        max_length=32,
        description="village_head, inspection_board or supervision_board",
    )
    member: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="a board member's account id (GET /dismissals/members)"
    )
    board: int | None = Field(
        default=None, ge=1, le=2**31 - 1, description="the board's id, when the member sits on two"
    )
    holder_name: str = Field(default="", max_length=200, description="the village head's name")
    trigger: str = Field(max_length=16, description="own_request, front_proposal or commune_front")
    reason: str = Field(max_length=5000)
    proposer_name: str = Field(max_length=200)


class DismissalOut(Schema):
    id: int
    village: str
    office: str
    board: int | None
    board_name: str
    holder: int | None
    holder_name: str
    trigger: str
    reason: str
    proposer_name: str
    status: str
    item: int | None
    meeting: int | None
    outcome: str
    decision_number: str
    decided_on: dt.date | None


def _out(d: Dismissal) -> DismissalOut:
    return DismissalOut(
        id=d.pk,
        village=d.village.code,
        office=d.office,
        board=d.board_id,
        board_name=d.board.name if d.board is not None else "",
        holder=d.holder_id,
        holder_name=d.holder_name,
        trigger=d.trigger,
        reason=d.reason,
        proposer_name=d.proposer_name,
        status=d.status,
        item=d.item_id,
        meeting=d.item.meeting_id if d.item_id and d.item else None,
        outcome=d.outcome,
        decision_number=d.decision_number,
        decided_on=d.decided_on,
    )


class MembersQuery(Schema):
    village: str = Field(max_length=32)
    office: str = Field(default=Election.Office.INSPECTION_BOARD, max_length=32)


class SittingMemberOut(Schema):
    member: int
    name: str
    board: int
    board_name: str
    village: str


@router.get(
    "/dismissals/members",
    response=list[SittingMemberOut],
    openapi_extra=api_access(PROPOSE),
    summary="The board members a village elected who sit today (whom a dismissal may name)",
)
def dismissal_members(request: HttpRequest, query: Query[MembersQuery]) -> list[SittingMemberOut]:
    village = _village(request, query.village)
    return [
        SittingMemberOut(
            member=h.person.pk,
            name=str(h.person),
            board=h.body.pk,
            board_name=h.body.name,
            village=h.village.code,
        )
        for h in queries.sitting_members([village], query.office)
    ]


@router.post(
    "/dismissals",
    response={201: DismissalOut},
    openapi_extra=api_access(PROPOSE),
    summary="Record a proposal to dismiss the village head or a board member",
)
def dismissal_propose(request: HttpRequest, payload: DismissalIn) -> Status[DismissalOut]:
    village = _village(request, payload.village)
    seat = None
    if payload.office != Election.Office.VILLAGE_HEAD and payload.member is not None:
        seat = _seat(request, payload.office, payload.member, payload.board)
    d = services.dismissal_propose(
        actor=request.user,
        village=village,
        office=payload.office,
        holder=seat.person if seat else None,
        board=seat.body if seat else None,
        holder_name=payload.holder_name,
        trigger=payload.trigger,
        reason=payload.reason,
        proposer_name=payload.proposer_name,
    )
    return Status(201, _out(d))


@router.get(
    "/dismissals/{int:pk}",
    response=DismissalOut,
    openapi_extra=api_access("meetings.view_dismissal"),
    summary="A dismissal",
)
def dismissal_get(request: HttpRequest, pk: int) -> DismissalOut:
    return _out(dismissal_for(request.user, pk))


class AgendaIn(InSchema):
    item: int = Field(
        ge=1, description="an agenda item on matter 4 (village head) or 5 (board members), by secret ballot"
    )


@router.post(
    "/dismissals/{int:pk}/agenda",
    response=DismissalOut,
    openapi_extra=api_access("meetings.run_dismissal"),
    summary="Put the dismissal to the vote on a meeting's item",
)
def dismissal_agenda(request: HttpRequest, pk: int, payload: AgendaIn) -> DismissalOut:
    d = dismissal_for(request.user, pk, "meetings.run_dismissal")
    item = item_for(request.user, payload.item)
    return _out(services.dismissal_put_to_vote(actor=request.user, dismissal=d, item=item))


class DecideIn(InSchema):
    decision_number: str = Field(max_length=100)


@router.post(
    "/dismissals/{int:pk}/decide",
    response=DismissalOut,
    openapi_extra=api_access("meetings.decide_dismissal"),
    summary="The decision on an approved dismissal (the commune chairman; the commune Front for a board member)",
)
def dismissal_decide(request: HttpRequest, pk: int, payload: DecideIn) -> DismissalOut:
    d = dismissal_for(request.user, pk, "meetings.decide_dismissal")
    return _out(
        services.dismissal_decide(actor=request.user, dismissal=d, decision_number=payload.decision_number)
    )
