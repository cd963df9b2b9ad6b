"""/api/v1/meetings: meetings, check-in, counts and decisions, minutes, and secret electronic
elections — through the same services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from danchu.accounts.permissions import village_scope
from danchu.core.access import PUBLIC, SIGNED_IN, STAFF, api_access
from danchu.core.errors import NotFound

from . import queries, services
from .models import Ballot, ConventionVersion, Election, Meeting
from .permissions import election_for, item_for, meeting_for, version_for

router = Router(tags=["meetings"])
RUN = "meetings.run"


class ItemIn(Schema):
    title: str = Field(max_length=255)
    kind: str = "inform"
    matter: int | None = None
    method: str = ""
    description: str = Field("", max_length=5000)


class MeetingIn(Schema):
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


def _out(m: Meeting) -> MeetingOut:
    q = queries.quorum(m)
    return MeetingOut(
        id=m.pk,
        village=m.village.code,
        title=m.title,
        starts_at=m.starts_at,
        location=m.location,
        status=m.status,
        notice_sent_at=m.notice_sent_at,
        notice_respected=queries.notice_respected(m),
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
def meeting_list(request: HttpRequest) -> list[MeetingOut]:
    qs = Meeting.objects.filter(village__in=village_scope(request.user)).select_related("village")
    return [_out(m) for m in qs.prefetch_related("items")[:200]]


@router.post("/", response={201: MeetingOut}, openapi_extra=api_access("meetings.convene"), summary="Convene")
def meeting_convene(request: HttpRequest, payload: MeetingIn) -> Status[MeetingOut]:
    village = village_scope(request.user).filter(code=payload.village).first()
    if village is None:
        raise Http404
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
def mine(request: HttpRequest) -> list[MeetingOut]:
    villages = {h.village_id for h in queries.households_of(request.user)}
    return [_out(m) for m in Meeting.objects.filter(village_id__in=villages).exclude(status="draft")[:50]]


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


class CloseIn(Schema):
    secretary_name: str = Field(max_length=200)
    notes: str = Field("", max_length=20000)


@router.post(
    "/{int:pk}/close", response=MeetingOut, openapi_extra=api_access(RUN), summary="Close the meeting"
)
def meeting_close(request: HttpRequest, pk: int, payload: CloseIn) -> MeetingOut:
    m = meeting_for(request.user, pk, RUN)
    return _out(services.meeting_close(actor=request.user, meeting=m, **payload.dict()))


class CheckinIn(Schema):
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


class HandsIn(Schema):
    votes_for: int = Field(ge=0, le=100000)
    votes_against: int = Field(ge=0, le=100000)
    abstentions: int = Field(ge=0, le=100000)


@router.post(
    "/items/{int:pk}/hands", response=ItemOut, openapi_extra=api_access(RUN), summary="Enter a show of hands"
)
def item_hands(request: HttpRequest, pk: int, payload: HandsIn) -> Any:
    return services.item_count_hands(actor=request.user, item=item_for(request.user, pk), **payload.dict())


class BoxIn(Schema):
    label: str = Field(max_length=100)
    votes_for: int = Field(ge=0, le=100000)
    votes_against: int = Field(ge=0, le=100000)
    spoilt: int = Field(0, ge=0, le=100000)
    blank: int = Field(0, ge=0, le=100000)


class SecretIn(Schema):
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
    boxes = [services.meetings.BoxCount(**b.dict()) for b in payload.boxes]
    return services.item_count_secret(
        actor=request.user,
        item=item_for(request.user, pk),
        team=payload.team,
        boxes=boxes,
        team_minutes=payload.team_minutes,
    )


class SlipIn(Schema):
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


# --- Elections --------------------------------------------------------------------------------------


class ElectionIn(Schema):
    village: str = Field(max_length=32)
    office: str = Field(max_length=32)
    election_day: dt.date
    seats: int = Field(1, ge=1, le=20)
    candidates: list[str] = Field(max_length=50)


class CandidateOut(Schema):
    id: int
    full_name: str
    elected: bool


class ElectionOut(Schema):
    id: int
    village: str
    office: str
    election_day: dt.date
    status: str
    seats: int
    roster_size: int | None
    candidates: list[CandidateOut]
    tally: dict
    steps: list[dict]


def _eout(e: Election) -> ElectionOut:
    from .services.elections import steps

    tally = e.tally if e.status in ("tallied", "recognised", "failed") else {}
    return ElectionOut(
        id=e.pk,
        village=e.village.code,
        office=e.office,
        election_day=e.election_day,
        status=e.status,
        seats=e.seats,
        roster_size=e.roster_size,
        candidates=[CandidateOut.from_orm(c) for c in e.candidates.all()],
        tally=tally,
        steps=[{"label": str(s["label"]), "due": s["due"].isoformat()} for s in steps(e)],
    )


@router.post(
    "/elections",
    response={201: ElectionOut},
    openapi_extra=api_access("meetings.convene"),
    summary="Plan an election",
)
def election_plan(request: HttpRequest, payload: ElectionIn) -> Status[ElectionOut]:
    village = village_scope(request.user).filter(code=payload.village).first()
    if village is None:
        raise Http404
    e = services.election_plan(
        actor=request.user,
        village=village,
        office=payload.office,
        election_day=payload.election_day,
        candidates=payload.candidates,
        seats=payload.seats,
    )
    return Status(201, _eout(e))


@router.get(
    "/elections/{int:pk}", response=ElectionOut, openapi_extra=api_access(SIGNED_IN), summary="An election"
)
def election_get(request: HttpRequest, pk: int) -> ElectionOut:
    return _eout(election_for(request.user, pk))


def _eaction(name: str, summary: str, who: str) -> None:
    def run(request: HttpRequest, pk: int) -> ElectionOut:
        e = election_for(request.user, pk, who)
        return _eout(getattr(services, name)(actor=request.user, election=e))

    run.__name__ = name
    router.post(
        "/elections/{int:pk}/" + name.split("_", 1)[1],
        response=ElectionOut,
        openapi_extra=api_access(who),
        summary=summary,
    )(run)


_eaction("election_open", "Open the vote", "meetings.run_election")
_eaction("election_close", "Close the vote", "meetings.run_election")
_eaction("election_tally", "Tally (only after the vote closes)", "meetings.run_election")
_eaction("election_recognise", "Recognition by the commune chairman", "meetings.recognise")


class RerunIn(Schema):
    election_day: dt.date


@router.post(
    "/elections/{int:pk}/rerun",
    response={201: ElectionOut},
    openapi_extra=api_access("meetings.run_election"),
    summary="Re-election when nobody won",
)
def election_rerun(request: HttpRequest, pk: int, payload: RerunIn) -> Status[ElectionOut]:
    e = election_for(request.user, pk, "meetings.run_election")
    return Status(
        201, _eout(services.election_rerun(actor=request.user, election=e, election_day=payload.election_day))
    )


class BallotIn(Schema):
    household: str = Field(description="household number", max_length=32)
    choices: list[int] = Field(max_length=50)


@router.post(
    "/elections/{int:pk}/ballots",
    response={201: dict},
    openapi_extra=api_access(SIGNED_IN),
    summary="Cast a household's secret ballot (returns the receipt code)",
)
def ballot_cast(request: HttpRequest, pk: int, payload: BallotIn) -> Status[dict]:
    e = election_for(request.user, pk)
    mine = [
        h
        for h in queries.represented_households(request.user)
        if h.number == payload.household and h.village_id == e.village_id
    ]
    if not mine:
        raise NotFound(_not_your_household())
    receipt = services.ballot_cast(
        person=request.user, election=e, household=mine[0], choices=payload.choices
    )
    return Status(201, {"receipt": receipt})


def _not_your_household() -> str:
    from django.utils.translation import gettext as _

    return _("You do not represent a household with this number in the election's village.")


@router.get(
    "/elections/{int:pk}/receipts/{code}",
    response=dict,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Was my ballot counted? (after the tally)",
)
def receipt_check(request: HttpRequest, pk: int, code: str) -> dict:
    e = Election.objects.filter(pk=pk, status__in=["tallied", "recognised", "failed"]).first()
    if e is None:
        raise Http404
    return {
        "counted": code.strip().upper() in set(e.tally.get("receipts", [])),
        "checked_at": timezone.now().date().isoformat(),
        "ballot_stored": Ballot.objects.filter(election=e, receipt=code.strip().upper()).exists(),
    }


# --- Conventions ------------------------------------------------------------------------------------


class ConventionIn(Schema):
    village: str = Field(max_length=32)
    title: str = Field(max_length=255)
    text: str = Field(max_length=100_000)
    kind: str = Field("huong_uoc", max_length=16)


class VersionOut(Schema):
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


def _vout(v: ConventionVersion) -> VersionOut:
    from .services.conventions import diff

    return VersionOut(
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
    )


@router.post(
    "/conventions",
    response={201: VersionOut},
    openapi_extra=api_access("meetings.convene"),
    summary="Draft a village convention",
)
def convention_draft(request: HttpRequest, payload: ConventionIn) -> Status[VersionOut]:
    village = village_scope(request.user).filter(code=payload.village).first()
    if village is None:
        raise Http404
    v = services.convention_draft(
        actor=request.user, village=village, title=payload.title, text=payload.text, kind=payload.kind
    )
    return Status(201, _vout(v))


@router.get(
    "/conventions/{int:pk}",
    response=VersionOut,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="A convention version (public once out of draft)",
)
def version_get(request: HttpRequest, pk: int) -> VersionOut:
    return _vout(version_for(request.user, pk))


class AmendIn(Schema):
    text: str = Field(max_length=100_000)
    note: str = Field("", max_length=500)


@router.post(
    "/conventions/{int:pk}/amend",
    response={201: VersionOut},
    openapi_extra=api_access("meetings.manage_convention"),
    summary="Amend: a new version",
)
def version_amend(request: HttpRequest, pk: int, payload: AmendIn) -> Status[VersionOut]:
    v = version_for(request.user, pk, "meetings.manage_convention")
    return Status(
        201, _vout(services.convention_amend(actor=request.user, convention=v.convention, **payload.dict()))
    )


@router.post(
    "/conventions/{int:pk}/open",
    response=VersionOut,
    openapi_extra=api_access("meetings.manage_convention"),
    summary="Open for comments",
)
def version_open(request: HttpRequest, pk: int) -> VersionOut:
    v = version_for(request.user, pk, "meetings.manage_convention")
    return _vout(services.version_open_comments(actor=request.user, version=v))


class CommentIn(Schema):
    text: str = Field(max_length=5000)


@router.post(
    "/conventions/{int:pk}/comments",
    response={201: dict},
    openapi_extra=api_access("meetings.comment_convention"),
    summary="Comment (residents)",
)
def version_comment(request: HttpRequest, pk: int, payload: CommentIn) -> Status[dict]:
    v = version_for(request.user, pk)
    c = services.comment_add(person=request.user, version=v, text=payload.text)
    return Status(201, {"id": c.pk})


class AdoptIn(Schema):
    item: int


@router.post(
    "/conventions/{int:pk}/adopt",
    response=VersionOut,
    openapi_extra=api_access("meetings.manage_convention"),
    summary="Record the household vote",
)
def version_adopt(request: HttpRequest, pk: int, payload: AdoptIn) -> VersionOut:
    v = version_for(request.user, pk, "meetings.manage_convention")
    return _vout(
        services.version_adopt(actor=request.user, version=v, item=item_for(request.user, payload.item))
    )


@router.post(
    "/conventions/{int:pk}/submit",
    response=VersionOut,
    openapi_extra=api_access("meetings.manage_convention"),
    summary="Submit to the commune",
)
def version_submit(request: HttpRequest, pk: int) -> VersionOut:
    v = version_for(request.user, pk, "meetings.manage_convention")
    return _vout(services.version_submit(actor=request.user, version=v))


class RecogniseIn(Schema):
    decision_number: str = Field(max_length=100)


@router.post(
    "/conventions/{int:pk}/recognise",
    response=VersionOut,
    openapi_extra=api_access("meetings.recognise_convention"),
    summary="Recognition (commune chairman)",
)
def version_recognise(request: HttpRequest, pk: int, payload: RecogniseIn) -> VersionOut:
    v = version_for(request.user, pk, "meetings.recognise_convention")
    return _vout(
        services.version_recognise(actor=request.user, version=v, decision_number=payload.decision_number)
    )


class OnlineOpenIn(Schema):
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


class OnlineVoteIn(Schema):
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
