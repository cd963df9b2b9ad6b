"""/api/v1/disclosures: the public reads, searches and asks questions; staff create, publish, correct,
withdraw, attach, record proofs of posting and moderate and answer questions.

Every operation calls the same services as the web pages. Errors use the one body {code, message, detail}.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from danchu.core.access import PUBLIC, SIGNED_IN, api_access
from danchu.core.api import ErrorOut
from danchu.core.errors import DomainError, Forbidden, NotFound
from danchu.places.models import Place

from . import categories, queries, search, services
from .models import Attachment, Disclosure, Document, Proof, Question

router = Router(tags=["disclosures"])
MANAGE = "disclosures.manage"

# The one error body {code, message, detail}, shared by every module (danchu/core/api.py).
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
READ_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}
# Asking is limited per person and hour (services.question_ask answers 429 beyond it).
ASK_ERRORS = {**ERRORS, 429: ErrorOut}


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


class AskIn(Schema):
    text: str


class RejectIn(Schema):
    reason: str


class AnswerIn(Schema):
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


class DisclosureIn(Schema):
    place: str
    category: str
    title: str
    summary: str = ""
    body: str = ""
    legal_basis: str = ""
    issuing_unit: str = ""
    villages: list[str] = []
    voice: str = ""


class DraftIn(Schema):
    category: str
    title: str
    summary: str = ""
    body: str = ""
    legal_basis: str = ""
    issuing_unit: str = ""
    villages: list[str] | None = None
    voice: str = ""


class PublishIn(Schema):
    publish_at: dt.datetime | None = None
    posting_start: dt.date | None = None
    posting_end: dt.date | None = None
    period_key: str = ""


class CorrectIn(Schema):
    title: str
    summary: str = ""
    body: str = ""
    note: str


class WithdrawIn(Schema):
    reason: str


def _out(d: Disclosure) -> dict[str, Any]:
    return {
        "id": d.pk,
        "place": d.place.code,
        "place_name": d.place.name,
        "issuing_unit": d.issuing_unit,
        "category": d.category,
        "category_name": d.category_name,
        "title": d.title,
        "summary": d.summary,
        "status": d.status,
        "version": d.version,
        "published_at": d.published_at,
        "posting_start": d.posting_start,
        "posting_end": d.posting_end,
        "withdraw_reason": d.withdraw_reason,
        "view_count": d.view_count,
        "url": d.get_absolute_url(),
    }


def _doc_out(doc: Document) -> dict[str, Any]:
    return {
        "id": doc.pk,
        "form": doc.form,
        "doc_type": doc.doc_type,
        "type_name": doc.type_name,
        "number": doc.number,
        "year": doc.year,
        "symbol": doc.symbol,
        "issuer": doc.issuer,
        "issuer_name": doc.issuer_name,
        "issued_on": doc.issued_on,
        "url": doc.get_absolute_url(),
    }


def _att_out(a: Attachment) -> dict[str, Any]:
    return {
        "id": a.pk,
        "name": a.name,
        "content_type": a.content_type,
        "size": a.size,
        "sha256": a.sha256,
        "url": a.get_absolute_url(),
    }


def _detail(d: Disclosure) -> dict[str, Any]:
    from django.urls import reverse

    return {
        **_out(d),
        "body": d.body,
        "body_html": d.body_html,
        "legal_basis": d.legal_basis,
        "publish_at": d.publish_at,
        "villages": [v.code for v in d.villages.all()],
        "attachments": [_att_out(a) for a in d.attachments.all()],
        "versions": [
            {"number": v.number, "title": v.title, "note": v.note, "created_at": v.created_at}
            for v in d.versions.order_by("-number")
        ],
        "documents": [_doc_out(c.document) for c in d.citations.select_related("document")],
        "poster_url": reverse("disclosures:poster", kwargs={"pk": d.pk}),
        "audio_url": reverse("disclosures:audio", kwargs={"pk": d.pk}) if d.audio_status == "ready" else None,
        "poster_status": d.poster_status,
        "audio_status": d.audio_status,
    }


def _proof_out(p: Proof) -> dict[str, Any]:
    return {
        "id": p.pk,
        "kind": p.kind,
        "kind_name": p.get_kind_display(),
        "place": p.place.code,
        "place_name": p.place.name,
        "location": p.location,
        "at": p.at,
        "note": p.note,
        "photo_url": p.photo.url if p.photo else None,
        "recorded_at": p.recorded_at,
    }


def _with_proofs(d: Disclosure) -> Disclosure:
    """One query for the proofs and their places (posted_days reads each proof's place)."""
    prefetch_related_objects([d], Prefetch("proofs", queryset=Proof.objects.select_related("place")))
    return d


def _office_detail(d: Disclosure) -> dict[str, Any]:
    d = _with_proofs(d)
    return {
        **_detail(d),
        "proofs": [_proof_out(p) for p in d.proofs.all()],
        "posted": [
            {
                "place": row["place"].code,
                "place_name": row["place"].name,
                "posted_from": row["from"],
                "posted_to": row["to"],
                "days": row["days"],
                "ongoing": row["ongoing"],
                "broadcasts": row["broadcasts"],
            }
            for row in services.posted_days(d)
        ],
    }


def _asker_name(q: Question) -> str:
    return q.asker.full_name or _("A resident")


def _question_out(q: Question) -> dict[str, Any]:
    """What the public sees: the question and, once given, the answer. Never the moderation."""
    answered = q.status == Question.Status.ANSWERED
    return {
        "id": q.pk,
        "asker_name": _asker_name(q),
        "text": q.text,
        "asked_at": q.asked_at,
        "answered": answered,
        "answer": q.answer if answered else "",
        "answered_at": q.answered_at if answered else None,
    }


def _office_question_out(q: Question) -> dict[str, Any]:
    return {
        "id": q.pk,
        "disclosure": q.disclosure_id,
        "disclosure_title": q.disclosure.title,
        "asker_name": _asker_name(q),
        "text": q.text,
        "status": q.status,
        "status_name": q.get_status_display(),
        "asked_at": q.asked_at,
        "reject_reason": q.reject_reason,
        "answer": q.answer,
        "answered_at": q.answered_at,
        "case_code": q.case_code,
    }


def _place(code: str) -> Place:
    place = Place.objects.filter(code=queries.clean(code)).first()
    if place is None:
        raise NotFound(_("There is no unit with the code %(code)s.") % {"code": code})
    return place


def _villages(place: Place, codes: list[str]) -> list[Place]:
    codes = [queries.clean(c) for c in codes]
    found = list(Place.objects.filter(code__in=codes))
    missing = set(codes) - {v.code for v in found}
    if missing:
        raise DomainError(_("Unknown village codes: %(codes)s") % {"codes": ", ".join(sorted(missing))})
    return found


# --- Public -----------------------------------------------------------------------------------------


@router.get(
    "/categories",
    response={200: list[CategoryOut]},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Disclosure categories with legal basis and minimum posting period",
)
def list_categories(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": c.code,
            "name": str(c.name),
            "legal_basis": c.legal_basis,
            "min_posting_days": c.min_posting_days,
            "schedule": c.schedule,
        }
        for c in categories.ordered()
    ]


@router.get(
    "/",
    response={200: PageOut, **READ_ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Published disclosures of a place (newest first)",
)
def list_disclosures(
    request: HttpRequest,
    place: str | None = None,
    category: str | None = None,
    on_board: bool = False,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    limit = max(1, min(limit, 100))
    offset = max(0, min(offset, 100000))
    qs: Any = Disclosure.objects.public()
    if place:
        qs = qs.for_place(_place(place))
    if category:
        qs = qs.filter(category=queries.clean(category))
    if on_board:
        qs = qs.on_board()
    qs = queries.listing(qs).select_related("place")
    return {"count": qs.count(), "items": [_out(d) for d in qs[offset : offset + limit]]}


@router.get(
    "/search",
    response={200: SearchOut, **READ_ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Full-text search (diacritic- and case-insensitive) across disclosures and documents",
)
def search_disclosures(
    request: HttpRequest,
    q: str,
    place: str | None = None,
    category: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> dict[str, Any]:
    limit = max(1, min(limit, 100))
    offset = max(0, min(offset, 10000))
    if kind not in (None, "", "disclosure", "document"):
        raise DomainError(_("kind must be disclosure or document."))
    results = search.search(
        q[:200],
        place=_place(place) if place else None,
        category=queries.clean(category) or None,
        date_from=date_from,
        date_to=date_to,
        kind=kind or None,
        limit=limit,
        offset=offset,
    )
    return {
        "query": results.query,
        "total": results.total,
        "engine": results.engine,
        "hits": [
            {
                "kind": h.kind,
                "id": h.object_id,
                "title": h.title,
                "snippet_html": str(h.snippet),
                "date": h.date,
                "category": h.category,
                "rank": h.rank,
                "url": h.url,
            }
            for h in results.hits
        ],
    }


@router.get(
    "/documents",
    response={200: list[DocumentOut]},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="The document registry (documents cited by disclosures)",
)
def list_documents(request: HttpRequest, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    limit = max(1, min(limit, 200))
    offset = max(0, min(offset, 100000))
    return [_doc_out(doc) for doc in queries.documents()[offset : offset + limit]]


@router.get(
    "/documents/{pk}",
    response={200: DocumentOut, **READ_ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="One document",
)
def get_document(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _doc_out(queries.document(pk))


@router.get(
    "/{pk}",
    response={200: DisclosureDetailOut, **READ_ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="One published disclosure with versions, files and documents",
)
def get_disclosure(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _detail(queries.public_disclosure(pk))


@router.get(
    "/{int:pk}/questions",
    response={200: list[QuestionOut], **READ_ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Questions under a published disclosure that moderators approved, with their public answers",
)
def list_questions(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return [_question_out(q) for q in queries.public_questions(queries.public_disclosure(pk))]


@router.post(
    "/{int:pk}/questions",
    response={201: QuestionOut, **ASK_ERRORS},
    openapi_extra=api_access(SIGNED_IN),
    summary="Ask a question under a published disclosure (shown once a moderator approves it; "
    "5 per person per hour)",
)
def ask_question(request: HttpRequest, pk: int, payload: AskIn) -> Status:
    q = services.question_ask(
        actor=_actor(request), disclosure=queries.public_disclosure(pk), text=payload.text
    )
    return Status(201, _question_out(q))


# --- Staff ------------------------------------------------------------------------------------------


@router.get(
    "/office/items",
    response={200: PageOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="The disclosures of the units the caller publishes for (every status)",
)
def office_list(
    request: HttpRequest, status: str | None = None, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    limit = max(1, min(limit, 200))
    offset = max(0, min(offset, 100000))
    actor = _publisher(request)
    qs = queries.office_list(actor, status=queries.clean(status))
    return {"count": qs.count(), "items": [_out(d) for d in qs[offset : offset + limit]]}


def _actor(request: HttpRequest) -> Any:
    auth = getattr(request, "auth", None)
    return auth if getattr(auth, "pk", None) else request.user


def _publisher(request: HttpRequest) -> Any:
    """The caller, who must publish for some unit (403 otherwise); the scope of each object is then
    checked by its getter (404 for another unit's)."""
    actor = _actor(request)
    if not queries.managed_places(actor):
        raise Forbidden(_("You do not publish for any unit."))
    return actor


@router.post(
    "/office/items",
    response={201: DisclosureDetailOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Create a draft",
)
def create(request: HttpRequest, payload: DisclosureIn) -> Status:
    place = _place(payload.place)
    d = services.disclosure_create(
        actor=_actor(request),
        place=place,
        category=payload.category,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        legal_basis=payload.legal_basis,
        issuing_unit=payload.issuing_unit,
        villages=_villages(place, payload.villages),
        voice=payload.voice,
    )
    return Status(201, _detail(d))


@router.get(
    "/office/items/{pk}",
    response={200: OfficeDisclosureOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="A disclosure of the caller's unit, in any status, with its proofs of posting and how many "
    "days it was posted at each place",
)
def office_get(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _office_detail(services.get_for_staff(_actor(request), pk))


@router.put(
    "/office/items/{pk}",
    response={200: DisclosureDetailOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Edit a draft",
)
def update(request: HttpRequest, pk: int, payload: DraftIn) -> dict[str, Any]:
    actor = _actor(request)
    d = services.get_for_staff(actor, pk)
    villages = _villages(d.place, payload.villages) if payload.villages is not None else None
    d = services.disclosure_update(
        actor=actor,
        disclosure=d,
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        category=payload.category,
        legal_basis=payload.legal_basis,
        issuing_unit=payload.issuing_unit,
        villages=villages,
        voice=payload.voice,
    )
    return _detail(d)


@router.post(
    "/office/items/{pk}/publish",
    response={200: DisclosureDetailOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Publish now or schedule",
)
def publish(request: HttpRequest, pk: int, payload: PublishIn) -> dict[str, Any]:
    actor = _actor(request)
    d = services.disclosure_publish(
        actor=actor,
        disclosure=services.get_for_staff(actor, pk),
        publish_at=payload.publish_at,
        posting_start=payload.posting_start,
        posting_end=payload.posting_end,
        period_key=payload.period_key,
    )
    d.refresh_from_db()
    return _detail(d)


@router.post(
    "/office/items/{pk}/correct",
    response={200: DisclosureDetailOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Publish a correction as a new version",
)
def correct(request: HttpRequest, pk: int, payload: CorrectIn) -> dict[str, Any]:
    actor = _actor(request)
    d = services.disclosure_correct(
        actor=actor,
        disclosure=services.get_for_staff(actor, pk),
        title=payload.title,
        summary=payload.summary,
        body=payload.body,
        note=payload.note,
    )
    d.refresh_from_db()
    return _detail(d)


@router.post(
    "/office/items/{pk}/withdraw",
    response={200: DisclosureDetailOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Withdraw (a reason is required; nothing is deleted)",
)
def withdraw(request: HttpRequest, pk: int, payload: WithdrawIn) -> dict[str, Any]:
    actor = _actor(request)
    d = services.disclosure_withdraw(
        actor=actor, disclosure=services.get_for_staff(actor, pk), reason=payload.reason
    )
    return _detail(d)


@router.post(
    "/office/items/{pk}/attachments",
    response={201: AttachmentOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Attach a file (checked by content: PDF, DOCX, XLSX, images)",
)
def attach(request: HttpRequest, pk: int, file: UploadedFile = File(...)) -> Status:  # noqa: B008
    actor = _actor(request)
    a = services.attachment_add(
        actor=actor,
        disclosure=services.get_for_staff(actor, pk),
        file=file,
        name=file.name or "file",
        size=file.size or 0,
    )
    return Status(201, _att_out(a))


# --- Staff: proofs of posting -------------------------------------------------------------------------


@router.get(
    "/office/items/{pk}/proofs",
    response={200: list[ProofOut], **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Proofs of posting of a disclosure (notice-board photos, loudspeaker broadcasts, take-downs)",
)
def list_proofs(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    d = _with_proofs(services.get_for_staff(_publisher(request), pk))
    return [_proof_out(p) for p in d.proofs.all()]


@router.post(
    "/office/items/{pk}/proofs",
    response={201: ProofOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Record a proof of posting (multipart): a notice-board posting needs a photo, checked by "
    "content (JPEG, PNG, WebP, GIF); a loudspeaker broadcast needs its time",
)
def add_proof(
    request: HttpRequest,
    pk: int,
    kind: str = Form(..., description="notice_board, loudspeaker or taken_down"),  # noqa: B008
    place: str = Form(..., description="code of the commune or one of its villages"),  # noqa: B008
    at: dt.datetime = Form(..., description="when it was posted, broadcast or taken down"),  # noqa: B008
    location: str = Form("", max_length=255),  # noqa: B008
    note: str = Form("", max_length=500),  # noqa: B008
    photo: UploadedFile | None = File(None),  # noqa: B008
) -> Status:
    actor = _publisher(request)
    d = services.get_for_staff(actor, pk)
    if timezone.is_naive(at):
        at = timezone.make_aware(at)  # a time without offset is local (Asia/Ho_Chi_Minh)
    p = services.proof_add(
        actor=actor,
        disclosure=d,
        kind=queries.clean(kind),
        place=_place(place),
        at=at,
        location=queries.clean(location),
        note=queries.clean(note),
        photo=photo,
        photo_name=(photo.name or "photo") if photo else "",
        photo_size=(photo.size or 0) if photo else 0,
    )
    return Status(201, _proof_out(Proof.objects.select_related("place").get(pk=p.pk)))


# --- Staff: questions ---------------------------------------------------------------------------------


@router.get(
    "/office/questions",
    response={200: QuestionPageOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Questions under the caller's units' disclosures; without status, those still waiting "
    "(to moderate or to answer)",
)
def office_questions(
    request: HttpRequest, status: str | None = None, limit: int = 50, offset: int = 0
) -> dict[str, Any]:
    limit = max(1, min(limit, 200))
    offset = max(0, min(offset, 100000))
    actor = _publisher(request)
    status = queries.clean(status)
    if status and status not in Question.Status.values:
        raise DomainError(
            _("Unknown question status %(status)s. Use one of: %(allowed)s.")
            % {"status": status, "allowed": ", ".join(Question.Status.values)},
            code="unknown_status",
        )
    qs = queries.office_questions(actor, status=status) if status else queries.pending_questions(actor)
    return {"count": qs.count(), "items": [_office_question_out(q) for q in qs[offset : offset + limit]]}


@router.post(
    "/office/questions/{pk}/approve",
    response={200: OfficeQuestionOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Approve a question: it appears under the disclosure",
)
def approve_question(request: HttpRequest, pk: int) -> dict[str, Any]:
    actor = _publisher(request)
    q = services.question_moderate(actor=actor, question=services.question_for_staff(actor, pk), approve=True)
    return _office_question_out(q)


@router.post(
    "/office/questions/{pk}/reject",
    response={200: OfficeQuestionOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Reject a question with a reason the asker sees; it never appears publicly",
)
def reject_question(request: HttpRequest, pk: int, payload: RejectIn) -> dict[str, Any]:
    actor = _publisher(request)
    q = services.question_moderate(
        actor=actor,
        question=services.question_for_staff(actor, pk),
        approve=False,
        reason=queries.clean(payload.reason),
    )
    return _office_question_out(q)


@router.post(
    "/office/questions/{pk}/answer",
    response={200: OfficeQuestionOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Answer a question publicly (answering a pending question also approves it)",
)
def answer_question(request: HttpRequest, pk: int, payload: AnswerIn) -> dict[str, Any]:
    actor = _publisher(request)
    q = services.question_answer(
        actor=actor, question=services.question_for_staff(actor, pk), answer=payload.answer
    )
    return _office_question_out(q)
