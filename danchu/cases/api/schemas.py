"""The input and output models of /api/v1/cases. Every text has a length bound (longer input is
refused with a message, never cut); the service refuses NUL bytes and malformed e-mail addresses."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from danchu.core.api import InSchema

from ..services.intake import MAX_LENGTHS


class CaseIn(InSchema):
    case_type: str = Field("feedback", max_length=32)
    place_code: str = Field(..., max_length=32)
    title: str = Field(..., max_length=MAX_LENGTHS["title"])
    description: str = Field(..., max_length=MAX_LENGTHS["description"])
    field_code: str | None = Field(None, max_length=50)
    contested_decision: str = Field("", max_length=MAX_LENGTHS["contested_decision"])
    first_decision_on: dt.date | None = None
    denounced: str = Field("", max_length=MAX_LENGTHS["denounced"])
    address: str = Field("", max_length=MAX_LENGTHS["address"])
    latitude: float | None = Field(None, ge=-90, le=90)
    longitude: float | None = Field(None, ge=-180, le=180)
    anonymous: bool = False
    name: str = Field("", max_length=MAX_LENGTHS["name"])
    phone: str = Field("", max_length=MAX_LENGTHS["phone"])
    email: str = Field("", max_length=MAX_LENGTHS["email"])


class CaseCreated(Schema):
    tracking_code: str = Field(description="The case's reference: with it anyone follows how it is handled")
    receipt_key: str = Field(
        description="The submitter's secret key, given only here (and in the messages to the submitter): "
        "with the tracking code it opens the case's content and its rating (GET /track/{code}?key=…)"
    )
    state: str
    unit: str
    acceptance_due: dt.date


class TrackOut(Schema):
    """A case followed by its tracking code. Without the receipt key (and not its signed-in submitter):
    how it is handled, as its supervisors see it — `content_visible` false, `title`, `response` and
    `merged_into` null."""

    tracking_code: str
    case_type: str
    content_visible: bool
    state: str
    state_label: str
    title: str | None
    unit: str
    received_at: dt.datetime
    acceptance_due: dt.date
    resolution_due: dt.date | None
    resolved_at: dt.datetime | None
    response: str | None
    merged_into: str | None


class CaseOut(Schema):
    """A case as its unit's staff see it; for the supervisors (Front, People's Inspection Board), its
    handling only: `content_visible` is false and the content fields are null."""

    tracking_code: str
    case_type: str
    channel: str
    state: str
    content_visible: bool
    title: str | None
    description: str | None
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


class CaseReasonIn(InSchema):
    reason: str = Field(..., max_length=500)
    legal_basis: str = Field("", max_length=300)


class AcceptIn(InSchema):
    remote_area: bool | None = None


class AssignIn(InSchema):
    handler_id: int = Field(..., ge=1, le=2**53)


class TransferIn(InSchema):
    to_unit_code: str = Field(..., max_length=32)
    reason: str = Field(..., max_length=500)


class RespondIn(InSchema):
    body: str = Field(..., max_length=20_000)
    publish: bool = False


class SignIn(InSchema):
    signer_title: str = Field("", max_length=200)


class RateIn(InSchema):
    satisfaction: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=500)


class LostKeyIn(InSchema):
    address: str = Field(
        ...,
        min_length=1,
        max_length=254,
        description="the phone number or e-mail address given with the case",
    )


class LostKeyOut(Schema):
    message: str = Field(..., description="the same whether the address matched or not")


class DashboardOut(Schema):
    unit_code: str
    open: int
    on_time: int
    due_soon: int
    overdue: int
    paused: int


class OtherIn(InSchema):
    other_code: str = Field(..., max_length=16)


class SlotOut(Schema):
    date: dt.date
    session: str
    leader_name: str
    leader_title: str
    location: str


class AcceptanceExtensionIn(InSchema):
    reason: str = Field(..., max_length=500)


class LimitationIn(InSchema):
    """Luật Khiếu nại 2011, Art. 9: when the complainant learned of the decision, and the days an
    objective obstacle kept them from complaining (not counted in the 90 days)."""

    known_on: dt.date
    obstacle_days: int = Field(0, ge=0, le=3650)
    obstacle_reason: str = Field("", max_length=300)


class DelegationIn(InSchema):
    delegate_id: int = Field(..., ge=1, le=2**53)
    valid_from: dt.date
    valid_to: dt.date | None = None
    document: str = Field("", max_length=300)


class DelegationOut(Schema):
    id: int
    unit_code: str
    delegate_id: int
    delegate_name: str
    kind: str
    valid_from: dt.date
    valid_to: dt.date | None
    document: str
    granted_at: dt.datetime
    revoked_at: dt.datetime | None
    in_force: bool


class ContactIn(InSchema):
    kind: str = Field(..., max_length=20)
    person_id: int | None = Field(None, ge=1, le=2**53)
    name: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=20)


class ContactOut(Schema):
    id: int
    unit_code: str
    kind: str
    person_id: int | None
    name: str
    email: str
    phone: str
    active: bool


class ContactActiveIn(InSchema):
    active: bool
