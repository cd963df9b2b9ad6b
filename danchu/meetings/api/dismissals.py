"""Dismissal of a village head (Decree 59 Art. 9): proposal, the secret-ballot item, the commune's
decision."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Schema, Status

from danchu.core.access import api_access

from .. import services
from ..models import Dismissal
from ..permissions import dismissal_for, item_for
from . import my_village, router


class DismissalIn(Schema):
    village: str = Field(max_length=32)
    holder_name: str = Field(max_length=200)
    trigger: str = Field(max_length=16, description="own_request or front_proposal")
    reason: str = Field(max_length=5000)
    proposer_name: str = Field(max_length=200)


class DismissalOut(Schema):
    id: int
    village: str
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


@router.post(
    "/dismissals",
    response={201: DismissalOut},
    openapi_extra=api_access("meetings.convene"),
    summary="Record a proposal to dismiss the village head",
)
def dismissal_propose(request: HttpRequest, payload: DismissalIn) -> Status[DismissalOut]:
    village = my_village(request, payload.village)
    d = services.dismissal_propose(
        actor=request.user,
        village=village,
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


class AgendaIn(Schema):
    item: int = Field(ge=1, description="an agenda item on matter 4, voted by secret ballot")


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


class DecideIn(Schema):
    decision_number: str = Field(max_length=100)


@router.post(
    "/dismissals/{int:pk}/decide",
    response=DismissalOut,
    openapi_extra=api_access("meetings.decide_dismissal"),
    summary="The commune chairman's decision on an approved dismissal",
)
def dismissal_decide(request: HttpRequest, pk: int, payload: DecideIn) -> DismissalOut:
    d = dismissal_for(request.user, pk, "meetings.decide_dismissal")
    return _out(
        services.dismissal_decide(actor=request.user, dismissal=d, decision_number=payload.decision_number)
    )
