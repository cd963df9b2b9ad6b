"""/api/v1/adminreform: a unit's desks and one-stop figures (public); the import, desks and departments
through the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from danchu.core.access import PUBLIC, STAFF, api_access
from danchu.core.api import ErrorOut, InSchema
from danchu.core.schema import SkippedRows, UnreadColumns
from danchu.core.text import year_in

from . import importing, queries, services
from .permissions import place_for

router = Router(tags=["adminreform"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class CentreOut(Schema):
    name: str
    address: str
    opened_on: dt.date
    closed_on: dt.date | None


class OneStopFigureOut(Schema):
    department: str | None
    start: dt.date
    end: dt.date
    carried_over: int
    received: int
    received_online: int
    resolved: int
    resolved_on_time: int
    services_level_3: int | None
    services_level_4: int | None
    services_full: int | None
    services_partial: int | None


class OneStopTotalOut(Schema):
    """The total row of the page and the files: dossier counts added over the rows; `additive` is false
    (and the counts null) when two rows of one unit cover overlapping periods."""

    rows: int
    additive: bool
    received: int | None
    received_online: int | None
    resolved: int | None
    resolved_on_time: int | None


class OneStopPlaceOut(Schema):
    code: str
    name: str
    year: int
    centres: list[CentreOut]
    figures: list[OneStopFigureOut]
    total: OneStopTotalOut | None


class CentreIn(InSchema):
    name: str
    address: str = ""
    opened_on: dt.date


class DepartmentIn(InSchema):
    code: str
    name: str


class DepartmentOut(Schema):
    code: str
    name: str


class OneStopImportOut(Schema):
    created: int
    updated: int
    unread_columns: UnreadColumns
    skipped: SkippedRows


@router.get(
    "/places/{code}",
    response={200: OneStopPlaceOut, 404: ErrorOut, 422: ErrorOut},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="A unit's one-stop desks and figures for a year",
)
def place(request: HttpRequest, code: str, year: int | None = None) -> OneStopPlaceOut:
    unit = place_for(request.user, code)
    this_year = dt.date.today().year
    year = year_in(year, first=queries.FIRST_YEAR, last=this_year, default=this_year)
    figures = list(queries.figures_of(unit, year))
    return OneStopPlaceOut(
        code=unit.code,
        name=unit.name,
        year=year,
        centres=[
            CentreOut(name=c.name, address=c.address, opened_on=c.opened_on, closed_on=c.closed_on)
            for c in queries.centres_of(unit)
        ],
        figures=[
            OneStopFigureOut(
                department=f.department.code if f.department else None,
                start=f.start,
                end=f.end,
                carried_over=f.carried_over,
                received=f.received,
                received_online=f.received_online,
                resolved=f.resolved,
                resolved_on_time=f.resolved_on_time,
                services_level_3=f.services_level_3,
                services_level_4=f.services_level_4,
                services_full=f.services_full,
                services_partial=f.services_partial,
            )
            for f in figures
        ],
        total=_total_out(queries.figures_total(figures)),
    )


def _total_out(total: queries.FiguresTotal | None) -> OneStopTotalOut | None:
    if total is None:
        return None
    counts = ("received", "received_online", "resolved", "resolved_on_time")
    return OneStopTotalOut(
        rows=total.rows,
        additive=total.additive,
        **{c: getattr(total, c) if total.additive else None for c in counts},
    )


@router.post(
    "/places/{code}/centres",
    response={201: CentreOut, **ERRORS},
    openapi_extra=api_access("adminreform.manage"),
    summary="Record a unit's one-stop desk",
)
def centre(request: HttpRequest, code: str, payload: CentreIn) -> Status[CentreOut]:
    unit = place_for(request.user, code, "adminreform.manage")
    c = services.centre_record(by=request.user, place=unit, **payload.dict())
    return Status(201, CentreOut(name=c.name, address=c.address, opened_on=c.opened_on, closed_on=None))


@router.post(
    "/places/{code}/departments",
    response={201: DepartmentOut, **ERRORS},
    openapi_extra=api_access("adminreform.departments"),
    summary="Add a province-level department (its code in the one-stop system)",
)
def department(request: HttpRequest, code: str, payload: DepartmentIn) -> Status[DepartmentOut]:
    province = place_for(request.user, code, "adminreform.departments")
    d = services.department_add(by=request.user, province=province, **payload.dict())
    return Status(201, DepartmentOut(code=d.code, name=d.name))


@router.post(
    "/import",
    response={201: OneStopImportOut, **ERRORS},
    openapi_extra=api_access(STAFF, "each row is checked against its unit"),
    summary="Import a one-stop system's CSV or XLSX export (nothing imported when a row is bad, unless skip_bad_rows)",
)
def import_figures(
    request: HttpRequest,
    file: UploadedFile = File(...),  # noqa: B008
    skip_bad_rows: Form[bool] = False,
) -> Status[OneStopImportOut]:
    result = importing.import_figures(
        by=request.user, file=file, filename=file.name or "", skip_bad=skip_bad_rows
    )
    return Status(
        201,
        OneStopImportOut(
            created=result.created,
            updated=result.updated,
            unread_columns=result.unread_columns,
            skipped=result.skipped,
        ),
    )
