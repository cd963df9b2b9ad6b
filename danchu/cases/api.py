"""/api/v1/cases: intake, tracking by code, and the staff workflow.

A step not allowed from the case's current state answers 409 with a message naming the state.
Denouncers' identities never appear here.
"""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.security import SessionAuth

from danchu.accounts.auth import TokenAuth
from danchu.accounts.permissions import can
from danchu.core.access import PUBLIC, STAFF, api_access
from danchu.core.calendar import Calendar
from danchu.core.errors import DomainError, NotFound
from danchu.places.models import Place

from . import queries, ratelimit, services
from .models import Case, Channel, Field, Reply, State
from .permissions import get_case_for

router = Router(tags=["cases"])


class CaseIn(Schema):
    case_type: str = "feedback"
    place_code: str
    title: str
    description: str
    field_code: str | None = None
    contested_decision: str = ""
    first_decision_on: dt.date | None = None
    denounced: str = ""
    address: str = ""
    latitude: float | None = None
    longitude: float | None = None
    anonymous: bool = False
    name: str = ""
    phone: str = ""
    email: str = ""


class CaseCreated(Schema):
    tracking_code: str
    state: str
    unit: str
    acceptance_due: dt.date


class TrackOut(Schema):
    tracking_code: str
    case_type: str
    state: str
    state_label: str
    title: str
    unit: str
    received_at: dt.datetime
    acceptance_due: dt.date
    resolution_due: dt.date | None
    resolved_at: dt.datetime | None
    response: str
    merged_into: str | None


class CaseOut(Schema):
    tracking_code: str
    case_type: str
    channel: str
    state: str
    title: str
    description: str
    place_code: str
    unit_code: str
    field_code: str | None
    handler_id: int | None
    remote_area: bool
    complexity: str
    received_at: dt.datetime
    acceptance_due: dt.date
    accepted_at: dt.datetime | None
    resolution_due: dt.date | None
    resolved_at: dt.datetime | None
    resolved_on_time: bool | None
    timeliness: str


class ReasonIn(Schema):
    reason: str
    legal_basis: str = ""


class AcceptIn(Schema):
    remote_area: bool | None = None


class AssignIn(Schema):
    handler_id: int


class TransferIn(Schema):
    to_unit_code: str
    reason: str


class RespondIn(Schema):
    body: str
    publish: bool = False


class SignIn(Schema):
    signer_title: str = ""


class RateIn(Schema):
    satisfaction: int
    comment: str = ""


class DashboardOut(Schema):
    unit_code: str
    open: int
    on_time: int
    due_soon: int
    overdue: int
    paused: int


class OtherIn(Schema):
    other_code: str


class SlotOut(Schema):
    date: dt.date
    session: str
    leader_name: str
    leader_title: str
    location: str


def _out(case: Case, cal: Calendar | None = None) -> CaseOut:
    return CaseOut(
        tracking_code=case.tracking_code,
        case_type=case.case_type,
        channel=case.channel,
        state=case.state,
        title=case.title,
        description=case.description,
        place_code=case.place.code,
        unit_code=case.unit.code,
        field_code=case.field.code if case.field is not None else None,
        handler_id=case.handler_id,
        remote_area=case.remote_area,
        complexity=case.complexity,
        received_at=case.received_at,
        acceptance_due=case.acceptance_due,
        accepted_at=case.accepted_at,
        resolution_due=case.resolution_due,
        resolved_at=case.resolved_at,
        resolved_on_time=case.resolved_on_time,
        timeliness=case.timeliness(cal=cal),
    )


class OptionalAuth(SessionAuth):
    """Session or token when present, else anonymous (feedback may be anonymous)."""

    def __call__(self, request: HttpRequest):  # noqa: ANN204
        return super().__call__(request) or TokenAuth()(request) or True


@router.post(
    "/",
    response={201: CaseCreated},
    auth=[OptionalAuth(csrf=False)],
    openapi_extra=api_access(PUBLIC, "intake; complaints and denunciations need a verified resident"),
)
def create_case(request: HttpRequest, payload: CaseIn):  # noqa: ANN201
    ratelimit.hit(request)
    place = Place.objects.filter(code=payload.place_code).first()
    if place is None:
        raise NotFound(_("Unknown place code."))
    field = Field.objects.filter(code=payload.field_code).first() if payload.field_code else None
    case = services.case_submit(
        case_type_key=payload.case_type,
        place=place,
        field=field,
        title=payload.title,
        description=payload.description,
        submitter=request.user,
        identity=services.Identity(name=payload.name, phone=payload.phone, email=payload.email),
        anonymous=payload.anonymous,
        channel=Channel.API,
        contested_decision=payload.contested_decision,
        first_decision_on=payload.first_decision_on,
        denounced=payload.denounced,
        address=payload.address,
        latitude=payload.latitude,
        longitude=payload.longitude,
    )
    return Status(
        201,
        CaseCreated(
            tracking_code=case.tracking_code,
            state=case.state,
            unit=case.unit.name,
            acceptance_due=case.acceptance_due,
        ),
    )


@router.get(
    "/track/{code}", response=TrackOut, auth=None, openapi_extra=api_access(PUBLIC, "by tracking code")
)
def track(request: HttpRequest, code: str) -> TrackOut:
    case = Case.objects.select_related("unit", "merged_into").filter(tracking_code=code.upper()).first()
    if case is None:
        raise NotFound(_("No case has this tracking code."))
    f = case.merged_into or case
    return TrackOut(
        tracking_code=case.tracking_code,
        case_type=case.case_type,
        state=f.state,
        state_label=str(State(f.state).label),
        title=case.title,
        unit=f.unit.name,
        received_at=case.received_at,
        acceptance_due=f.acceptance_due,
        resolution_due=f.resolution_due,
        resolved_at=f.resolved_at,
        response=f.response if f.state in (State.RESOLVED, State.CLOSED) else "",
        merged_into=case.merged_into.tracking_code if case.merged_into else None,
    )


@router.post(
    "/track/{code}/rate", response=TrackOut, auth=None, openapi_extra=api_access(PUBLIC, "by tracking code")
)
def rate(request: HttpRequest, code: str, payload: RateIn) -> TrackOut:
    case = Case.objects.filter(tracking_code=code.upper()).first()
    if case is None:
        raise NotFound(_("No case has this tracking code."))
    services.case_rate(case=case, satisfaction=payload.satisfaction, comment=payload.comment)
    return track(request, code)


@router.get(
    "/", response=list[CaseOut], openapi_extra=api_access(STAFF, "cases of the units the person reads")
)
def list_cases(
    request: HttpRequest,
    unit_code: str = "",
    state: str = "open",
    timeliness: str = "",
    case_type: str = "",
    limit: int = 100,
    offset: int = 0,
) -> list[CaseOut]:
    from danchu.accounts.permissions import is_staff
    from danchu.core.errors import Forbidden

    if not is_staff(request.user):
        raise Forbidden(_("Only staff may list cases."))
    unit = Place.objects.filter(code=unit_code).first() if unit_code else None
    qs = queries.staff_cases(request.user, unit=unit, state=state, timeliness=timeliness, case_type=case_type)
    cal = Calendar()
    return [_out(c, cal) for c in qs[max(offset, 0) : max(offset, 0) + min(max(limit, 1), 500)]]


@router.get(
    "/dashboard/{unit_code}",
    response=DashboardOut,
    openapi_extra=api_access("cases.handle_case", "a unit the person acts for"),
)
def dashboard(request: HttpRequest, unit_code: str) -> DashboardOut:
    from .permissions import is_unit_staff

    unit = Place.objects.filter(code=unit_code).first()
    if unit is None or not is_unit_staff(request.user, unit):
        raise NotFound(_("Not found."))
    d = queries.unit_dashboard(unit)
    return DashboardOut(
        unit_code=unit.code, **{k: d[k] for k in ("open", "on_time", "due_soon", "overdue", "paused")}
    )


@router.get(
    "/reception/{unit_code}",
    response=list[SlotOut],
    auth=None,
    openapi_extra=api_access(PUBLIC, "a unit's published reception schedule from this month on"),
)
def reception_schedule(request: HttpRequest, unit_code: str) -> list[SlotOut]:
    from danchu.core.calendar import today as vn_today

    from .models import ReceptionSlot

    unit = Place.objects.filter(code=unit_code).first()
    if unit is None:
        raise NotFound(_("Unknown unit."))
    slots = ReceptionSlot.objects.filter(unit=unit, date__gte=vn_today().replace(day=1))[:100]
    return [
        SlotOut(
            date=s.date,
            session=s.session,
            leader_name=s.leader_name,
            leader_title=s.leader_title,
            location=s.location,
        )
        for s in slots
    ]


@router.get("/{code}", response=CaseOut, openapi_extra=api_access("cases.read_case", "404 outside scope"))
def get_case(request: HttpRequest, code: str) -> CaseOut:
    return _out(get_case_for(request.user, code))


def _handled(request: HttpRequest, code: str) -> Case:
    return get_case_for(request.user, code, "cases.handle_case")


@router.post("/{code}/accept", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def accept(request: HttpRequest, code: str, payload: AcceptIn) -> CaseOut:
    return _out(
        services.case_accept(case=_handled(request, code), by=request.user, remote_area=payload.remote_area)
    )


@router.post("/{code}/refuse", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def refuse(request: HttpRequest, code: str, payload: ReasonIn) -> CaseOut:
    return _out(services.case_refuse(case=_handled(request, code), by=request.user, reason=payload.reason))


@router.post("/{code}/assign", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def assign(request: HttpRequest, code: str, payload: AssignIn) -> CaseOut:
    from danchu.accounts.models import User

    handler = User.objects.filter(pk=payload.handler_id).first()
    if handler is None:
        raise DomainError(_("Unknown handler."))
    return _out(services.case_assign(case=_handled(request, code), by=request.user, handler=handler))


@router.post("/{code}/transfer", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def transfer(request: HttpRequest, code: str, payload: TransferIn) -> CaseOut:
    to_unit = Place.objects.filter(code=payload.to_unit_code).first()
    if to_unit is None:
        raise NotFound(_("Unknown unit."))
    case = services.case_transfer(
        case=_handled(request, code), by=request.user, to_unit=to_unit, reason=payload.reason
    )
    return _out(case)


@router.post("/{code}/extend", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def extend(request: HttpRequest, code: str, payload: ReasonIn) -> CaseOut:
    return _out(
        services.case_extend(
            case=_handled(request, code),
            by=request.user,
            reason=payload.reason,
            legal_basis=payload.legal_basis,
        )
    )


@router.post("/{code}/pause", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def pause(request: HttpRequest, code: str, payload: ReasonIn) -> CaseOut:
    return _out(
        services.case_pause(
            case=_handled(request, code),
            by=request.user,
            reason=payload.reason,
            legal_basis=payload.legal_basis,
        )
    )


@router.post("/{code}/resume", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def resume(request: HttpRequest, code: str) -> CaseOut:
    return _out(services.case_resume(case=_handled(request, code), by=request.user))


@router.post("/{code}/respond", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def respond(request: HttpRequest, code: str, payload: RespondIn) -> CaseOut:
    case = _handled(request, code)
    services.case_respond(case=case, by=request.user, body=payload.body, publish=payload.publish)
    return _out(case)


@router.post("/{code}/sign", response=CaseOut, openapi_extra=api_access("cases.sign_reply"))
def sign(request: HttpRequest, code: str, payload: SignIn) -> CaseOut:
    case = get_case_for(request.user, code, "cases.sign_reply")
    services.case_sign_reply(case=case, by=request.user, signer_title=payload.signer_title)
    return _out(case)


@router.post("/{code}/close", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def close(request: HttpRequest, code: str) -> CaseOut:
    return _out(services.case_close(case=_handled(request, code), by=request.user))


@router.post("/{code}/reopen", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def reopen(request: HttpRequest, code: str, payload: ReasonIn) -> CaseOut:
    return _out(services.case_reopen(case=_handled(request, code), by=request.user, reason=payload.reason))


__all__ = ["router", "Reply", "can"]


@router.post("/{code}/link", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def link(request: HttpRequest, code: str, payload: OtherIn) -> CaseOut:
    case = _handled(request, code)
    services.case_link(case=case, other=_handled(request, payload.other_code), by=request.user)
    return _out(case)


@router.post("/{code}/merge", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def merge(request: HttpRequest, code: str, payload: OtherIn) -> CaseOut:
    case = _handled(request, code)
    services.case_merge(case=case, into=_handled(request, payload.other_code), by=request.user)
    return _out(case)
