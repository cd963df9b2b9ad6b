"""/api/v1/reporting: the indicator catalogue, values by place / period / breakdown, report forms and
submissions. Public indicators are open to anyone; everything else needs staff read access."""

from __future__ import annotations

from contextlib import AbstractContextManager

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from danchu.core.access import PUBLIC, STAFF, api_access, can
from danchu.core.api import InSchema
from danchu.core.errors import NotFound
from danchu.places.models import Place

from . import queries, services
from .audience import approved_only
from .catalogue import all_indicators, get_indicator
from .completeness import completeness
from .models import ReportForm
from .periods import parse
from .permissions import form_for, place_for
from .registry import Indicator

router = Router(tags=["reporting"])


class IndicatorOut(Schema):
    code: str
    kind: str
    section: str
    name: str
    unit: str
    definition: str
    aggregation: str
    breakdowns: list[str]
    public: bool
    numerator: str
    denominator: str
    valid_from: str | None
    valid_to: str | None


class ValueOut(Schema):
    indicator: str
    place_code: str
    place_name: str
    period: str
    period_name: str
    breakdown: str
    value: float | None
    numerator: float | None
    denominator: float | None
    text: str
    previous_year: float | None
    change: str


class ChildValueOut(Schema):
    place_code: str
    place_name: str
    value: float | None
    numerator: float | None
    denominator: float | None


class FormOut(Schema):
    code: str
    name: str
    period_type: str
    due_days: int
    elements: list[str]


class UnitStatusOut(Schema):
    place_code: str
    place_name: str
    state: str
    status: str | None
    submitted_at: str | None
    flags: list[dict]


class SubmissionValuesIn(InSchema):
    values: dict[str, str]


class SaveOut(Schema):
    status: str
    refused: dict[str, str]


def _ind_out(i: Indicator) -> IndicatorOut:
    return IndicatorOut(
        code=i.code,
        kind=i.kind,
        section=i.section,
        name=str(i.name),
        unit=i.unit,
        definition=str(i.definition or ""),
        aggregation=i.aggregation,
        breakdowns=list(i.breakdowns),
        public=i.public,
        numerator=i.numerator,
        denominator=i.denominator,
        valid_from=i.valid_from.isoformat() if i.valid_from else None,
        valid_to=i.valid_to.isoformat() if i.valid_to else None,
    )


def _audience(request: HttpRequest, where: Place) -> AbstractContextManager[None]:
    """A reader without dashboard access to the place reads what the public reads: values awaiting
    approval left out."""
    return approved_only(not can(request.user, "reporting.view_dashboard", where))


def _place(request: HttpRequest, code: str, *, public_ok: bool = False) -> Place:
    """A place to read figures of: any place for public indicators, else the person's scope."""
    return place_for(request.user, code, "reporting.read_public" if public_ok else "reporting.view_dashboard")


@router.get(
    "/indicators",
    response=list[IndicatorOut],
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="The indicator catalogue",
)
def indicators(request: HttpRequest, public_only: bool = False) -> list[IndicatorOut]:
    return [_ind_out(i) for i in all_indicators() if i.public or not public_only]


@router.get(
    "/values",
    response=ValueOut,
    auth=None,
    openapi_extra=api_access(
        PUBLIC,
        "public indicators (to the public, values awaiting approval left out); others need staff read access",
    ),
    summary="An indicator for a place's subtree, a period and a breakdown",
)
def values(request: HttpRequest, indicator: str, place: str, period: str, breakdown: str = "") -> ValueOut:
    ind = get_indicator(indicator)
    if ind is None:
        raise NotFound(_("Unknown indicator: %(code)s") % {"code": indicator})
    where = _place(request, place, public_ok=ind.public)
    p = parse(period)
    with _audience(request, where):
        fig = queries.figures([ind], where, p)[0] if not breakdown else None
        res = queries.values(ind, where, p, breakdown or None)
    prev = fig.previous.value if fig else None
    return ValueOut(
        indicator=ind.code,
        place_code=where.code,
        place_name=where.name,
        period=p.code,
        period_name=p.name("vi"),
        breakdown=breakdown,
        value=res.value,
        numerator=res.num,
        denominator=res.den,
        text=res.text(ind.unit),
        previous_year=prev,
        change=fig.change_text if fig else "",
    )


@router.get(
    "/values/children",
    response=list[ChildValueOut],
    auth=None,
    openapi_extra=api_access(
        PUBLIC,
        "public indicators (to the public, values awaiting approval left out); others need staff read access",
    ),
    summary="An indicator for each place one level below",
)
def child_values(request: HttpRequest, indicator: str, place: str, period: str) -> list[ChildValueOut]:
    ind = get_indicator(indicator)
    if ind is None:
        raise NotFound(_("Unknown indicator: %(code)s") % {"code": indicator})
    where = _place(request, place, public_ok=ind.public)
    with _audience(request, where):
        rows = queries.by_child(ind, where, parse(period))
    return [
        ChildValueOut(place_code=c.code, place_name=c.name, value=r.value, numerator=r.num, denominator=r.den)
        for c, r in rows
    ]


@router.get("/forms", response=list[FormOut], openapi_extra=api_access(STAFF), summary="Report forms")
def forms(request: HttpRequest) -> list[FormOut]:

    return [
        FormOut(
            code=f.code,
            name=f.name,
            period_type=f.period_type,
            due_days=f.due_days,
            elements=[e.code for e in f.elements.all()],
        )
        for f in ReportForm.objects.filter(active=True).prefetch_related("elements")
    ]


@router.get(
    "/forms/{form_code}/submissions",
    response=list[UnitStatusOut],
    openapi_extra=api_access(STAFF),
    summary="Which units submitted a form for a period, on time or late",
)
def submissions(request: HttpRequest, form_code: str, place: str, period: str) -> list[UnitStatusOut]:
    form = form_for(request.user, form_code)
    status = completeness(form, _place(request, place), parse(period))
    return [
        UnitStatusOut(
            place_code=u.place.code,
            place_name=u.place.name,
            state=u.state,
            status=u.submission.status if u.submission else None,
            submitted_at=u.submission.submitted_at.isoformat()
            if u.submission and u.submission.submitted_at
            else None,
            flags=u.submission.flags if u.submission else [],
        )
        for u in status.units
    ]


@router.put(
    "/forms/{form_code}/submissions/{place_code}/{period}",
    response={200: SaveOut, 422: SaveOut},
    openapi_extra=api_access("reporting.enter"),
    summary="Save values of a unit's form (refused values are listed)",
)
def save_values(
    request: HttpRequest, form_code: str, place_code: str, period: str, payload: SubmissionValuesIn
) -> Status[SaveOut]:
    form = form_for(request.user, form_code)
    with transaction.atomic():  # a refused entry leaves no draft behind
        sub = services.submission_open(form=form, place=_place(request, place_code), period=parse(period))
        refused = services.submission_save(actor=request.user, submission=sub, raw=payload.values)
    sub.refresh_from_db()
    return Status(422 if refused else 200, SaveOut(status=sub.status, refused=refused))


@router.post(
    "/forms/{form_code}/submissions/{place_code}/{period}/submit",
    response=SaveOut,
    openapi_extra=api_access("reporting.enter"),
    summary="Submit a unit's form",
)
def submit(request: HttpRequest, form_code: str, place_code: str, period: str) -> SaveOut:
    form, place, when = form_for(request.user, form_code), _place(request, place_code), parse(period)
    with transaction.atomic():  # a refused submission leaves no draft behind
        sub = services.submission_open(form=form, place=place, period=when)
        sub = services.submission_submit(actor=request.user, submission=sub)
    return SaveOut(status=sub.status, refused={})
