"""Works: list, history, decision, progress, acceptance, handover."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Schema, Status
from ninja.files import UploadedFile

from danchu.accounts.permissions import COMMUNE_STAFF, acting_places
from danchu.core.access import PUBLIC, STAFF, api_access
from danchu.core.api import InSchema
from danchu.core.errors import DomainError, Forbidden
from danchu.core.paging import LIMIT, OFFSET, page_of
from danchu.core.schema import Text
from danchu.places.models import Level, Place

from .. import queries, services
from ..models import Recommendation, Work
from ..permissions import work_for
from ..photos import read_uploads
from . import router

TEXT = 5000


class WorkOut(Schema):
    id: int
    title: str
    kind: str
    stage: str
    progress: int
    commune_code: str
    villages: list[str]
    investor: str
    decision_number: str
    decision_date: dt.date
    decision_issuer: str
    decision_ref: str
    decided_item: int | None
    budget_state: Decimal
    budget_people: Decimal
    budget_labour: Decimal
    budget_sponsors: Decimal
    budget_total: Decimal
    land_m2: Decimal
    location: dict[str, Any] | None
    accepted_on: dt.date | None
    handed_over_on: dt.date | None


def _work_out(w: Work) -> WorkOut:
    return WorkOut(
        id=w.pk,
        title=w.title,
        kind=w.kind,
        stage=w.stage,
        progress=w.progress,
        commune_code=w.commune.code,
        villages=[v.code for v in w.villages.all()],
        investor=w.investor,
        decision_number=w.decision_number,
        decision_date=w.decision_date,
        decision_issuer=w.decision_issuer,
        decision_ref=w.decision_ref,
        decided_item=w.decided_item_id,
        budget_state=w.budget_state,
        budget_people=w.budget_people,
        budget_labour=w.budget_labour,
        budget_sponsors=w.budget_sponsors,
        budget_total=w.budget_total,
        land_m2=w.land_m2,
        location=queries.geometry(w),
        accepted_on=w.accepted_on,
        handed_over_on=w.handed_over_on,
    )


class UpdateOut(Schema):
    on: dt.date
    percent: int
    note: str
    photos: list[str]


class WorksRecommendationOut(Schema):
    id: int
    text: str
    addressee: str
    due_on: dt.date
    suspension: bool
    status: str
    answer: str
    answered_on: dt.date | None
    follow_up: str


class SessionOut(Schema):
    id: int
    held_on: dt.date
    checklist: dict[str, Any]
    findings: str
    violation: bool


class TotalsOut(Schema):
    pledged: Decimal
    money: Decimal
    value: Decimal
    labour_days: Decimal
    land_m2: Decimal
    households: int


class WorkDetailOut(Schema):
    work: WorkOut
    totals: TotalsOut
    updates: list[UpdateOut]
    board_status: str | None
    sessions: list[SessionOut]
    recommendations: list[WorksRecommendationOut]


def _rec_out(r: Recommendation) -> WorksRecommendationOut:
    return WorksRecommendationOut(
        id=r.pk,
        text=r.text,
        addressee=r.addressee,
        due_on=r.due_on,
        suspension=r.suspension,
        status=r.status,
        answer=r.answer,
        answered_on=r.answered_on,
        follow_up=r.follow_up,
    )


@router.get(
    "/places/{code}",
    response=list[WorkOut],
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Works of a place",
)
def works_list(
    request: HttpRequest, response: HttpResponse, code: str, limit: int = LIMIT, offset: int = OFFSET
) -> list[WorkOut]:
    found = queries.place_of_works(code)
    if found is None:
        raise Http404
    return [_work_out(w) for w in page_of(request, response, queries.works_in(found), limit, offset)]


@router.get(
    "/works/{pk}",
    response=WorkDetailOut,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="A work's history",
)
def work_detail(request: HttpRequest, pk: int) -> WorkDetailOut:
    from django.urls import reverse

    w = work_for(request.user, pk)
    t = queries.totals(w)
    board = getattr(w, "board", None)
    return WorkDetailOut(
        work=_work_out(w),
        totals=TotalsOut(
            pledged=t.pledged,
            money=t.money,
            value=t.value,
            labour_days=t.labour_days,
            land_m2=t.land_m2,
            households=t.households,
        ),
        updates=[
            UpdateOut(
                on=u.on,
                percent=u.percent,
                note=u.note,
                photos=[reverse("works:photo", args=[p.pk]) for p in u.photos.all()],
            )
            for u in queries.history(w)
        ],
        board_status=board.status if board else None,
        sessions=[
            SessionOut(
                id=s.pk, held_on=s.held_on, checklist=s.checklist, findings=s.findings, violation=s.violation
            )
            for s in queries.sessions(w)
        ],
        recommendations=[_rec_out(r) for r in board.recommendations.all()] if board else [],
    )


class WorkIn(InSchema):
    commune: Text = Field(max_length=32)
    villages: list[Text] = Field(max_length=50)
    title: Text = Field(max_length=255)
    kind: Text = Work.Kind.ROAD
    purpose: Text = Field("", max_length=TEXT)
    investor: Text = Field(max_length=255)
    contractor: Text = Field("", max_length=255)
    consultant: Text = Field("", max_length=255)
    location: Text = Field("", max_length=20000)
    budget_state: Decimal = Decimal(0)
    budget_people: Decimal = Decimal(0)
    budget_labour: Decimal = Decimal(0)
    budget_sponsors: Decimal = Decimal(0)
    land_m2: Decimal = Decimal(0)
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    plan: Text = Field("", max_length=TEXT)
    decision_number: Text = Field(max_length=64)
    decision_date: dt.date
    decision_issuer: Text = Field(max_length=255)
    decision_ref: Text = Field("", max_length=64)
    decided_item: int | None = Field(None, description="the meeting item that decided the work")


@router.post("/works", response={201: WorkOut}, openapi_extra=api_access(STAFF), summary="Record a work")
def work_create(request: HttpRequest, payload: WorkIn) -> Status[WorkOut]:
    commune = next(
        (
            p
            for p in acting_places(request.user, COMMUNE_STAFF)
            if p.code == payload.commune and p.level == Level.COMMUNE
        ),
        None,
    )
    if commune is None:
        raise Forbidden(_("You do not run the works of this commune."))
    data = payload.dict()
    codes = data.pop("villages")
    data.pop("commune")
    villages = list(Place.objects.villages().filter(code__in=codes))
    if len(villages) != len(set(codes)):
        raise DomainError(_("Every village of the work must be in the commune."))
    w = services.work_create(
        by=request.user, commune=commune, data=services.WorkData(villages=villages, **data)
    )
    return Status(201, _work_out(w))


class ProgressIn(InSchema):
    on: dt.date
    percent: int
    note: Text = Field("", max_length=2000)


@router.post(
    "/works/{pk}/progress",
    response={201: UpdateOut},
    openapi_extra=api_access("works.manage"),
    summary="Record progress",
)
def progress(request: HttpRequest, pk: int, payload: ProgressIn) -> Status[UpdateOut]:
    u = services.progress_add(
        work=work_for(request.user, pk, "works.manage"), by=request.user, **payload.dict()
    )
    return Status(201, UpdateOut(on=u.on, percent=u.percent, note=u.note, photos=[]))


@router.post(
    "/works/{pk}/progress/photos",
    response={201: UpdateOut},
    openapi_extra=api_access("works.manage"),
    summary="Record progress with photos (multipart; EXIF removed)",
)
def progress_photos(
    request: HttpRequest,
    pk: int,
    on: dt.date = Form(...),  # noqa: B008
    percent: int = Form(...),  # noqa: B008
    note: str = Form("", max_length=2000),  # noqa: B008
    photos: list[UploadedFile] = File([]),  # noqa: B008
) -> Status[UpdateOut]:
    from django.urls import reverse

    files = read_uploads(photos)
    u = services.progress_add(
        work=work_for(request.user, pk, "works.manage"),
        by=request.user,
        on=on,
        percent=percent,
        note=note,
        photos=files,
    )
    urls = [reverse("works:photo", args=[p.pk]) for p in u.photos.all()]
    return Status(201, UpdateOut(on=u.on, percent=u.percent, note=u.note, photos=urls))


class WorksAcceptIn(InSchema):
    on: dt.date
    note: Text = Field(max_length=TEXT)


@router.post(
    "/works/{pk}/accept",
    response=WorkOut,
    openapi_extra=api_access("works.manage"),
    summary="Record the acceptance",
)
def accept(request: HttpRequest, pk: int, payload: WorksAcceptIn) -> WorkOut:
    return _work_out(
        services.work_accept(
            work=work_for(request.user, pk, "works.manage"), by=request.user, **payload.dict()
        )
    )


class HandOverIn(InSchema):
    on: dt.date
    to: Text = Field(max_length=255)


@router.post(
    "/works/{pk}/hand-over",
    response=WorkOut,
    openapi_extra=api_access("works.manage"),
    summary="Record the handover",
)
def hand_over(request: HttpRequest, pk: int, payload: HandOverIn) -> WorkOut:
    return _work_out(
        services.work_hand_over(
            work=work_for(request.user, pk, "works.manage"), by=request.user, **payload.dict()
        )
    )
