"""/api/v1/workplaces: a conference's resolutions voted through meetings' motions — put one to the
vote, a delegate's online vote, the room's show of hands, the close; the same services as the pages.
Mounted on the app's router (api.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from danchu.core.access import SIGNED_IN, api_access
from danchu.core.api import InSchema
from danchu.meetings import services as meetings

from . import queries, resolutions
from .permissions import conference_for, resolution_for

router = Router(tags=["workplaces"])
RUN = "meetings.run_motion"


class ResolutionIn(InSchema):
    title: str


class ResolutionOut(Schema):
    id: int
    conference_id: int
    title: str
    status: str = Field(description="open, closed")
    delegates_present: int = Field(description="who may vote, frozen when the vote opened")
    majority_base: int
    majority_percent: str = Field(description="passed with more than this % of majority_base in favour")
    votes_for: int
    votes_against: int
    votes_abstain: int
    online: int = Field(description="of these, votes cast online by the delegates listed")
    room_for: int
    room_against: int
    room_abstain: int
    passed: bool | None = Field(description="computed at the close by the conference rule; null while open")


class MotionVoteIn(InSchema):
    choice: str = Field(description="for, against, abstain")


class MotionVoteOut(Schema):
    id: int
    resolution_id: int
    choice: str


class RoomCountIn(InSchema):
    votes_for: int = Field(ge=0, le=100_000)
    votes_against: int = Field(0, ge=0, le=100_000)
    votes_abstain: int = Field(0, ge=0, le=100_000)


def _out(m: Any) -> ResolutionOut:
    return ResolutionOut(
        id=m.pk,
        conference_id=m.electorate_ref,
        title=m.title,
        status=m.status,
        delegates_present=m.roll,
        majority_base=m.majority_base,
        majority_percent=f"{m.majority_percent.normalize():f}",
        votes_for=m.votes_for,
        votes_against=m.votes_against,
        votes_abstain=m.votes_abstain,
        online=m.online,
        room_for=m.room_for,
        room_against=m.room_against,
        room_abstain=m.room_abstain,
        passed=m.passed,
    )


@router.get(
    "/conferences/{pk}/resolutions",
    response=list[ResolutionOut],
    openapi_extra=api_access("workplaces.view_conference"),
    summary="The resolutions put to a conference's vote",
)
def conference_resolutions(request: HttpRequest, pk: int) -> list[ResolutionOut]:
    c = conference_for(request.user, pk)
    return [_out(m) for m in queries.conference_resolutions(c)]


@router.post(
    "/conferences/{pk}/resolutions",
    response={201: ResolutionOut},
    openapi_extra=api_access("workplaces.manage_conference"),
    summary="Put a resolution to the conference's vote (refused below quorum)",
)
def resolution_open(request: HttpRequest, pk: int, payload: ResolutionIn) -> Status[ResolutionOut]:
    c = conference_for(request.user, pk, "workplaces.manage_conference")
    return Status(
        201, _out(resolutions.resolution_open(actor=request.user, conference=c, title=payload.title))
    )


@router.get(
    "/resolutions/{pk}",
    response=ResolutionOut,
    openapi_extra=api_access(SIGNED_IN),
    summary="A resolution put to a conference's vote",
)
def resolution_get(request: HttpRequest, pk: int) -> ResolutionOut:
    return _out(resolution_for(request.user, pk))


@router.post(
    "/resolutions/{pk}/votes",
    response={201: MotionVoteOut},
    openapi_extra=api_access(SIGNED_IN),
    summary="A delegate's online vote (once; a second is refused, 409)",
)
def resolution_vote(request: HttpRequest, pk: int, payload: MotionVoteIn) -> Status[MotionVoteOut]:
    m = resolution_for(request.user, pk)
    v = meetings.motion_vote(person=request.user, motion=m, choice=payload.choice)
    return Status(201, MotionVoteOut(id=v.pk, resolution_id=m.pk, choice=v.choice))


@router.post(
    "/resolutions/{pk}/room",
    response=ResolutionOut,
    openapi_extra=api_access(RUN),
    summary="Enter (or correct until the close) the room's show of hands",
)
def resolution_room(request: HttpRequest, pk: int, payload: RoomCountIn) -> ResolutionOut:
    m = resolution_for(request.user, pk, RUN)
    return _out(meetings.motion_count_room(actor=request.user, motion=m, **payload.dict()))


@router.post(
    "/resolutions/{pk}/close",
    response=ResolutionOut,
    openapi_extra=api_access(RUN),
    summary="Close the vote; the result is computed by the conference rule",
)
def resolution_close(request: HttpRequest, pk: int) -> ResolutionOut:
    m = resolution_for(request.user, pk, RUN)
    return _out(meetings.motion_close(actor=request.user, motion=m))
