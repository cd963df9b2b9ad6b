"""Boards and their programme."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema, Status

from danchu.core.access import PUBLIC, SIGNED_IN, api_access
from danchu.core.api import InSchema
from danchu.core.calendar import today
from danchu.core.paging import LIMIT, OFFSET, page_of

from .. import queries, services
from ..permissions import (
    board_for,
    member_for,
    plan_for,
    public_commune,
)
from .schemas import (
    BoardOut,
    PlanOut,
    PublicBoardOut,
    _board,
    _plan,
    _public_board,
)

router = Router(tags=["oversight"])


@router.get(
    "/boards",
    response=list[BoardOut],
    openapi_extra=api_access(SIGNED_IN, "the boards the person sits on or reads (none for others)"),
    summary="Boards I sit on or read",
)
def boards(
    request: HttpRequest, response: HttpResponse, limit: int = LIMIT, offset: int = OFFSET
) -> list[BoardOut]:
    return [_board(b) for b in page_of(request, response, queries.boards_for(request.user), limit, offset)]


@router.get(
    "/boards/{pk}", response=BoardOut, openapi_extra=api_access("oversight.read_board"), summary="A board"
)
def board(request: HttpRequest, pk: int) -> BoardOut:
    return _board(board_for(request.user, pk))


@router.get(
    "/communes/{code}/board",
    response=PublicBoardOut,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="A commune's board, as the public sees it: members, the year's plans, published findings",
)
def public_board(request: HttpRequest, code: str, year: int | None = None) -> PublicBoardOut:
    place = public_commune(code)
    b = queries.board_of_place(place)
    if b is None:
        raise Http404
    return _public_board(b, year if year and 2000 <= year <= 2100 else today().year)


class PlanIn(InSchema):
    period: str = Field(max_length=10)
    year: int = Field(ge=2000, le=2100)
    number: int = Field(0, ge=0, le=4)
    title: str = Field(max_length=255)
    objectives: str = Field(max_length=5000)
    contents: str = Field(max_length=20000)
    start_on: dt.date
    end_on: dt.date
    budget: int = Field(0, ge=0, le=10**13)
    public: bool = True


class PositionsIn(InSchema):
    head: int = Field(description="The board member (member id) the board chose as its head")
    deputy: int | None = Field(None, description="The member chosen as deputy head, if any")
    on: dt.date | None = Field(None, description="The day the board chose them (default today)")


@router.post(
    "/boards/{pk}/positions",
    response=BoardOut,
    openapi_extra=api_access("oversight.set_positions"),
    summary="Record the head and deputy head a unit's board chose among its members",
)
def board_positions(request: HttpRequest, pk: int, payload: PositionsIn) -> BoardOut:
    b = board_for(request.user, pk, "oversight.set_positions")
    services.unit_board_positions(
        actor=request.user, board=b, head=payload.head, deputy=payload.deputy, on=payload.on
    )
    return _board(b)


class ClaimIn(InSchema):
    phone: str = Field(max_length=20, description="The member's phone, e.g. 0912 345 678 or +84912345678")


class ClaimOut(Schema):
    member_id: int
    name: str
    phone: str = Field(description="The number the code was sent to (E.164)")
    sent: bool


@router.post(
    "/members/{pk}/claim",
    response=ClaimOut,
    openapi_extra=api_access("oversight.set_positions"),
    summary="Record the phone of a unit board's member elected without an account and send them, by "
    "SMS, a code to take the account over",
)
def member_claim(request: HttpRequest, pk: int, payload: ClaimIn) -> ClaimOut:
    member = member_for(request.user, pk, "oversight.set_positions")
    services.unit_member_claim_send(actor=request.user, member=member, phone=payload.phone)
    return ClaimOut(
        member_id=member.pk, name=member.person.full_name, phone=member.person.phone or "", sent=True
    )


class PlanAdjustIn(PlanIn):
    reason: str = Field(max_length=500)


@router.get(
    "/boards/{pk}/plans",
    response=list[PlanOut],
    openapi_extra=api_access("oversight.read_board"),
    summary="A board's plans",
)
def plans(request: HttpRequest, pk: int) -> list[PlanOut]:
    return [_plan(p) for p in queries.plans_of(board_for(request.user, pk))]


@router.post(
    "/boards/{pk}/plans",
    response={201: PlanOut},
    openapi_extra=api_access("oversight.work"),
    summary="Create a plan",
)
def plan_create(request: HttpRequest, pk: int, payload: PlanIn) -> Status[PlanOut]:
    b = board_for(request.user, pk, "oversight.work")
    p = services.plan_create(actor=request.user, board=b, data=services.PlanData(**payload.dict()))
    return Status(201, _plan(p))


@router.post(
    "/plans/{pk}/adjust",
    response=PlanOut,
    openapi_extra=api_access("oversight.work"),
    summary="Adjust a plan",
)
def plan_adjust(request: HttpRequest, pk: int, payload: PlanAdjustIn) -> PlanOut:
    data = payload.dict()
    reason = data.pop("reason")
    p = services.plan_adjust(
        actor=request.user, plan=plan_for(request.user, pk), data=services.PlanData(**data), reason=reason
    )
    return _plan(p)
