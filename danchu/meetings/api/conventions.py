"""Village conventions."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Field, Schema, Status

from danchu.core.access import PUBLIC, api_access
from danchu.core.api import InSchema
from danchu.core.discussions import discussion

from .. import services
from ..models import ConventionVersion
from ..permissions import item_for, version_for
from . import my_village, router

# --- Conventions ------------------------------------------------------------------------------------


class ConventionIn(InSchema):
    village: str = Field(max_length=32)
    title: str = Field(max_length=255)
    text: str = Field(max_length=100_000)
    kind: str = Field("huong_uoc", max_length=16)


class MeetingsDiscussionOut(Schema):
    url: str
    status: str
    opens_on: dt.date | None
    closes_on: dt.date | None
    accepting: bool
    comments: int
    synthesis_url: str
    decision: str


class MeetingsVersionOut(Schema):
    id: int
    convention: int
    village: str
    title: str
    number: int
    status: str
    text: str
    note: str
    recognition_due: dt.date | None
    decision_number: str
    recognised_on: dt.date | None
    changes: list[list[str]]
    discussion: MeetingsDiscussionOut | None  # the consultation where residents comment (None: none)


def _vout(v: ConventionVersion) -> MeetingsVersionOut:
    from ..services.conventions import diff

    return MeetingsVersionOut(
        id=v.pk,
        convention=v.convention_id,
        village=v.convention.village.code,
        title=v.convention.title,
        number=v.number,
        status=v.status,
        text=v.text,
        note=v.note,
        recognition_due=v.recognition_due,
        decision_number=v.decision_number,
        recognised_on=v.recognised_on,
        changes=[[mark, line] for mark, line in diff(v)],
        discussion=_dout(v),
    )


def _dout(v: ConventionVersion) -> MeetingsDiscussionOut | None:
    d = discussion(v.discussion)
    if d is None:
        return None
    return MeetingsDiscussionOut(
        url=d.url,
        status=d.status,
        opens_on=d.opens_on,
        closes_on=d.closes_on,
        accepting=d.accepting,
        comments=d.comments,
        synthesis_url=d.synthesis_url,
        decision=d.decision,
    )


@router.post(
    "/conventions",
    response={201: MeetingsVersionOut},
    openapi_extra=api_access("meetings.convene"),
    summary="Draft a village convention",
)
def convention_draft(request: HttpRequest, payload: ConventionIn) -> Status[MeetingsVersionOut]:
    village = my_village(request, payload.village)
    v = services.convention_draft(
        actor=request.user, village=village, title=payload.title, text=payload.text, kind=payload.kind
    )
    return Status(201, _vout(v))


@router.get(
    "/conventions/{int:pk}",
    response=MeetingsVersionOut,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="A convention version (public once out of draft)",
)
def version_get(request: HttpRequest, pk: int) -> MeetingsVersionOut:
    return _vout(version_for(request.user, pk))


class AmendIn(InSchema):
    text: str = Field(max_length=100_000)
    note: str = Field("", max_length=500)


@router.post(
    "/conventions/{int:pk}/amend",
    response={201: MeetingsVersionOut},
    openapi_extra=api_access("meetings.manage_convention"),
    summary="Amend: a new version",
)
def version_amend(request: HttpRequest, pk: int, payload: AmendIn) -> Status[MeetingsVersionOut]:
    v = version_for(request.user, pk, "meetings.manage_convention")
    return Status(
        201, _vout(services.convention_amend(actor=request.user, convention=v.convention, **payload.dict()))
    )


class ConventionOpenIn(InSchema):
    closes_on: dt.date | None = None  # the last day of comments; none: the shortest lawful period


@router.post(
    "/conventions/{int:pk}/open",
    response=MeetingsVersionOut,
    openapi_extra=api_access("meetings.manage_convention"),
    summary="Open for comments (a consultation of the village's households)",
)
def version_open(request: HttpRequest, pk: int, payload: ConventionOpenIn) -> MeetingsVersionOut:
    v = version_for(request.user, pk, "meetings.manage_convention")
    return _vout(services.version_open_comments(actor=request.user, version=v, closes_on=payload.closes_on))


class AdoptIn(InSchema):
    item: int


@router.post(
    "/conventions/{int:pk}/adopt",
    response=MeetingsVersionOut,
    openapi_extra=api_access("meetings.manage_convention"),
    summary="Record the household vote",
)
def version_adopt(request: HttpRequest, pk: int, payload: AdoptIn) -> MeetingsVersionOut:
    v = version_for(request.user, pk, "meetings.manage_convention")
    return _vout(
        services.version_adopt(actor=request.user, version=v, item=item_for(request.user, payload.item))
    )


@router.post(
    "/conventions/{int:pk}/submit",
    response=MeetingsVersionOut,
    openapi_extra=api_access("meetings.manage_convention"),
    summary="Submit to the commune",
)
def version_submit(request: HttpRequest, pk: int) -> MeetingsVersionOut:
    v = version_for(request.user, pk, "meetings.manage_convention")
    return _vout(services.version_submit(actor=request.user, version=v))


class RecogniseIn(InSchema):
    decision_number: str = Field(max_length=100)


@router.post(
    "/conventions/{int:pk}/recognise",
    response=MeetingsVersionOut,
    openapi_extra=api_access("meetings.recognise_convention"),
    summary="Recognition (commune chairman)",
)
def version_recognise(request: HttpRequest, pk: int, payload: RecogniseIn) -> MeetingsVersionOut:
    v = version_for(request.user, pk, "meetings.recognise_convention")
    return _vout(
        services.version_recognise(actor=request.user, version=v, decision_number=payload.decision_number)
    )
