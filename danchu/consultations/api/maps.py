"""Opinion maps: the computed map, statements and votes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from ninja import Schema, Status

from danchu.core.access import PUBLIC, SIGNED_IN, api_access
from danchu.core.api import InSchema

from ..permissions import (
    conversation_for,
)
from ..services import opinions as map_svc
from . import router
from .common import ERRORS, READ_AUTH

# --- Opinion maps --------------------------------------------------------------------------------


class MapOut(Schema):
    id: int
    topic: str
    status: str
    computing: bool
    computed_at: dt.datetime | None
    result: dict


class StatementIn(InSchema):
    text: str


class VoteIn(InSchema):
    statement: int
    value: int


@router.get(
    "/maps/{pk}",
    response={200: MapOut, **ERRORS},
    auth=READ_AUTH,
    openapi_extra=api_access(PUBLIC),
    summary="An opinion map: groups, representative and consensus statements",
)
def map_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    conv = conversation_for(request.user, pk)
    return {
        "id": conv.pk,
        "topic": conv.topic,
        "status": conv.status,
        "computing": conv.computing,
        "computed_at": conv.computed_at,
        "result": conv.result or {},
    }


@router.post(
    "/maps/{pk}/statements",
    response={201: dict, **ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="Submit a statement (shown once moderated)",
)
def map_statement(request: HttpRequest, pk: int, payload: StatementIn) -> Status:
    conv = conversation_for(request.user, pk, "consultations.maps.vote")
    st = map_svc.statement_submit(actor=request.user, conversation=conv, text_=payload.text)
    return Status(201, {"number": st.number, "status": st.status})


@router.post(
    "/maps/{pk}/votes",
    response={201: dict, **ERRORS},
    openapi_extra=api_access("consultations.maps.vote"),
    summary="Vote agree (1), disagree (-1) or pass (0) on a statement",
)
def map_vote(request: HttpRequest, pk: int, payload: VoteIn) -> Status:
    conv = conversation_for(request.user, pk, "consultations.maps.vote")
    v = map_svc.vote_cast(
        actor=request.user, conversation=conv, statement_number=payload.statement, value=payload.value
    )
    return Status(201, {"statement": payload.statement, "value": v.value})
