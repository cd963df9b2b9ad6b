"""Staff operations: list and read cases (need-to-know), a unit's dashboard, the workflow steps.
Every case comes through `case_for`; the gate of each declaration is enforced by the kernel."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from danchu.core.access import STAFF, api_access
from danchu.core.calendar import Calendar
from danchu.core.errors import DomainError, NotFound

from .. import queries, services
from ..models import Case
from ..permissions import FULL, case_for, unit_for, visibility
from . import router
from .schemas import (
    AcceptIn,
    AssignIn,
    CaseOut,
    DashboardOut,
    OtherIn,
    ReasonIn,
    RespondIn,
    SignIn,
    TransferIn,
)


def _out(case: Case, person: object, cal: Calendar | None = None) -> CaseOut:
    full = visibility(person, case) == FULL
    return CaseOut(
        tracking_code=case.tracking_code,
        case_type=case.case_type,
        channel=case.channel,
        state=case.state,
        content_visible=full,
        title=case.title if full else None,
        description=case.description if full else None,
        place_code=case.place.code,
        unit_code=case.unit.code,
        field_code=case.field.code if case.field is not None else None,
        handler_id=case.handler_id if full else None,
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


@router.get(
    "/", response=list[CaseOut], openapi_extra=api_access(STAFF, "the cases the person sees (need-to-know)")
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
    unit = unit_for(request.user, unit_code) if unit_code else None
    qs = queries.staff_cases(
        request.user, unit=unit, state=state[:16], timeliness=timeliness, case_type=case_type[:32]
    )
    start, cal = min(max(offset, 0), 10**6), Calendar()
    return [_out(c, request.user, cal) for c in qs[start : start + min(max(limit, 1), 500)]]


@router.get(
    "/dashboard/{unit_code}",
    response=DashboardOut,
    openapi_extra=api_access("cases.act_for_unit", "a unit the person handles cases for"),
)
def dashboard(request: HttpRequest, unit_code: str) -> DashboardOut:
    unit = unit_for(request.user, unit_code)
    d = queries.unit_dashboard(unit)
    return DashboardOut(
        unit_code=unit.code, **{k: d[k] for k in ("open", "on_time", "due_soon", "overdue", "paused")}
    )


@router.get(
    "/{code}", response=CaseOut, openapi_extra=api_access("cases.read_case", "404 outside need-to-know")
)
def get_case(request: HttpRequest, code: str) -> CaseOut:
    return _out(case_for(request.user, code=code), request.user)


def _handled(request: HttpRequest, code: str, action: str = "cases.handle_case") -> Case:
    return case_for(request.user, code=code, action=action)


@router.post("/{code}/accept", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def accept(request: HttpRequest, code: str, payload: AcceptIn) -> CaseOut:
    case = services.case_accept(
        case=_handled(request, code), by=request.user, remote_area=payload.remote_area
    )
    return _out(case, request.user)


@router.post("/{code}/refuse", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def refuse(request: HttpRequest, code: str, payload: ReasonIn) -> CaseOut:
    return _out(
        services.case_refuse(case=_handled(request, code), by=request.user, reason=payload.reason),
        request.user,
    )


@router.post("/{code}/assign", response=CaseOut, openapi_extra=api_access("cases.assign_case"))
def assign(request: HttpRequest, code: str, payload: AssignIn) -> CaseOut:
    case = _handled(request, code, "cases.assign_case")
    handler = queries.unit_handler(case.unit, str(payload.handler_id))
    if handler is None:
        raise DomainError(_("Unknown handler."))
    return _out(services.case_assign(case=case, by=request.user, handler=handler), request.user)


@router.post("/{code}/transfer", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def transfer(request: HttpRequest, code: str, payload: TransferIn) -> CaseOut:
    case = _handled(request, code)
    to_unit = queries.transfer_target(case, payload.to_unit_code)
    if to_unit is None:
        raise NotFound(_("Unknown unit."))
    return _out(
        services.case_transfer(case=case, by=request.user, to_unit=to_unit, reason=payload.reason),
        request.user,
    )


@router.post("/{code}/extend", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def extend(request: HttpRequest, code: str, payload: ReasonIn) -> CaseOut:
    case = _handled(request, code)
    services.case_extend(case=case, by=request.user, reason=payload.reason, legal_basis=payload.legal_basis)
    return _out(case, request.user)


@router.post("/{code}/pause", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def pause(request: HttpRequest, code: str, payload: ReasonIn) -> CaseOut:
    case = _handled(request, code)
    services.case_pause(case=case, by=request.user, reason=payload.reason, legal_basis=payload.legal_basis)
    return _out(case, request.user)


@router.post("/{code}/resume", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def resume(request: HttpRequest, code: str) -> CaseOut:
    return _out(services.case_resume(case=_handled(request, code), by=request.user), request.user)


@router.post("/{code}/respond", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def respond(request: HttpRequest, code: str, payload: RespondIn) -> CaseOut:
    case = _handled(request, code)
    services.case_respond(case=case, by=request.user, body=payload.body, publish=payload.publish)
    return _out(case, request.user)


@router.post("/{code}/sign", response=CaseOut, openapi_extra=api_access("cases.sign_reply"))
def sign(request: HttpRequest, code: str, payload: SignIn) -> CaseOut:
    case = _handled(request, code, "cases.sign_reply")
    services.case_sign_reply(case=case, by=request.user, signer_title=payload.signer_title)
    return _out(case, request.user)


@router.post("/{code}/close", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def close(request: HttpRequest, code: str) -> CaseOut:
    return _out(services.case_close(case=_handled(request, code), by=request.user), request.user)


@router.post("/{code}/reopen", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def reopen(request: HttpRequest, code: str, payload: ReasonIn) -> CaseOut:
    return _out(
        services.case_reopen(case=_handled(request, code), by=request.user, reason=payload.reason),
        request.user,
    )


@router.post("/{code}/link", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def link(request: HttpRequest, code: str, payload: OtherIn) -> CaseOut:
    case = _handled(request, code)
    services.case_link(case=case, other=_handled(request, payload.other_code), by=request.user)
    return _out(case, request.user)


@router.post("/{code}/merge", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def merge(request: HttpRequest, code: str, payload: OtherIn) -> CaseOut:
    case = _handled(request, code)
    services.case_merge(case=case, into=_handled(request, payload.other_code), by=request.user)
    return _out(case, request.user)
