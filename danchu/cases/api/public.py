"""Public operations: file a case (anonymous, session with CSRF, or token), follow it by its tracking
code (its content and the rating with the receipt key, or as its signed-in submitter), a unit's
reception schedule."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Status
from ninja.security import SessionAuth

from danchu.accounts.auth import TokenAuth
from danchu.core.access import PUBLIC, api_access, can
from danchu.core.errors import NotFound
from danchu.core.idempotency import idempotent
from danchu.core.paging import LIMIT, OFFSET, page_of
from danchu.places.models import Place
from danchu.places.queries import place_with_parent

from .. import queries, ratelimit, receipts, services
from ..models import Channel, Field, State
from ..permissions import Receipt, receipt_for
from . import router
from .schemas import CaseCreated, CaseIn, LostKeyIn, LostKeyOut, RateIn, SlotOut, TrackOut


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
# Reading by code: anyone, and the token or session of a signed-in submitter (who needs no key).
PUBLIC_READ = PUBLIC_WRITE

KEY_QUERY: Any = Query(None, max_length=40, description="the receipt key (or the X-Receipt-Key header)")
KEY_HEADER: Any = Header(
    None, alias=receipts.HEADER, max_length=40, description="the receipt key (or the `key` parameter)"
)
RECEIPT_KEY = (
    " The tracking code alone shows how the case is handled (state, unit, dates, deadlines: what its "
    "supervisors see). Its title, the answer and the rating need the submitter's receipt key — returned by "
    "`POST /api/v1/cases/` and sent in the messages to the submitter — as the `key` query parameter or the "
    f"`{receipts.HEADER}` header, or the submitter's own token or session. A wrong key counts as an "
    "unknown code for the limit of misses per address (429 past it)."
)


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
        receipt_key=receipts.shown(case.receipt_key),
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


def _track_out(request: HttpRequest, receipt: Receipt) -> TrackOut:
    case = receipt.case
    f = case.merged_into or case
    content = can(request.user, "cases.track_content", receipt)
    return TrackOut(
        tracking_code=case.tracking_code,
        case_type=case.case_type,
        content_visible=content,
        state=f.state,
        state_label=str(State(f.state).label),
        title=case.title if content else None,
        unit=f.unit.name,
        received_at=case.received_at,
        acceptance_due=f.acceptance_due,
        resolution_due=f.resolution_due,
        resolved_at=f.resolved_at,
        response=(f.response if f.state in (State.RESOLVED, State.CLOSED) else "") if content else None,
        merged_into=case.merged_into.tracking_code if content and case.merged_into else None,
    )


@router.get(
    "/track/{code}",
    response=TrackOut,
    auth=PUBLIC_READ,
    description="Follow a case by its tracking code." + RECEIPT_KEY,
    openapi_extra=api_access(PUBLIC, "by tracking code; the content with the receipt key"),
)
def track(
    request: HttpRequest, code: str, key: str | None = KEY_QUERY, receipt_key: str | None = KEY_HEADER
) -> TrackOut:
    receipt = receipt_for(request.user, code=code, key=key or receipt_key, request=request)
    return _track_out(request, receipt)


@router.post(
    "/track/{code}/rate",
    response=TrackOut,
    auth=PUBLIC_WRITE,
    description="Rate the answer, once, 1–5: the person who sent the case only (receipt key or their own "
    "token or session); 403 to anyone else, also to whoever handles or supervises the case." + RECEIPT_KEY,
    openapi_extra=api_access(PUBLIC, "the submitter: receipt key or their own token; no handler"),
)
def rate(
    request: HttpRequest,
    code: str,
    payload: RateIn,
    key: str | None = KEY_QUERY,
    receipt_key: str | None = KEY_HEADER,
) -> TrackOut:
    receipt = receipt_for(
        request.user, code=code, key=key or receipt_key, request=request, action="cases.rate"
    )
    services.case_rate(case=receipt.case, satisfaction=payload.satisfaction, comment=payload.comment)
    return _track_out(request, receipt)


@router.post(
    "/track/{code}/key",
    response={202: LostKeyOut},
    auth=PUBLIC_WRITE,
    description="A lost receipt key: when `address` is the phone number or e-mail address given with the "
    "case, the case gets a new key, sent to that address (never in this answer) — a denunciation's only "
    "by e-mail; the answer is the same whether the address matched or not. A wrong address counts as an "
    "unknown code for the limit of misses per address; a case takes a few requests a day (429 past it).",
    openapi_extra=api_access(PUBLIC, "anyone with the code; the key goes only to the case's own address"),
)
def lost_key(request: HttpRequest, code: str, payload: LostKeyIn) -> Status[LostKeyOut]:
    services.resend_key(request.user, code=code, address=payload.address, request=request)
    return Status(202, LostKeyOut(message=services.keys.on_its_way(code)))


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
