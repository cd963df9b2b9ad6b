"""Recommendations (of boards and the Front) and Front supervisions."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Status

from danchu.core.access import SIGNED_IN, STAFF, api_access, can
from danchu.core.api import InSchema
from danchu.core.paging import LIMIT, OFFSET, page_of

from .. import queries, services
from ..models import Supervision
from ..permissions import (
    front_for,
    recommendation_for,
    supervision_for,
)
from .schemas import (
    OnIn,
    RecommendationOut,
    RecommendIn,
    SupervisionOut,
    _rec,
    _supervision,
)

router = Router(tags=["oversight"])


class OversightAnswerIn(InSchema):
    answer: str = Field(max_length=10000)
    answered_on: dt.date | None = Field(
        None, description="The date of a written answer the board or the Front records (received on paper)."
    )


class NoteIn(InSchema):
    note: str = Field(max_length=2000)


class ResolveIn(InSchema):
    resolution: str = Field(max_length=10000)


@router.get(
    "/recommendations/awaiting",
    response=list[RecommendationOut],
    openapi_extra=api_access(SIGNED_IN),
    summary="Recommendations awaiting my answer",
)
def awaiting(
    request: HttpRequest, response: HttpResponse, limit: int = LIMIT, offset: int = OFFSET
) -> list[RecommendationOut]:
    return [_rec(r) for r in page_of(request, response, queries.awaiting_answer(request.user), limit, offset)]


@router.post(
    "/recommendations/{pk}/answer",
    response=RecommendationOut,
    openapi_extra=api_access("oversight.answer"),
    summary="Answer a recommendation",
)
def recommendation_answer(request: HttpRequest, pk: int, payload: OversightAnswerIn) -> RecommendationOut:
    rec = recommendation_for(request.user, pk, "oversight.answer")
    return _rec(
        services.recommendation_answer(
            actor=request.user,
            recommendation=rec,
            answer=payload.answer,
            on=services.dated_here(request.user, rec, payload.answered_on),
        )
    )


@router.post(
    "/recommendations/{pk}/follow-up",
    response=RecommendationOut,
    openapi_extra=api_access("oversight.follow_up"),
    summary="Follow up",
)
def recommendation_follow_up(request: HttpRequest, pk: int, payload: NoteIn) -> RecommendationOut:
    rec = recommendation_for(request.user, pk, "oversight.follow_up")
    return _rec(services.recommendation_follow_up(actor=request.user, recommendation=rec, note=payload.note))


@router.post(
    "/recommendations/{pk}/resolve",
    response=RecommendationOut,
    openapi_extra=api_access("oversight.follow_up"),
    summary="Mark resolved",
)
def recommendation_resolve(request: HttpRequest, pk: int, payload: ResolveIn) -> RecommendationOut:
    rec = recommendation_for(request.user, pk, "oversight.follow_up")
    return _rec(
        services.recommendation_resolve(actor=request.user, recommendation=rec, resolution=payload.resolution)
    )


# --- Front supervisions ---------------------------------------------------------------------------


class SupervisionIn(InSchema):
    title: str = Field(max_length=255)
    topic: str = Field(max_length=24)
    supervised_body: str = Field(max_length=300)
    plan: str = Field(max_length=20000)
    planned_from: dt.date
    planned_to: dt.date
    members: str = Field("", max_length=5000)
    coordinating: str = Field("", max_length=300)


class SupervisionConcludeIn(InSchema):
    findings: str = Field(max_length=20000)
    public: bool = False


@router.get(
    "/supervisions",
    response=list[SupervisionOut],
    openapi_extra=api_access(STAFF),
    summary="Front supervisions I read",
)
def supervisions(
    request: HttpRequest, response: HttpResponse, limit: int = LIMIT, offset: int = OFFSET
) -> list[SupervisionOut]:
    return [
        _supervision(s)
        for s in page_of(
            request,
            response,
            queries.supervisions_for(request.user).prefetch_related("recommendations"),
            limit,
            offset,
        )
    ]


@router.post(
    "/fronts/{pk}/supervisions",
    response={201: SupervisionOut},
    openapi_extra=api_access("oversight.supervise"),
    summary="Plan a supervision",
)
def supervision_plan(request: HttpRequest, pk: int, payload: SupervisionIn) -> Status[SupervisionOut]:
    s = services.supervision_plan(
        actor=request.user, front=front_for(request.user, pk), data=services.SupervisionData(**payload.dict())
    )
    return Status(201, _supervision(s))


@router.get(
    "/supervisions/{pk}",
    response=SupervisionOut,
    openapi_extra=api_access("oversight.view_supervision"),
    summary="A supervision",
)
def supervision(request: HttpRequest, pk: int) -> SupervisionOut:
    s = supervision_for(request.user, pk)
    return _supervision(s, record=can(request.user, "oversight.read_supervision_record", s))


def _supervised(request: HttpRequest, pk: int) -> Supervision:
    s = supervision_for(request.user, pk)
    front_for(request.user, s.front_id)  # 404 unless the person runs this Front's supervisions
    return s


@router.post(
    "/supervisions/{pk}/start",
    response=SupervisionOut,
    openapi_extra=api_access("oversight.supervise"),
    summary="Start",
)
def supervision_start(request: HttpRequest, pk: int, payload: OnIn) -> SupervisionOut:
    return _supervision(
        services.supervision_start(actor=request.user, supervision=_supervised(request, pk), on=payload.on)
    )


@router.post(
    "/supervisions/{pk}/conclude",
    response=SupervisionOut,
    openapi_extra=api_access("oversight.supervise"),
    summary="Record findings",
)
def supervision_conclude(request: HttpRequest, pk: int, payload: SupervisionConcludeIn) -> SupervisionOut:
    s = services.supervision_conclude(
        actor=request.user, supervision=_supervised(request, pk), **payload.dict()
    )
    return _supervision(s)


@router.post(
    "/supervisions/{pk}/recommendations",
    response={201: RecommendationOut},
    openapi_extra=api_access("oversight.supervise"),
    summary="Recommend",
)
def supervision_recommend(request: HttpRequest, pk: int, payload: RecommendIn) -> Status[RecommendationOut]:
    r = services.recommendation_make(
        actor=request.user, supervision=_supervised(request, pk), **payload.dict()
    )
    return Status(201, _rec(r))


@router.post(
    "/supervisions/{pk}/close",
    response=SupervisionOut,
    openapi_extra=api_access("oversight.supervise"),
    summary="Close",
)
def supervision_close(request: HttpRequest, pk: int, payload: OnIn) -> SupervisionOut:
    return _supervision(
        services.supervision_close(actor=request.user, supervision=_supervised(request, pk), on=payload.on)
    )
