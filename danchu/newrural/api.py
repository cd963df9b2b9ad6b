"""/api/v1/newrural: the criteria sets and a unit's status (public); assessments, recognitions and the
import through the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from danchu.core.access import PUBLIC, STAFF, api_access
from danchu.core.api import ErrorOut, InSchema
from danchu.core.schema import SkippedRows, UnreadColumns
from danchu.core.text import year_in
from danchu.places.models import Level

from . import importing, queries, services
from .checks import FIRST_YEAR
from .models import CriteriaSet, RuralLevel
from .permissions import place_for

router = Router(tags=["newrural"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class CriterionOut(Schema):
    level: str
    number: int
    group: str
    name: str


class SetOut(Schema):
    code: str
    name: str
    decision: str
    companions: str
    valid_from: dt.date
    valid_to: dt.date | None
    issued: bool
    criteria: list[CriterionOut]


class RecognitionOut(Schema):
    level: str
    recognised_on: dt.date
    decision_number: str
    issuer: str
    revoked_on: dt.date | None


class AssessmentOut(Schema):
    year: int
    level: str
    met_count: int
    criteria_set: str
    evidence: int


class OtherOut(Schema):
    code: str
    name: str
    criteria_met: int | None


class AreaOut(Schema):
    year: int
    communes: int
    standard: int
    advanced: int
    model: int
    district_units: int
    districts: int
    not_recognised: list[OtherOut]


class RuralPlaceOut(Schema):
    code: str
    name: str
    recognitions: list[RecognitionOut] = []
    assessments: list[AssessmentOut] = []
    area: AreaOut | None = None


class AssessIn(InSchema):
    year: int
    met_count: int
    level: str = RuralLevel.STANDARD
    note: str = ""


class RuralRecogniseIn(InSchema):
    level: str
    recognised_on: dt.date
    decision_number: str
    issuer: str


class RuralImportOut(Schema):
    assessments: int
    recognitions: int
    unread_columns: UnreadColumns
    skipped: SkippedRows


@router.get(
    "/sets",
    response=list[SetOut],
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="National criteria sets",
)
def sets(request: HttpRequest) -> list[SetOut]:
    return [
        SetOut(
            code=s.code,
            name=s.name,
            decision=s.decision,
            companions=s.companions,
            valid_from=s.valid_from,
            valid_to=s.valid_to,
            issued=s.issued,
            criteria=[
                CriterionOut(level=c.level, number=c.number, group=c.group, name=c.name)
                for c in s.criteria.all()
            ],
        )
        for s in CriteriaSet.objects.prefetch_related("criteria")
    ]


def _place_out(code: str, person: object, year: int | None) -> RuralPlaceOut:
    unit = place_for(person, code)
    out = RuralPlaceOut(code=unit.code, name=unit.name)
    if unit.level == Level.COMMUNE:
        recognitions, assessments = queries.unit_history(unit)
        out.recognitions = [
            RecognitionOut(
                level=r.level,
                recognised_on=r.recognised_on,
                decision_number=r.decision_number,
                issuer=r.issuer,
                revoked_on=r.revoked_on,
            )
            for r in recognitions
        ]
        out.assessments = [
            AssessmentOut(
                year=a.year,
                level=a.level,
                met_count=a.met_count,
                criteria_set=a.criteria_set.code,
                evidence=len(a.evidence.all()),
            )
            for a in assessments
        ]
    else:
        this_year = dt.date.today().year
        f = queries.area_figures(unit, year_in(year, first=FIRST_YEAR, last=this_year, default=this_year))
        out.area = AreaOut(
            year=f.year,
            communes=f.communes,
            standard=f.standard,
            advanced=f.advanced,
            model=f.model,
            district_units=f.district_units,
            districts=f.districts,
            not_recognised=[OtherOut(code=c.code, name=c.name, criteria_met=m) for c, m in f.others],
        )
    return out


@router.get(
    "/places/{code}",
    response={200: RuralPlaceOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="A unit's new-rural status (a commune) or figures (a district or province) for a year",
)
def place(request: HttpRequest, code: str, year: int | None = None) -> RuralPlaceOut:
    return _place_out(code, request.user, year)


@router.post(
    "/places/{code}/assessments",
    response={201: AssessmentOut, **ERRORS},
    openapi_extra=api_access("newrural.assess"),
    summary="Record the criteria a commune met in a year",
)
def assess(request: HttpRequest, code: str, payload: AssessIn) -> Status[AssessmentOut]:
    commune = place_for(request.user, code, "newrural.assess")
    a = services.assessment_record(by=request.user, commune=commune, **payload.dict())
    return Status(
        201,
        AssessmentOut(
            year=a.year, level=a.level, met_count=a.met_count, criteria_set=a.criteria_set.code, evidence=0
        ),
    )


@router.post(
    "/places/{code}/recognitions",
    response={201: RecognitionOut, **ERRORS},
    openapi_extra=api_access("newrural.recognise"),
    summary="Record a unit's recognition and its decision",
)
def recognise(request: HttpRequest, code: str, payload: RuralRecogniseIn) -> Status[RecognitionOut]:
    unit = place_for(request.user, code, "newrural.recognise")
    r = services.recognition_record(by=request.user, place=unit, **payload.dict())
    return Status(
        201,
        RecognitionOut(
            level=r.level,
            recognised_on=r.recognised_on,
            decision_number=r.decision_number,
            issuer=r.issuer,
            revoked_on=None,
        ),
    )


@router.post(
    "/import",
    response={201: RuralImportOut, **ERRORS},
    openapi_extra=api_access(STAFF, "each row is checked against its unit"),
    summary="Import a year's records from XLSX or CSV (nothing imported when a row is bad, unless skip_bad_rows)",
)
def import_records(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    skip_bad_rows: Form[bool] = False,
) -> Status[RuralImportOut]:
    result = importing.import_records(
        by=request.user, file=file, filename=file.name or "", skip_bad=skip_bad_rows
    )
    return Status(
        201,
        RuralImportOut(
            assessments=result.assessments,
            recognitions=result.recognitions,
            unread_columns=result.unread_columns,
            skipped=result.skipped,
        ),
    )
