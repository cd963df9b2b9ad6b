"""/api/v1/workplaces: units a person sees, one unit's conferences and dialogues, recording a
conference (convene, attendance, votes), and a steering committee's compliance figures."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from danchu.core.access import STAFF, api_access
from danchu.core.errors import DomainError
from danchu.steering.permissions import committee_for

from . import queries, services
from .models import Conference
from .permissions import conference_for, unit_for

router = Router(tags=["workplaces"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    unit_type: str
    ownership: str
    employees: int
    dispersed: bool
    place_code: str


class WorkplaceConferenceOut(Schema):
    id: int
    unit_id: int
    kind: str
    year: int
    status: str
    planned_on: dt.date
    held_on: dt.date | None
    delegates_convened: int
    delegates_present: int | None
    quorum_met: bool
    contents_done: list[str]


class ConveneIn(Schema):
    year: int
    planned_on: dt.date
    delegates_convened: int
    venue: str = ""
    extraordinary: bool = False


class HoldIn(Schema):
    held_on: dt.date
    delegates_present: int
    contents_done: list[str] = []
    chair: str = ""
    secretary: str = ""
    proceedings: str = ""


class WorkplaceVoteIn(Schema):
    title: str
    votes_for: int
    votes_against: int = 0
    votes_abstain: int = 0


class ResolutionOut(Schema):
    id: int
    title: str
    votes_for: int
    votes_against: int
    votes_abstain: int
    passed: bool


class FigureOut(Schema):
    label: str
    held: int
    total: int


class ComplianceOut(Schema):
    year: int
    figures: list[FigureOut]
    missing: list[str]
    without_dialogue: list[str]


def _unit_out(u: object) -> UnitOut:
    return UnitOut(
        id=u.pk,  # type: ignore[attr-defined]
        code=u.code,  # type: ignore[attr-defined]
        name=u.name,  # type: ignore[attr-defined]
        unit_type=u.unit_type,  # type: ignore[attr-defined]
        ownership=u.ownership,  # type: ignore[attr-defined]
        employees=u.employees,  # type: ignore[attr-defined]
        dispersed=u.dispersed,  # type: ignore[attr-defined]
        place_code=u.place.code,  # type: ignore[attr-defined]
    )


def _conf_out(c: Conference) -> WorkplaceConferenceOut:
    return WorkplaceConferenceOut(
        id=c.pk,
        unit_id=c.unit_id,
        kind=c.kind,
        year=c.year,
        status=c.status,
        planned_on=c.planned_on,
        held_on=c.held_on,
        delegates_convened=c.delegates_convened,
        delegates_present=c.delegates_present,
        quorum_met=c.quorum_met,
        contents_done=list(c.contents_done),
    )


@router.get("/units", response=list[UnitOut], openapi_extra=api_access(STAFF), summary="Units")
def units(request: HttpRequest) -> list[UnitOut]:
    return [_unit_out(u) for u in queries.visible_units(request.user)[:1000]]


@router.get("/units/{pk}", response=UnitOut, openapi_extra=api_access("workplaces.view"), summary="A unit")
def unit(request: HttpRequest, pk: int) -> UnitOut:
    return _unit_out(unit_for(request.user, pk))


@router.get(
    "/units/{pk}/conferences",
    response=list[WorkplaceConferenceOut],
    openapi_extra=api_access("workplaces.view"),
    summary="A unit's conferences",
)
def unit_conferences(request: HttpRequest, pk: int) -> list[WorkplaceConferenceOut]:
    u = unit_for(request.user, pk)
    return [_conf_out(c) for c in u.conferences.select_related("rule")]


@router.post(
    "/units/{pk}/conferences",
    response={201: WorkplaceConferenceOut},
    openapi_extra=api_access("workplaces.manage"),
    summary="Convene a conference",
)
def convene(request: HttpRequest, pk: int, payload: ConveneIn) -> Status[WorkplaceConferenceOut]:
    u = unit_for(request.user, pk, "workplaces.manage")
    c = services.conference_convene(actor=request.user, unit=u, **payload.dict())
    return Status(201, _conf_out(c))


@router.post(
    "/conferences/{pk}/held",
    response=WorkplaceConferenceOut,
    openapi_extra=api_access("workplaces.manage_conference"),
    summary="Record attendance and contents",
)
def hold(request: HttpRequest, pk: int, payload: HoldIn) -> WorkplaceConferenceOut:
    c = conference_for(request.user, pk, "workplaces.manage_conference")
    return _conf_out(services.conference_hold(actor=request.user, conference=c, **payload.dict()))


@router.post(
    "/conferences/{pk}/resolutions",
    response={201: ResolutionOut},
    openapi_extra=api_access("workplaces.manage_conference"),
    summary="Record a vote on a resolution",
)
def vote(request: HttpRequest, pk: int, payload: WorkplaceVoteIn) -> Status[ResolutionOut]:
    c = conference_for(request.user, pk, "workplaces.manage_conference")
    r = services.resolution_vote(actor=request.user, conference=c, **payload.dict())
    return Status(
        201,
        ResolutionOut(
            id=r.pk,
            title=r.title,
            votes_for=r.votes_for,
            votes_against=r.votes_against,
            votes_abstain=r.votes_abstain,
            passed=r.passed,
        ),
    )


@router.get(
    "/committees/{pk}/compliance",
    response=ComplianceOut,
    openapi_extra=api_access("steering.view"),
    summary="Compliance of a steering committee's units in a year",
)
def compliance(request: HttpRequest, pk: int, year: int) -> ComplianceOut:
    committee = committee_for(request.user, pk)
    if not 2000 <= year <= dt.date.today().year + 1:
        raise DomainError(_("The year is not valid."))
    report = queries.compliance(committee.place, year)
    return ComplianceOut(
        year=year,
        figures=[FigureOut(label=str(f.label), held=f.held, total=f.total) for f in report.figures()],
        missing=[r.unit.code for r in report.missing],
        without_dialogue=[r.unit.code for r in report.without_dialogue],
    )
