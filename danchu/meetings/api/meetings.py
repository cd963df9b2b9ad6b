"""Meetings, check-in, counts, decisions, minutes and online voting."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Schema, Status

from danchu.accounts.permissions import village_scope
from danchu.core.access import SIGNED_IN, STAFF, api_access
from danchu.core.api import InSchema
from danchu.core.errors import NotFound
from danchu.core.paging import LIMIT, OFFSET, page_of

from .. import queries, rules, services
from ..models import Meeting
from ..permissions import item_for, meeting_for
from . import RUN, my_village, router
from .elections import _not_your_household


class ItemIn(InSchema):
    title: str = Field(max_length=255)
    kind: str = "inform"
    matter: int | None = None
    method: str = ""
    description: str = Field("", max_length=5000)


class MeetingIn(InSchema):
    village: str = Field(description="village code", max_length=32)
    title: str = Field(max_length=255)
    starts_at: dt.datetime
    location: str = Field(max_length=255)
    cluster: str = Field("", max_length=200)
    items: list[ItemIn] = Field(default_factory=list, max_length=50)


class ItemOut(Schema):
    id: int
    order: int
    title: str
    kind: str
    matter: int | None
    method: str
    status: str
    votes_for: int
    votes_against: int
    abstentions: int
    spoilt: int
    blank: int
    slips_for: int
    passed: bool | None
    outcome: str


class MeetingOut(Schema):
    id: int
    village: str
    title: str
    starts_at: dt.datetime
    location: str
    status: str
    notice_sent_at: dt.datetime | None
    notice_respected: bool | None
    roster_size: int
    present: int
    quorum: str
    quorum_reached: bool
    disclosure_id: int | None
    items: list[ItemOut]


def _out(m: Meeting, q: queries.Quorum | None = None, notice_rules: Any = None) -> MeetingOut:
    q = q or queries.quorum(m)
    return MeetingOut(
        id=m.pk,
        village=m.village.code,
        title=m.title,
        starts_at=m.starts_at,
        location=m.location,
        status=m.status,
        notice_sent_at=m.notice_sent_at,
        notice_respected=queries.notice_respected(m, notice_rules),
        roster_size=q.total,
        present=q.present,
        quorum=q.text,
        quorum_reached=q.reached,
        disclosure_id=m.disclosure_id,
        items=[ItemOut.from_orm(i) for i in m.items.all()],
    )


@router.get(
    "/", response=list[MeetingOut], openapi_extra=api_access(STAFF), summary="Meetings of my villages"
)
def meeting_list(
    request: HttpRequest, response: HttpResponse, limit: int = LIMIT, offset: int = OFFSET
) -> list[MeetingOut]:
    qs = Meeting.objects.filter(village__in=village_scope(request.user)).select_related("village")
    return _many(page_of(request, response, qs.prefetch_related("items"), limit, offset))


def _many(meetings: list[Meeting]) -> list[MeetingOut]:
    """A list in a fixed number of queries (its meetings' quorums and rules read together)."""
    quorums, notice = queries.quorums(meetings), rules.rule_values(rules.C.NOTICE_DAYS)
    return [_out(m, quorums[m.pk], notice) for m in meetings]


@router.post("/", response={201: MeetingOut}, openapi_extra=api_access("meetings.convene"), summary="Convene")
def meeting_convene(request: HttpRequest, payload: MeetingIn) -> Status[MeetingOut]:
    village = my_village(request, payload.village)
    m = services.meeting_convene(
        actor=request.user,
        draft=services.MeetingDraft(
            village=village,
            title=payload.title,
            starts_at=payload.starts_at,
            location=payload.location,
            cluster=payload.cluster,
            items=[services.ItemSpec(**i.dict()) for i in payload.items],
        ),
    )
    return Status(201, _out(m))


@router.get(
    "/mine", response=list[MeetingOut], openapi_extra=api_access(SIGNED_IN), summary="My village's meetings"
)
def mine(
    request: HttpRequest, response: HttpResponse, limit: int = LIMIT, offset: int = OFFSET
) -> list[MeetingOut]:
    villages = {h.village_id for h in queries.households_of(request.user)}
    qs = Meeting.objects.filter(village_id__in=villages).exclude(status="draft").select_related("village")
    return _many(page_of(request, response, qs.prefetch_related("items"), limit, offset))


@router.get("/{int:pk}", response=MeetingOut, openapi_extra=api_access(SIGNED_IN), summary="A meeting")
def meeting_get(request: HttpRequest, pk: int) -> MeetingOut:
    return _out(meeting_for(request.user, pk))


def _action(name: str, summary: str) -> None:
    def run(request: HttpRequest, pk: int) -> MeetingOut:
        m = meeting_for(request.user, pk, RUN if name != "minutes_publish" else "meetings.view")
        return _out(getattr(services, name)(actor=request.user, meeting=m))

    run.__name__ = name
    path = "/{int:pk}/" + name.replace("_", "-")
    router.post(
        path,
        response=MeetingOut,
        openapi_extra=api_access(RUN if name != "minutes_publish" else SIGNED_IN),
        summary=summary,
        url_name=f"meetings_{name}",
    )(run)


_action("notice_send", "Send the notice to every household")
_action("meeting_open", "Open the meeting (freezes the roster)")
_action("minutes_confirm", "Chair confirms the minutes (published when the chair may publish)")
_action("minutes_publish", "Publish confirmed minutes as a disclosure of the village")


class MeetingsCloseIn(InSchema):
    secretary_name: str = Field(max_length=200)
    notes: str = Field("", max_length=20000)


@router.post(
    "/{int:pk}/close", response=MeetingOut, openapi_extra=api_access(RUN), summary="Close the meeting"
)
def meeting_close(request: HttpRequest, pk: int, payload: MeetingsCloseIn) -> MeetingOut:
    m = meeting_for(request.user, pk, RUN)
    return _out(services.meeting_close(actor=request.user, meeting=m, **payload.dict()))


class MeetingCancelIn(InSchema):
    reason: str = Field(max_length=255)


@router.post(
    "/{int:pk}/cancel", response=MeetingOut, openapi_extra=api_access(RUN), summary="Cancel before it opens"
)
def meeting_cancel(request: HttpRequest, pk: int, payload: MeetingCancelIn) -> MeetingOut:
    m = meeting_for(request.user, pk, RUN)
    return _out(services.meeting_cancel(actor=request.user, meeting=m, reason=payload.reason))


class CheckinIn(InSchema):
    code: str = Field(max_length=64)
    uuid: str = Field("", max_length=64)
    via: str = Field("manual", max_length=8)
    attendee_name: str = Field("", max_length=200)


class CheckinOut(Schema):
    created: bool
    household: str
    uuid: str
    present: int
    quorum: str


@router.post(
    "/{int:pk}/checkins",
    response=CheckinOut,
    openapi_extra=api_access(RUN),
    summary="Check a household in",
    url_name="meetings_checkin",
)
def checkin(request: HttpRequest, pk: int, payload: CheckinIn) -> CheckinOut:
    """Idempotent: a repeat (an offline queue sent twice) answers created=false and changes nothing."""
    m = meeting_for(request.user, pk, RUN)
    att, created = services.checkin(
        actor=request.user,
        meeting=m,
        code=payload.code,
        client_uuid=payload.uuid,
        via=payload.via,
        attendee_name=payload.attendee_name,
    )
    q = queries.quorum(m)
    return CheckinOut(
        created=created, household=att.household.number, uuid=payload.uuid, present=q.present, quorum=q.text
    )


class QuorumOut(Schema):
    present: int
    total: int
    reached: bool
    text: str


@router.get(
    "/{int:pk}/quorum", response=QuorumOut, openapi_extra=api_access(SIGNED_IN), summary="Live quorum"
)
def quorum(request: HttpRequest, pk: int) -> QuorumOut:
    q = queries.quorum(meeting_for(request.user, pk))
    return QuorumOut(present=q.present, total=q.total, reached=q.reached, text=q.text)


class HandsIn(InSchema):
    votes_for: int = Field(ge=0, le=100000)
    votes_against: int = Field(ge=0, le=100000)
    abstentions: int = Field(ge=0, le=100000)


@router.post(
    "/items/{int:pk}/hands", response=ItemOut, openapi_extra=api_access(RUN), summary="Enter a show of hands"
)
def item_hands(request: HttpRequest, pk: int, payload: HandsIn) -> Any:
    return services.item_count_hands(actor=request.user, item=item_for(request.user, pk), **payload.dict())


class BoxIn(InSchema):
    label: str = Field(max_length=100)
    votes_for: int = Field(ge=0, le=100000)
    votes_against: int = Field(ge=0, le=100000)
    spoilt: int = Field(0, ge=0, le=100000)
    blank: int = Field(0, ge=0, le=100000)


class SecretIn(InSchema):
    team: list[str] = Field(max_length=10)
    boxes: list[BoxIn] = Field(max_length=50)
    team_minutes: str = Field("", max_length=5000)


@router.post(
    "/items/{int:pk}/secret",
    response=ItemOut,
    openapi_extra=api_access(RUN),
    summary="Enter a secret ballot count",
)
def item_secret(request: HttpRequest, pk: int, payload: SecretIn) -> Any:
    boxes = [services.decisions.BoxCount(**b.dict()) for b in payload.boxes]
    return services.item_count_secret(
        actor=request.user,
        item=item_for(request.user, pk),
        team=payload.team,
        boxes=boxes,
        team_minutes=payload.team_minutes,
    )


class SlipIn(InSchema):
    code: str = Field(max_length=64)
    choice: str = Field(max_length=8)


@router.post(
    "/items/{int:pk}/slips",
    response={201: dict},
    openapi_extra=api_access(RUN),
    summary="Record a household slip",
)
def item_slip(request: HttpRequest, pk: int, payload: SlipIn) -> Status[dict]:
    v = services.slip_record(actor=request.user, item=item_for(request.user, pk), **payload.dict())
    return Status(201, {"household": v.household.number, "choice": v.choice})


@router.post(
    "/items/{int:pk}/confirm",
    response=ItemOut,
    openapi_extra=api_access(RUN),
    summary="Chair confirms the result",
)
def item_confirm(request: HttpRequest, pk: int) -> Any:
    return services.item_confirm(actor=request.user, item=item_for(request.user, pk))


class OnlineOpenIn(InSchema):
    head_and_front_agree: bool
    unanimous: bool
    devices: bool


@router.post(
    "/items/{int:pk}/online-open",
    response=ItemOut,
    openapi_extra=api_access(RUN),
    summary="Open online voting (Art. 15(6) only, three conditions checked)",
)
def item_online_open(request: HttpRequest, pk: int, payload: OnlineOpenIn) -> Any:
    conditions = services.OnlineConditions(**payload.dict())
    return services.item_online_open(
        actor=request.user, item=item_for(request.user, pk), conditions=conditions
    )


class OnlineVoteIn(InSchema):
    household: str = Field(max_length=32)
    choice: str = Field(max_length=8)


@router.post(
    "/items/{int:pk}/online-votes",
    response={201: dict},
    openapi_extra=api_access(SIGNED_IN),
    summary="A household representative votes online",
)
def online_vote(request: HttpRequest, pk: int, payload: OnlineVoteIn) -> Status[dict]:
    item = item_for(request.user, pk, "meetings.view_item")
    mine = [
        h
        for h in queries.represented_households(request.user)
        if h.number == payload.household and h.village_id == item.meeting.village_id
    ]
    if not mine:
        raise NotFound(_not_your_household())
    v = services.online_vote(person=request.user, item=item, household=mine[0], choice=payload.choice)
    return Status(201, {"household": v.household.number, "choice": v.choice})


@router.post(
    "/items/{int:pk}/online-close",
    response=ItemOut,
    openapi_extra=api_access(RUN),
    summary="Close online voting (then the chair confirms)",
)
def item_online_close(request: HttpRequest, pk: int) -> Any:
    return services.item_online_close(actor=request.user, item=item_for(request.user, pk))
