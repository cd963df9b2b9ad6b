"""The shapes of /api/v1/disclosures: what goes in (…In) and what comes out (…Out)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema

from danchu.core.api import InSchema


class CategoryOut(Schema):
    code: str
    name: str
    legal_basis: str
    min_posting_days: int
    schedule: str


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    sha256: str
    url: str


class VersionOut(Schema):
    number: int
    title: str
    note: str
    created_at: dt.datetime


class DocumentOut(Schema):
    id: int
    form: str
    doc_type: str
    type_name: str
    number: str
    year: int | None
    symbol: str
    issuer: str
    issuer_name: str
    issued_on: dt.date | None
    url: str


class DisclosureOut(Schema):
    id: int
    place: str
    place_name: str
    issuing_unit: str
    category: str
    category_name: str
    title: str
    summary: str
    status: str
    version: int
    published_at: dt.datetime | None
    posting_start: dt.date | None
    posting_end: dt.date | None
    withdraw_reason: str
    view_count: int
    url: str


class DisclosureDetailOut(DisclosureOut):
    body: str
    body_html: str
    legal_basis: str
    publish_at: dt.datetime | None
    villages: list[str]
    attachments: list[AttachmentOut]
    versions: list[VersionOut]
    documents: list[DocumentOut]
    poster_url: str
    audio_url: str | None
    poster_status: str
    audio_status: str


class ProofOut(Schema):
    id: int
    kind: str
    kind_name: str
    place: str
    place_name: str
    location: str
    at: dt.datetime
    note: str
    photo_url: str | None
    recorded_at: dt.datetime


class PostedOut(Schema):
    place: str
    place_name: str
    posted_from: dt.date | None
    posted_to: dt.date | None
    days: int
    ongoing: bool
    broadcasts: int


class OfficeDisclosureOut(DisclosureDetailOut):
    proofs: list[ProofOut]
    posted: list[PostedOut]


class QuestionOut(Schema):
    id: int
    asker_name: str
    text: str
    asked_at: dt.datetime
    answered: bool
    answer: str
    answered_at: dt.datetime | None


class OfficeQuestionOut(Schema):
    id: int
    disclosure: int
    disclosure_title: str
    asker_name: str
    text: str
    status: str
    status_name: str
    asked_at: dt.datetime
    reject_reason: str
    answer: str
    answered_at: dt.datetime | None
    case_code: str


class QuestionPageOut(Schema):
    count: int
    items: list[OfficeQuestionOut]


class AskIn(InSchema):
    text: str


class RejectIn(InSchema):
    reason: str


class DisclosureAnswerIn(InSchema):
    answer: str


class PageOut(Schema):
    count: int
    items: list[DisclosureOut]


class HitOut(Schema):
    kind: str
    id: int
    title: str
    snippet_html: str
    date: dt.date | None
    category: str
    rank: float
    url: str


class SearchOut(Schema):
    query: str
    total: int
    engine: str
    hits: list[HitOut]


class DisclosureIn(InSchema):
    place: str
    category: str
    title: str
    summary: str = ""
    body: str = ""
    legal_basis: str = ""
    issuing_unit: str = ""
    villages: list[str] = []
    voice: str = ""


class DraftIn(InSchema):
    category: str
    title: str
    summary: str = ""
    body: str = ""
    legal_basis: str = ""
    issuing_unit: str = ""
    villages: list[str] | None = None
    voice: str = ""


class PublishIn(InSchema):
    publish_at: dt.datetime | None = None
    posting_start: dt.date | None = None
    posting_end: dt.date | None = None
    period_key: str = ""


class CorrectIn(InSchema):
    title: str
    summary: str = ""
    body: str = ""
    note: str


class WithdrawIn(InSchema):
    reason: str
