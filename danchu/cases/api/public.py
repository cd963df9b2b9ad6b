"""Public operations: file a case (anonymous, session with CSRF, or token), follow and rate it by its
tracking code, a unit's reception schedule."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Status
from ninja.security import SessionAuth

from danchu.accounts.auth import TokenAuth
from danchu.core.access import PUBLIC, api_access
from danchu.core.errors import NotFound
from danchu.core.idempotency import idempotent
from danchu.core.paging import LIMIT, OFFSET, page_of
from danchu.places.models import Place
from danchu.places.queries import place_with_parent

from .. import queries, ratelimit, services
from ..models import Case, Channel, Field, State
from ..permissions import case_for
from . import router
from .schemas import CaseCreated, CaseIn, RateIn, SlotOut, TrackOut


class SessionOrAnonymous(SessionAuth):
    """After the token (tried first, no CSRF): a signed-in browser session, with its CSRF check on
    unsafe requests; else an anonymous caller. A request that sent an invalid token gets 401 instead
    of being taken for anonymous."""

    def __call__(self, request: HttpRequest) -> Any:
        if request.headers.get("Authorization"):
            return None
        if getattr(request.user, "is_authenticated", False):
            return super().__call__(request)  # raises 403 when the CSRF check fails
        return "anonymous"


PUBLIC_WRITE = [TokenAuth(), SessionOrAnonymous(csrf=True)]


@router.post(
    "/",
    response={201: CaseCreated},
    auth=PUBLIC_WRITE,
    openapi_extra=api_access(PUBLIC, "intake; complaints and denunciations need a verified resident"),
)
@idempotent
def create_case(request: HttpRequest, payload: CaseIn) -> Any:
    ratelimit.submission(request, phone=payload.phone, email=payload.email)
    # With its parent: routing a village's case to its commune then needs no query of its own.
    place = place_with_parent(payload.place_code)
    if place is None:
        raise NotFound(_("Unknown place code."))
    code = payload.field_code or ""
    field = Field.objects.filter(code=code).first() if code and "\x00" not in code else None
    case = services.case_submit(_submission(request, payload, place, field))
    created = CaseCreated(
        tracking_code=case.tracking_code,
        state=case.state,
        unit=case.unit.name,
        acceptance_due=case.acceptance_due,
    )
    return Status(201, created)


def _submission(
    request: HttpRequest, p: CaseIn, place: Place, field: Field | None
) -> services.CaseSubmission:
    return services.CaseSubmission(
        case_type_key=p.case_type,
        place=place,
        field=field,
        title=p.title,
        description=p.description,
        submitter=request.user,
        identity=services.Identity(name=p.name, phone=p.phone, email=p.email),
        anonymous=p.anonymous,
        channel=Channel.API,
        contested_decision=p.contested_decision,
        first_decision_on=p.first_decision_on,
        denounced=p.denounced,
        address=p.address,
        latitude=p.latitude,
        longitude=p.longitude,
    )


def _track_out(case: Case) -> TrackOut:
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


@router.get(
    "/track/{code}", response=TrackOut, auth=None, openapi_extra=api_access(PUBLIC, "by tracking code")
)
def track(request: HttpRequest, code: str) -> TrackOut:
    return _track_out(case_for(request.user, code=code, action="cases.track", request=request))


@router.post(
    "/track/{code}/rate",
    response=TrackOut,
    auth=PUBLIC_WRITE,
    openapi_extra=api_access(PUBLIC, "by tracking code"),
)
def rate(request: HttpRequest, code: str, payload: RateIn) -> TrackOut:
    case = case_for(request.user, code=code, action="cases.track", request=request)
    services.case_rate(case=case, satisfaction=payload.satisfaction, comment=payload.comment)
    return _track_out(case)


@router.get(
    "/reception/{unit_code}",
    response=list[SlotOut],
    auth=None,
    openapi_extra=api_access(PUBLIC, "a unit's published reception schedule from this month on"),
)
def reception_schedule(
    request: HttpRequest, response: HttpResponse, unit_code: str, limit: int = LIMIT, offset: int = OFFSET
) -> list[SlotOut]:
    from danchu.core.calendar import today as vn_today

    from ..models import ReceptionSlot

    unit = queries.public_unit(unit_code)
    rows = ReceptionSlot.objects.filter(unit=unit, date__gte=vn_today().replace(day=1)).order_by("date", "pk")
    slots = page_of(request, response, rows, limit, offset)
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
