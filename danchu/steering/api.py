"""/api/v1/steering: bright spots of the committees a person may read; a committee's programmes and
inspections, read by staff of its place or above, written by its members through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from danchu.accounts.permissions import is_staff, readable_places
from danchu.core.access import STAFF, api_access
from danchu.core.api import InSchema
from danchu.core.errors import DomainError
from danchu.core.paging import LIMIT, OFFSET, page_of
from danchu.places.models import Place

from . import queries, services
from .models import BrightSpot, Inspection, Programme, Recommendation, SteeringCommittee
from .permissions import (
    committee_for,
    committee_recommendation_for,
    inspection_for,
    programme_for,
    task_for,
)
from .services import work

router = Router(tags=["steering"])
MANAGE = "steering.manage"
VIEW = "steering.view"


class BrightSpotOut(Schema):
    id: int
    name: str
    address: str
    place_code: str
    year: int
    status: str


@router.get(
    "/bright-spots", response=list[BrightSpotOut], openapi_extra=api_access(STAFF), summary="Bright spots"
)
def bright_spots(
    request: HttpRequest,
    response: HttpResponse,
    year: int | None = None,
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> list[BrightSpotOut]:
    if not is_staff(request.user):
        raise PermissionDenied  # bright spots under registration are the committees' working data
    qs = BrightSpot.objects.filter(place__in=readable_places(request.user)).select_related("place")
    if year:
        qs = qs.filter(year=year)
    return [
        BrightSpotOut(
            id=s.pk, name=s.name, address=s.address, place_code=s.place.code, year=s.year, status=s.status
        )
        for s in page_of(request, response, qs.order_by("-year", "name", "pk"), limit, offset)
    ]


def _committee(request: HttpRequest, pk: int) -> SteeringCommittee:
    """The committee if the person may read it, else 404 (the declaration's gate has already refused
    non-staff with 403); writing is the services' rule (403 for a reader who is not a member)."""
    return committee_for(request.user, pk, VIEW)


class ProgrammeIn(InSchema):
    title: str
    start_on: dt.date
    end_on: dt.date
    reference: str = ""
    targets: str = ""


class ProgrammeOut(Schema):
    id: int
    title: str
    year: int
    start_on: dt.date | None
    end_on: dt.date | None
    reference: str
    targets: str
    status: str
    done_on: dt.date | None


def _programme(p: Programme) -> ProgrammeOut:
    return ProgrammeOut(
        id=p.pk,
        title=p.title,
        year=p.year,
        start_on=p.start_on,
        end_on=p.end_on,
        reference=p.reference,
        targets=p.targets,
        status=p.status,
        done_on=p.done_on,
    )


@router.get(
    "/committees/{pk}/programmes",
    response=list[ProgrammeOut],
    openapi_extra=api_access(STAFF),
    summary="Programmes and plans of a committee",
)
def programmes(request: HttpRequest, pk: int) -> list[ProgrammeOut]:
    return [_programme(p) for p in queries.programmes(_committee(request, pk))]


@router.post(
    "/committees/{pk}/programmes",
    response={201: ProgrammeOut},
    openapi_extra=api_access(MANAGE),
    summary="Create a programme or plan",
)
def programme_create(request: HttpRequest, pk: int, payload: ProgrammeIn) -> Status[ProgrammeOut]:
    c = _committee(request, pk)
    p = services.programme_create(actor=request.user, committee=c, **payload.dict())
    return Status(201, _programme(p))


@router.post(
    "/committees/{pk}/programmes/{programme_pk}/done",
    response=ProgrammeOut,
    openapi_extra=api_access(MANAGE),
    summary="Mark a programme done",
)
def programme_complete(request: HttpRequest, pk: int, programme_pk: int) -> ProgrammeOut:
    c = _committee(request, pk)
    p = programme_for(request.user, c, programme_pk, VIEW)
    return _programme(services.programme_complete(actor=request.user, programme=p))


class InspectionIn(InSchema):
    title: str
    planned_on: dt.date
    planned_until: dt.date | None = None
    units: list[str]
    content: str = ""


class SteeringRecommendationOut(Schema):
    id: int
    text: str
    status: str
    resolved_on: dt.date | None
    resolution: str


class InspectionOut(Schema):
    id: int
    title: str
    planned_on: dt.date
    planned_until: dt.date | None
    content: str
    units: list[str]
    status: str
    done_on: dt.date | None
    findings: str
    recommendations: list[SteeringRecommendationOut]


def _recommendation(r: Recommendation) -> SteeringRecommendationOut:
    return SteeringRecommendationOut(
        id=r.pk, text=r.text, status=r.status, resolved_on=r.resolved_on, resolution=r.resolution
    )


def _inspection(i: Inspection) -> InspectionOut:
    return InspectionOut(
        id=i.pk,
        title=i.title,
        planned_on=i.planned_on,
        planned_until=i.planned_until,
        content=i.content,
        units=[u.place.code for u in i.units.all()],
        status=i.status,
        done_on=i.done_on,
        findings=i.findings,
        recommendations=[_recommendation(r) for r in i.recommendations.all()],
    )


@router.get(
    "/committees/{pk}/inspections",
    response=list[InspectionOut],
    openapi_extra=api_access(STAFF),
    summary="Inspections of a committee",
)
def inspections(request: HttpRequest, pk: int) -> list[InspectionOut]:
    return [_inspection(i) for i in queries.inspections(_committee(request, pk))]


@router.post(
    "/committees/{pk}/inspections",
    response={201: InspectionOut},
    openapi_extra=api_access(MANAGE),
    summary="Plan an inspection",
)
def inspection_plan(request: HttpRequest, pk: int, payload: InspectionIn) -> Status[InspectionOut]:
    c = _committee(request, pk)
    found = {p.code: p for p in Place.objects.filter(code__in=payload.units)}
    unknown = [code for code in payload.units if code not in found]
    if unknown:
        raise DomainError(
            _("Unknown place code: %(codes)s.") % {"codes": ", ".join(unknown)}, detail={"units": unknown}
        )
    insp = services.inspection_plan(
        actor=request.user,
        committee=c,
        title=payload.title,
        planned_on=payload.planned_on,
        planned_until=payload.planned_until,
        content=payload.content,
        units=[(found[code], "") for code in dict.fromkeys(payload.units)],
    )
    return Status(201, _inspection(queries.inspections(c).get(pk=insp.pk)))


class InspectionRecordIn(InSchema):
    done_on: dt.date
    findings: str
    recommendations: list[str] = []


def _own_inspection(request: HttpRequest, c: SteeringCommittee, inspection_pk: int) -> Inspection:
    return inspection_for(request.user, c, inspection_pk, VIEW)


@router.post(
    "/committees/{pk}/inspections/{inspection_pk}/findings",
    response=InspectionOut,
    openapi_extra=api_access(MANAGE),
    summary="Record an inspection's findings and recommendations",
)
def inspection_record(
    request: HttpRequest, pk: int, inspection_pk: int, payload: InspectionRecordIn
) -> InspectionOut:
    c = _committee(request, pk)
    services.inspection_record(
        actor=request.user, inspection=_own_inspection(request, c, inspection_pk), **payload.dict()
    )
    return _inspection(_own_inspection(request, c, inspection_pk))


class SteeringResolveIn(InSchema):
    resolution: str = ""


@router.post(
    "/committees/{pk}/recommendations/{recommendation_pk}/resolve",
    response=SteeringRecommendationOut,
    openapi_extra=api_access(MANAGE),
    summary="Mark a recommendation resolved",
)
def recommendation_resolve(
    request: HttpRequest, pk: int, recommendation_pk: int, payload: SteeringResolveIn
) -> SteeringRecommendationOut:
    c = _committee(request, pk)
    r: Any = committee_recommendation_for(request.user, c, recommendation_pk, VIEW)
    return _recommendation(
        services.recommendation_resolve(actor=request.user, recommendation=r, resolution=payload.resolution)
    )


class TaskOut(Schema):
    id: int
    title: str
    owner: str
    deadline: dt.date
    state: str
    result: str
    done_on: dt.date | None
    briefing_id: int | None


class TaskCloseIn(InSchema):
    result: str


def _task(t: Any) -> TaskOut:
    return TaskOut(
        id=t.pk,
        title=t.title,
        owner=t.owner_name,
        deadline=t.deadline,
        state=t.state,
        result=t.result,
        done_on=t.done_on,
        briefing_id=t.briefing_id,
    )


@router.get(
    "/committees/{pk}/tasks",
    response=list[TaskOut],
    openapi_extra=api_access("steering.view"),
    summary="Tasks set by the committee's briefing meetings",
)
def tasks(request: HttpRequest, pk: int) -> list[TaskOut]:
    return [_task(t) for t in committee_for(request.user, pk).tasks.all()]


@router.post(
    "/tasks/{pk}/close",
    response=TaskOut,
    openapi_extra=api_access("steering.manage_task"),
    summary="Close a task with its result",
)
def task_close(request: HttpRequest, pk: int, payload: TaskCloseIn) -> TaskOut:
    task = task_for(request.user, pk)
    return _task(work.task_close(actor=request.user, task=task, result=payload.result))
