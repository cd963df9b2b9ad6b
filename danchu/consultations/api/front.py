"""The Fatherland Front's comments on drafts and critique conferences."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Schema, Status

from danchu.accounts.permissions import acting_places, readable_places
from danchu.core.access import STAFF, api_access
from danchu.core.api import InSchema
from danchu.core.paging import LIMIT, OFFSET, page_of

from ..models import CritiqueConference, FrontComment
from ..permissions import (
    FRONT,
)
from ..services import front as front_svc
from . import router
from .common import ERRORS

# --- The Front -----------------------------------------------------------------------------------


class FrontCommentOut(Schema):
    id: int
    place_code: str
    draft_title: str
    drafting_body: str
    commented_on: dt.date
    answered_on: dt.date | None


class ConferenceOut(Schema):
    id: int
    place_code: str
    title: str
    held_on: dt.date
    participant_count: int
    answered_on: dt.date | None


@router.get(
    "/front/comments",
    response=list[FrontCommentOut],
    openapi_extra=api_access(STAFF),
    summary="Drafts commented on by the Fatherland Front",
)
def front_comments(
    request: HttpRequest, response: HttpResponse, limit: int = LIMIT, offset: int = OFFSET
) -> list[dict[str, Any]]:
    qs = FrontComment.objects.filter(place__in=readable_places(request.user)).select_related("place")
    return [
        {
            "id": x.pk,
            "place_code": x.place.code,
            "draft_title": x.draft_title,
            "drafting_body": x.drafting_body,
            "commented_on": x.commented_on,
            "answered_on": x.answered_on,
        }
        for x in page_of(request, response, qs.order_by("-pk"), limit, offset)
    ]


@router.get(
    "/front/conferences",
    response=list[ConferenceOut],
    openapi_extra=api_access(STAFF),
    summary="Social critique conferences",
)
def conferences(request: HttpRequest) -> list[dict[str, Any]]:
    qs = CritiqueConference.objects.filter(place__in=readable_places(request.user)).select_related("place")[
        :500
    ]
    return [
        {
            "id": x.pk,
            "place_code": x.place.code,
            "title": x.title,
            "held_on": x.held_on,
            "participant_count": x.participant_count,
            "answered_on": x.answered_on,
        }
        for x in qs
    ]


class FrontCommentIn(InSchema):
    draft_title: str
    drafting_body: str
    commented_on: dt.date
    comments: str
    internal: bool = True


@router.post(
    "/front/comments",
    response={201: FrontCommentOut, **ERRORS},
    openapi_extra=api_access("consultations.front.manage"),
    summary="Record the Front's comments on a draft",
)
def front_comment_record(request: HttpRequest, payload: FrontCommentIn) -> Status:
    places = acting_places(request.user, FRONT)
    if not places:
        raise Http404
    x = front_svc.front_comment_record(
        actor=request.user, data=front_svc.FrontCommentInput(place=places[0], **payload.dict())
    )
    return Status(
        201,
        {
            "id": x.pk,
            "place_code": x.place.code,
            "draft_title": x.draft_title,
            "drafting_body": x.drafting_body,
            "commented_on": x.commented_on,
            "answered_on": x.answered_on,
        },
    )
