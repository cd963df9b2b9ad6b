"""Staff operations: list and read cases (need-to-know), a unit's dashboard, the workflow steps.
Every case comes through `case_for`; the gate of each declaration is enforced by the kernel."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Status

from danchu.core.access import STAFF, api_access
from danchu.core.calendar import Calendar
from danchu.core.errors import DomainError, NotFound
from danchu.core.paging import LIMIT, OFFSET, page_of

from .. import handlers, queries, services
from ..models import Case, Contact, Delegation
from ..permissions import FULL, case_for, contact_for, delegation_for, unit_for, visibility
from . import router
from .schemas import (
    AcceptanceExtensionIn,
    AcceptIn,
    AssignIn,
    CaseOut,
    CaseReasonIn,
    ContactActiveIn,
    ContactIn,
    ContactOut,
    DashboardOut,
    DelegationIn,
    DelegationOut,
    LimitationIn,
    OtherIn,
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
    response: HttpResponse,
    unit_code: str = "",
    state: str = "open",
    timeliness: str = "",
    case_type: str = "",
    limit: int = LIMIT,
    offset: int = OFFSET,
) -> list[CaseOut]:
    """A page of the cases (`X-Total-Count` has them all; `Link: rel="next"` the next page)."""
    unit = unit_for(request.user, unit_code) if unit_code else None
    qs = queries.staff_cases(request.user, unit=unit, state=state, timeliness=timeliness, case_type=case_type)
    cal = Calendar()
    return [_out(c, request.user, cal) for c in page_of(request, response, qs, limit, offset)]


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
def refuse(request: HttpRequest, code: str, payload: CaseReasonIn) -> CaseOut:
    return _out(
        services.case_refuse(case=_handled(request, code), by=request.user, reason=payload.reason),
        request.user,
    )


@router.post("/{code}/assign", response=CaseOut, openapi_extra=api_access("cases.assign_case"))
def assign(request: HttpRequest, code: str, payload: AssignIn) -> CaseOut:
    case = _handled(request, code, "cases.assign_case")
    handler = handlers.case_handler(case, str(payload.handler_id))
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
def extend(request: HttpRequest, code: str, payload: CaseReasonIn) -> CaseOut:
    case = _handled(request, code)
    services.case_extend(case=case, by=request.user, reason=payload.reason, legal_basis=payload.legal_basis)
    return _out(case, request.user)


@router.post("/{code}/pause", response=CaseOut, openapi_extra=api_access("cases.handle_case"))
def pause(request: HttpRequest, code: str, payload: CaseReasonIn) -> CaseOut:
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
def reopen(request: HttpRequest, code: str, payload: CaseReasonIn) -> CaseOut:
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


@router.post(
    "/{code}/extend-acceptance",
    response=CaseOut,
    openapi_extra=api_access("cases.handle_case", "a denunciation needing verification in several places"),
)
def extend_acceptance(request: HttpRequest, code: str, payload: AcceptanceExtensionIn) -> CaseOut:
    case = _handled(request, code)
    services.case_extend_acceptance(case=case, by=request.user, reason=payload.reason)
    return _out(case, request.user)


@router.post(
    "/{code}/limitation",
    response=CaseOut,
    openapi_extra=api_access("cases.handle_case", "a first-time complaint's 90-day time limit"),
)
def limitation(request: HttpRequest, code: str, payload: LimitationIn) -> CaseOut:
    case = _handled(request, code)
    services.case_record_limitation(
        case=case,
        by=request.user,
        known_on=payload.known_on,
        obstacle_days=payload.obstacle_days,
        obstacle_reason=payload.obstacle_reason,
    )
    return _out(case, request.user)


@router.post(
    "/{code}/acceptance-notice",
    response=CaseOut,
    openapi_extra=api_access("cases.handle_case", "tell the denouncer the denunciation was accepted"),
)
def acceptance_notice(request: HttpRequest, code: str) -> CaseOut:
    case = _handled(request, code)
    services.case_send_acceptance_notice(case=case, by=request.user)
    return _out(case, request.user)


def _delegation_out(d: Delegation) -> DelegationOut:
    return DelegationOut(
        id=d.pk,
        unit_code=d.unit.code,
        delegate_id=d.delegate_id,
        delegate_name=str(d.delegate),
        kind=d.kind,
        valid_from=d.valid_from,
        valid_to=d.valid_to,
        document=d.document,
        granted_at=d.granted_at,
        revoked_at=d.revoked_at,
        in_force=d.is_in_force(),
    )


AUTHORITY = "cases.manage_authority"


@router.get(
    "/units/{unit_code}/delegations",
    response=list[DelegationOut],
    openapi_extra=api_access(AUTHORITY, "the commune's delegations to sign, for its chairman"),
)
def delegations(request: HttpRequest, unit_code: str) -> list[DelegationOut]:
    unit = unit_for(request.user, unit_code, AUTHORITY)
    return [_delegation_out(d) for d in queries.unit_delegations(unit)]


@router.post(
    "/units/{unit_code}/delegations",
    response={201: DelegationOut},
    openapi_extra=api_access(AUTHORITY, "the chairman delegates signing to a vice-chairman (KT.)"),
)
def delegation_grant(request: HttpRequest, unit_code: str, payload: DelegationIn) -> Any:
    unit = unit_for(request.user, unit_code, AUTHORITY)
    delegate = _committee_person(
        unit,
        payload.delegate_id,
        _("The delegate must hold a role in this commune's People's Committee."),
        "delegate_id",
    )
    d = services.delegation_grant(
        by=request.user,
        unit=unit,
        delegate=delegate,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        document=payload.document,
    )
    return Status(201, _delegation_out(d))


@router.post(
    "/delegations/{pk}/revoke",
    response=DelegationOut,
    openapi_extra=api_access(AUTHORITY, "the chairman ends a delegation"),
)
def delegation_revoke(request: HttpRequest, pk: int) -> DelegationOut:
    d = services.delegation_revoke(by=request.user, delegation=delegation_for(request.user, pk))
    return _delegation_out(d)


def _committee_person(unit: Any, pk: int, message: str, field: str) -> Any:
    """The person `pk` if they hold a role in the unit's People's Committee, else a 400 naming `field`."""
    person = queries.unit_handler(unit, str(pk))
    if person is None:
        raise DomainError(message, code=field)
    return person


def _contact_out(c: Contact) -> ContactOut:
    return ContactOut(
        id=c.pk,
        unit_code=c.place.code,
        kind=c.kind,
        person_id=c.person_id,
        name=c.name or (str(c.person) if c.person is not None else ""),
        email=c.email,
        phone=c.phone,
        active=c.active,
    )


@router.get(
    "/units/{unit_code}/contacts",
    response=list[ContactOut],
    openapi_extra=api_access(AUTHORITY, "whom an overdue case reaches when the chairman's seat is vacant"),
)
def contacts(request: HttpRequest, unit_code: str) -> list[ContactOut]:
    unit = unit_for(request.user, unit_code, AUTHORITY)
    return [_contact_out(c) for c in queries.unit_contacts(unit).select_related("place")]


@router.post(
    "/units/{unit_code}/contacts",
    response={201: ContactOut},
    openapi_extra=api_access(AUTHORITY, "the chairman names a vice-chairman or the party secretary"),
)
def contact_add(request: HttpRequest, unit_code: str, payload: ContactIn) -> Any:
    unit = unit_for(request.user, unit_code, AUTHORITY)
    person = None
    if payload.person_id is not None:
        person = _committee_person(
            unit,
            payload.person_id,
            _("The person must hold a role in this commune's People's Committee."),
            "person_id",
        )
    c = services.contact_add(
        by=request.user,
        unit=unit,
        kind=payload.kind,
        person=person,
        name=payload.name,
        email=payload.email,
        phone=payload.phone,
    )
    return Status(201, _contact_out(c))


@router.post(
    "/contacts/{pk}/active",
    response=ContactOut,
    openapi_extra=api_access(AUTHORITY, "the chairman stops (or starts again) reaching a contact"),
)
def contact_set_active(request: HttpRequest, pk: int, payload: ContactActiveIn) -> ContactOut:
    c = services.contact_set_active(
        by=request.user, contact=contact_for(request.user, pk), active=payload.active
    )
    return _contact_out(c)
