"""/api/v1/core: the working-day calendar (public), what waits for me (the office home's to-dos), the
audit log (administrators) and the signed audit heads this danchu keeps as another's witness (senders
known by their signing key).

Also `DanchuAPI`, the NinjaAPI that documents the one error body ({code, message, detail}) as the
default response of every operation, so clients and schemathesis know what a 4xx looks like, and
`ErrorOut`, the schema modules reuse in their `response={…}` maps.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import Field, NinjaAPI, Path, Query, Router, Schema, Status
from ninja.errors import AuthenticationError
from pydantic import ConfigDict, ValidationInfo, field_validator

from . import calendar
from .access import ADMIN, PUBLIC, STAFF, SignInRequired, api_access, check, get_for
from .anchors import Anchor
from .audit import verify_chain
from .errors import DomainError
from .formats import EARLIEST_DAY, implausible_day, number
from .forms import INTEGER_COLUMN_MAX
from .models import AuditEntry
from .net import client_ip
from .witness import CONFLICT, STORED, admit, as_item, receive, received

router = Router(tags=["core"])

# Longest range the working-days endpoint counts over (days): enough for any legal deadline.
MAX_RANGE_DAYS = 3660


class InSchema(Schema):
    """A request body: a field it does not name is refused (422, "This field is not expected."), never
    dropped — a client that sends `place` to an operation that cannot move an item learns so instead
    of believing it moved. Every JSON body of the API is one of these (core/tests/test_api_bodies.py)."""

    model_config = ConfigDict(extra="forbid")
    # Days a person sends are checked as a form's (core.formats.implausible_day: year 1 or 9999 is a
    # slip, and 9999-12-31 once overflowed into a 500); a field reaching further back names its own
    # earliest day here (a birth date).
    days_since: ClassVar[dict[str, dt.date]] = {}

    @field_validator("*", mode="after")
    @classmethod
    def _plausible_value(cls, value: Any, info: ValidationInfo) -> Any:
        if isinstance(value, dt.date):
            earliest = cls.days_since.get(info.field_name or "", EARLIEST_DAY)
            if why := implausible_day(value, earliest=earliest):
                raise ValueError(why)
        elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > INTEGER_COLUMN_MAX:
            # A whole number without a limit of its own stops where a database column does (a form's
            # TypedIntegerField likewise): past it, PostgreSQL answered "integer out of range", a 500.
            field = cls.model_fields.get(info.field_name or "")
            if not any(hasattr(m, "le") or hasattr(m, "lt") for m in (field.metadata if field else [])):
                raise ValueError(
                    _("Enter a value of at most %(limit)s.") % {"limit": number(INTEGER_COLUMN_MAX)}
                )
        return value


class ErrorOut(Schema):
    code: str = Field(..., description="stable machine-readable code, e.g. not_found, invalid")
    message: str = Field(..., description="for people, in the request's language (Vietnamese by default)")
    detail: Any = Field(None, description="per-field problems or other detail, when any")


def enforce_access(view_func: Callable[..., Any]) -> Callable[..., Any]:
    """Enforce each operation's `api_access(...)` declaration after authentication (so a token's
    person is known): anonymous → 401, signed in without the gate → 403."""
    operation = getattr(view_func, "_ninja_operation", None)
    extra = (getattr(operation, "openapi_extra", None) or {}).get("x-danchu-access") or {}
    who = extra.get("who")
    if who is None or who == PUBLIC:
        return view_func

    @functools.wraps(view_func)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            check(request.user, who, extra.get("refusal", ""))
        except SignInRequired:
            raise AuthenticationError from None
        return view_func(request, *args, **kwargs)

    return guarded


class DanchuAPI(NinjaAPI):
    def _get_urls(self) -> list[Any]:
        # openapi.json from memory with an ETag instead of ninja's view that rebuilds it each time.
        from .openapi import openapi_json

        urls = super()._get_urls()
        for pattern in urls:
            if getattr(pattern, "name", None) == "openapi-json":
                pattern.callback = functools.partial(openapi_json, api=self)
        return urls

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("Error", ErrorOut.model_json_schema())
        default = {
            "description": "Error: {code, message, detail}",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        }
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                if isinstance(operation, dict) and "responses" in operation:
                    operation["responses"].setdefault("default", default)
        return schema


# --- Calendar -------------------------------------------------------------------------------------


class DueDateQuery(Schema):
    start: dt.date = Field(
        ..., description="the day of the event (YYYY-MM-DD); counting starts the day after"
    )
    days: int = Field(..., ge=0, le=3650, description="length of the time limit")
    day_type: Literal["working", "calendar"] = Field("working", description="working or calendar days")
    roll_to_working_day: bool | None = Field(
        None,
        description="calendar days only: move a last day that is not a working day to the next working day "
        "(Civil Code Art. 148(5)); default from settings",
    )


class DueDateOut(Schema):
    start: dt.date
    days: int
    day_type: str
    roll_to_working_day: bool
    due: dt.date
    due_is_working_day: bool


class RangeQuery(Schema):
    start: dt.date = Field(..., description="first day of the range (not counted)")
    end: dt.date = Field(..., description="last day of the range (counted)")


class DayOffOut(Schema):
    date: dt.date
    name: str


class WorkingDaysOut(Schema):
    start: dt.date
    end: dt.date
    working_days: int = Field(..., description="working days after start up to and including end")
    days_off: list[DayOffOut] = Field(..., description="weekdays in the range that are not worked")
    make_up_days: list[dt.date] = Field(..., description="weekend days in the range that are worked")


@router.get(
    "/calendar/due-date",
    response=DueDateOut,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="The last day of a time limit counted in working or calendar days",
)
def calendar_due_date(request: HttpRequest, query: Query[DueDateQuery]) -> dict[str, Any]:
    roll = query.roll_to_working_day
    if roll is None:
        roll = calendar.default_roll_to_working_day()
    cal = calendar.Calendar()
    try:
        due = cal.due_date(query.start, query.days, query.day_type, roll_to_working_day=roll)
    except (ValueError, OverflowError) as e:
        raise DomainError(_("The dates are out of range."), code="invalid", status=422) from e
    return {
        "start": query.start,
        "days": query.days,
        "day_type": query.day_type,
        "roll_to_working_day": roll if query.day_type == "calendar" else False,
        "due": due,
        "due_is_working_day": cal.is_working_day(due),
    }


@router.get(
    "/calendar/working-days",
    response=WorkingDaysOut,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Working days between two dates, with the days off in between",
)
def calendar_working_days(request: HttpRequest, query: Query[RangeQuery]) -> dict[str, Any]:
    if query.end < query.start:
        raise DomainError(
            _("The end date must not be before the start date."),
            code="invalid",
            status=422,
            detail=[{"field": "end", "message": _("The end date must not be before the start date.")}],
        )
    if (query.end - query.start).days > MAX_RANGE_DAYS:
        raise DomainError(
            _("The range may span at most %(days)d days.") % {"days": MAX_RANGE_DAYS},
            code="invalid",
            status=422,
        )
    cal = calendar.Calendar()
    days_off: list[dict[str, Any]] = []
    make_up: list[dt.date] = []
    day = query.start
    while day < query.end:
        day += dt.timedelta(days=1)
        working = cal.is_working_day(day)
        if day.weekday() < 5 and not working:
            days_off.append({"date": day, "name": cal.holiday_name(day) or _("Day off")})
        elif day.weekday() >= 5 and working:
            make_up.append(day)
    return {
        "start": query.start,
        "end": query.end,
        "working_days": cal.working_days_between(query.start, query.end),
        "days_off": days_off,
        "make_up_days": make_up,
    }


# --- Audit log ----------------------------------------------------------------------------------------


class AuditEntryOut(Schema):
    id: int
    at: dt.datetime
    actor_label: str
    on_behalf_of_id: int | None
    action: str
    object_type: str
    object_id: str
    before: Any
    after: Any
    seq: int | None  # None until the entry is sealed into the chain (right after commit)
    prev_hash: str
    hash: str | None


class AuditVerifyOut(Schema):
    intact: bool
    checked: int
    broken_entry_id: int | None = None


AUDIT_REFUSAL = gettext_noop("Only system administrators may read the audit log.")


@router.get(
    "/audit/verify",
    response=AuditVerifyOut,
    openapi_extra=api_access(ADMIN, refusal=AUDIT_REFUSAL),
    summary="Check the audit log's hash chain",
)
def audit_verify(request: HttpRequest) -> dict[str, Any]:
    checked, broken = verify_chain()
    return {"intact": broken is None, "checked": checked, "broken_entry_id": broken.pk if broken else None}


@router.get(
    "/audit/entries/{entry_id}",
    response=AuditEntryOut,
    openapi_extra=api_access(ADMIN, refusal=AUDIT_REFUSAL),
    summary="One audit entry",
)
def audit_entry(request: HttpRequest, entry_id: int = Path(..., ge=1, le=2**63 - 1)) -> AuditEntry:
    return get_for(
        request.user,
        AuditEntry.objects.all(),
        "core.read_audit",
        not_found=_("This audit entry does not exist."),
        pk=entry_id,
    )


# --- This danchu as another's witness (danchu.core.witness) --------------------------------------------

BASE64 = r"^[A-Za-z0-9+/]+={0,2}$"


class AnchorIn(InSchema):
    """A signed audit head, exactly as a line of the sender's anchor file (/audit/anchors.txt)."""

    count: int = Field(..., strict=True, ge=1, le=2**63 - 1, description="entries in the sender's log")
    hash: str = Field(..., strict=True, pattern=r"^[0-9a-f]{64}$", description="hash of the last entry")
    at: str = Field(..., strict=True, max_length=40, pattern=r"^[0-9][0-9T:.+\-Z]{9,39}$")
    key: str = Field(..., strict=True, max_length=64, pattern=BASE64, description="sender's public key")
    sig: str = Field(..., strict=True, max_length=100, pattern=BASE64, description="Ed25519 signature")


class WitnessedOut(Schema):
    sender: str
    count: int
    hash: str
    at: str
    key: str
    sig: str
    conflict: bool = Field(..., description="a second, different head for a position already received")
    received_at: dt.datetime


class WitnessedList(Schema):
    anchors: list[WitnessedOut]


class WitnessedQuery(Schema):
    sender: str | None = Field(None, pattern=r"^[A-Za-z0-9._-]{1,100}$", description="one sender's heads")
    after: int = Field(0, ge=0, le=2**63 - 1, description="only positions after this one")


@router.post(
    "/audit/witness/anchors",
    response={200: WitnessedOut, 201: WitnessedOut, 409: ErrorOut, 429: ErrorOut},
    auth=None,
    openapi_extra=api_access(
        PUBLIC,
        note="authenticated by the head's Ed25519 signature with a key in AUDIT_WITNESS_SENDERS",
    ),
    summary="Keep a signed audit head another danchu sends to this one, its witness",
)
def witness_receive(request: HttpRequest, anchor: AnchorIn) -> Status:
    admit(client_ip(request))
    record, outcome = receive(
        Anchor(count=anchor.count, hash=anchor.hash, at=anchor.at, key=anchor.key, signature=anchor.sig)
    )
    if outcome == CONFLICT:
        message = _("A different head for entry %(count)d was received earlier: the log was rewritten.")
        detail = {"code": "conflict", "message": message % {"count": anchor.count}, "detail": as_item(record)}
        return Status(409, detail)
    return Status(201 if outcome == STORED else 200, as_item(record))


@router.get(
    "/audit/witness/anchors",
    response=WitnessedList,
    auth=None,
    openapi_extra=api_access(PUBLIC, note="copies of heads their senders publish anyway"),
    summary="The signed audit heads this danchu keeps as a witness, by sender and position",
)
def witness_list(request: HttpRequest, query: Query[WitnessedQuery]) -> dict[str, Any]:
    return {"anchors": [as_item(r) for r in received(sender=query.sender, after=query.after)]}


class TodoOut(Schema):
    key: str = Field(..., description="stable, e.g. cases.overdue, meetings.notice_due")
    label: str = Field(..., description="for people, in the request's language")
    count: int
    url: str = Field(..., description="the office page that lists them")
    urgent: bool = Field(..., description="a legal deadline passed or is close")


@router.get(
    "/todos",
    response=list[TodoOut],
    openapi_extra=api_access(STAFF),
    summary="What waits for me: the office home's to-dos, counted within my own scope (none at zero)",
)
def todos(request: HttpRequest) -> list[dict[str, Any]]:
    from .home import todos_for

    return [{**t, "label": str(t["label"])} for t in todos_for(request.user)]
