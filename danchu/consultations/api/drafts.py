"""Consultations on a draft: prepare, open, comment, synthesise, close."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile

from danchu.accounts.permissions import COMMUNE_STAFF, acting_places
from danchu.core.access import PUBLIC, STAFF, api_access
from danchu.core.api import InSchema
from danchu.core.paging import LIMIT, OFFSET, page_of
from danchu.places.importing.reading import Row

from .. import queries
from ..models import Comment, Consultation
from ..permissions import (
    FRONT,
    comment_for,
    consultation_for,
    group_for,
)
from ..services import consultations as svc
from ..services import meeting_comments, synthesis
from . import router
from .common import ERRORS, MANAGE, READ_AUTH


class ConsultationOut(Schema):
    id: int
    title: str
    place_code: str
    consulting_body: str
    basis: str
    basis_article: str
    min_days: int
    audience: str
    channels: list[str]
    status: str
    version: int
    opens_on: dt.date | None
    closes_on: dt.date | None
    decision_reference: str
    decision: str


class ParagraphOut(Schema):
    id: int
    position: int
    is_heading: bool
    section: str
    text: str
    comments: int
    support: int
    oppose: int


class ConsultationDetailOut(ConsultationOut):
    paragraphs: list[ParagraphOut]


def _out(c: Consultation) -> dict[str, Any]:
    return {
        "id": c.pk,
        "title": c.title,
        "place_code": c.place.code,
        "consulting_body": c.consulting_body,
        "basis": c.basis,
        "basis_article": c.basis_article,
        "min_days": c.min_days,
        "audience": c.audience,
        "channels": list(c.channels),
        "status": c.status,
        "version": c.version,
        "opens_on": c.opens_on,
        "closes_on": c.closes_on,
        "decision_reference": c.decision_reference,
        "decision": c.decision,
    }


def _detail(c: Consultation) -> dict[str, Any]:
    rows = queries.draft_rows(c)
    return {
        **_out(c),
        "paragraphs": [
            {
                "id": r.paragraph.pk,
                "position": r.paragraph.position,
                "is_heading": r.paragraph.is_heading,
                "section": r.paragraph.section,
                "text": r.paragraph.text,
                "comments": r.comments,
                "support": r.support,
                "oppose": r.oppose,
            }
            for r in rows
        ],
    }


@router.get(
    "/",
    response=list[ConsultationOut],
    auth=READ_AUTH,
    openapi_extra=api_access(PUBLIC),
    summary="Consultations",
)
def consultation_list(
    request: HttpRequest, response: HttpResponse, limit: int = LIMIT, offset: int = OFFSET
) -> list[dict[str, Any]]:
    rows = queries.visible_consultations(request.user)
    return [_out(c) for c in page_of(request, response, rows, limit, offset)]


@router.post(
    "/",
    response={201: ConsultationDetailOut, **ERRORS},
    openapi_extra=api_access(STAFF),
    summary="Prepare a consultation (multipart): the draft DOCX or PDF, its text read from the DOCX",
)
def consultation_create(
    request: HttpRequest,
    place: str = Form(..., description="commune code"),  # noqa: B008
    title: str = Form(..., max_length=300),  # noqa: B008
    basis: str = Form(..., description="legal basis code, e.g. land_use"),  # noqa: B008
    summary: str = Form("", max_length=4000),  # noqa: B008
    audience: str = Form("all"),  # noqa: B008
    channels: str = Form("online", description="comma-separated: online, meeting, written, front"),  # noqa: B008
    draft: UploadedFile = File(...),  # noqa: B008
    text_docx: UploadedFile | None = File(None),  # noqa: B008
) -> Status:
    places = [p for p in acting_places(request.user, COMMUNE_STAFF | FRONT) if p.code == place]
    if not places:
        raise Http404
    c = svc.consultation_create(
        actor=request.user,
        data=svc.DraftInput(
            place=places[0],
            title=title,
            basis=basis,
            summary=summary,
            audience=audience,
            channels=[x.strip() for x in channels.split(",")],
            draft_name=draft.name or "draft.docx",
            draft_bytes=draft.read(),
            text_docx=text_docx.read() if text_docx else None,
        ),
    )
    return Status(201, _detail(c))


@router.get(
    "/{int:pk}",
    response={200: ConsultationDetailOut, **ERRORS},
    auth=READ_AUTH,
    openapi_extra=api_access(PUBLIC, "drafts being prepared: their staff only (getter)"),
    summary="A consultation with its draft by paragraph and the comment counts",
)
def consultation_detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _detail(consultation_for(request.user, pk))


class OpenIn(InSchema):
    opens_on: dt.date
    closes_on: dt.date


@router.post(
    "/{int:pk}/open",
    response={200: ConsultationOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Open for comments (no shorter than the legal minimum) and publish as a disclosure",
)
def consultation_open(request: HttpRequest, pk: int, payload: OpenIn) -> dict[str, Any]:
    c = consultation_for(request.user, pk, MANAGE)
    return _out(svc.consultation_open(actor=request.user, consultation=c, **payload.dict()))


class CommentIn(InSchema):
    text: str
    paragraph: int | None = None
    quote: str = ""
    stance: str = "neutral"


class RecordedCommentIn(CommentIn):
    author_name: str
    source: str
    meeting_item: int | None = None


class CommentOut(Schema):
    id: int
    paragraph: int | None
    version: int
    quote: str
    text: str
    stance: str
    source: str
    author_name: str
    group: int | None


def _comment(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "paragraph": c.paragraph_id,
        "version": c.version,
        "quote": c.quote,
        "text": c.text,
        "stance": c.stance,
        "source": c.source,
        "author_name": c.author_name,
        "group": c.group_id,
    }


@router.post(
    "/{int:pk}/comments",
    response={201: CommentOut, **ERRORS},
    openapi_extra=api_access("consultations.comment"),
    summary="Comment as an identified resident of the consulted group",
)
def comment_add(request: HttpRequest, pk: int, payload: CommentIn) -> Status:
    c = consultation_for(request.user, pk, "consultations.comment")
    comment = svc.comment_add(
        actor=request.user,
        consultation=c,
        text_=payload.text,
        paragraph_id=payload.paragraph,
        quote=payload.quote,
        stance=payload.stance,
    )
    return Status(201, _comment(comment))


@router.post(
    "/{int:pk}/comments/recorded",
    response={201: CommentOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Record a comment received at the counter, in a meeting or on a written form",
)
def comment_record(request: HttpRequest, pk: int, payload: RecordedCommentIn) -> Status:
    c = consultation_for(request.user, pk, MANAGE)
    comment = svc.comment_record(
        actor=request.user,
        consultation=c,
        text_=payload.text,
        author_name=payload.author_name,
        source=payload.source,
        paragraph_id=payload.paragraph,
        stance=payload.stance,
        meeting_item=payload.meeting_item,
    )
    return Status(201, _comment(comment))


class MeetingCommentRowIn(InSchema):
    name: str
    comment: str
    item: int | None = None  # an agenda item of the meeting (else default_item)
    stance: str = ""  # support / oppose / neutral (or ủng hộ / phản đối / trung lập)
    paragraph: int | None = None  # the paragraph's number in the current draft


class MeetingCommentsIn(InSchema):
    default_item: int | None = None
    rows: list[MeetingCommentRowIn]


@router.post(
    "/{int:pk}/comments/meeting",
    response={201: list[CommentOut], **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Record the comments received at a village meeting at once: all or none, bad rows by number",
)
def comment_record_meeting(request: HttpRequest, pk: int, payload: MeetingCommentsIn) -> Status:
    c = consultation_for(request.user, pk, MANAGE)
    rows = [
        Row(n, {k: ("" if v is None else v) for k, v in r.dict().items()})
        for n, r in enumerate(payload.rows, start=1)
    ]
    done = meeting_comments.meeting_comments_record(
        actor=request.user, consultation=c, rows=rows, default_item=payload.default_item
    )
    return Status(201, [_comment(x) for x in done])


@router.get(
    "/{int:pk}/comments",
    response={200: list[CommentOut], **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="The comments, for the synthesis",
)
def comment_list(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return [_comment(x) for x in queries.comments_of(consultation_for(request.user, pk, MANAGE))]


@router.post(
    "/{int:pk}/end",
    response={200: ConsultationOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="End the comment period (after its last day)",
)
def end_period(request: HttpRequest, pk: int) -> dict[str, Any]:
    c = consultation_for(request.user, pk, MANAGE)
    return _out(svc.consultation_end_period(actor=request.user, consultation=c))


class GroupIn(InSchema):
    title: str
    comments: list[int]


class AnswerIn(InSchema):
    answer: str
    reason: str = ""


class GroupOut(Schema):
    id: int
    title: str
    answer: str
    reason: str


@router.post(
    "/{int:pk}/groups",
    response={201: GroupOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Group comments of the same substance",
)
def group_create(request: HttpRequest, pk: int, payload: GroupIn) -> Status:
    c = consultation_for(request.user, pk, MANAGE)
    g = synthesis.group_create(
        actor=request.user, consultation=c, title=payload.title, comment_ids=payload.comments
    )
    return Status(201, {"id": g.pk, "title": g.title, "answer": g.answer, "reason": g.reason})


@router.post(
    "/{int:pk}/groups/{int:group_pk}/answer",
    response={200: GroupOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Answer a group: accepted, partly or not accepted, with the reason",
)
def group_answer(request: HttpRequest, pk: int, group_pk: int, payload: AnswerIn) -> dict[str, Any]:
    c = consultation_for(request.user, pk, MANAGE)
    g = synthesis.group_answer(
        actor=request.user, group=group_for(request.user, c, group_pk), **payload.dict()
    )
    return {"id": g.pk, "title": g.title, "answer": g.answer, "reason": g.reason}


class UngroupedOut(Schema):
    id: int
    group_removed: bool


@router.post(
    "/{int:pk}/comments/{int:comment_pk}/ungroup",
    response={200: UngroupedOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Take a comment out of the group it was put in by mistake (a group left empty goes)",
)
def comment_ungroup(request: HttpRequest, pk: int, comment_pk: int) -> dict[str, Any]:
    c = consultation_for(request.user, pk, MANAGE)
    comment, emptied = synthesis.comment_ungroup(
        actor=request.user, consultation=c, comment=comment_for(request.user, c, comment_pk)
    )
    return {"id": comment.pk, "group_removed": emptied}


class CloseIn(InSchema):
    reference: str
    decision: str
    final_text: str


@router.post(
    "/{int:pk}/close",
    response={200: ConsultationOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Close with the final decision and text (every comment grouped and every group answered)",
)
def close(request: HttpRequest, pk: int, payload: CloseIn) -> dict[str, Any]:
    c = consultation_for(request.user, pk, MANAGE)
    return _out(
        synthesis.consultation_close(
            actor=request.user, consultation=c, data=synthesis.Decision(**payload.dict())
        )
    )
