"""Staff: moderate and answer the questions under their units' disclosures."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _

from danchu.core.access import api_access
from danchu.core.errors import DomainError

from .. import queries, services
from ..models import Question
from ..permissions import clean, question_for
from .base import ERRORS, MANAGE, page, publisher, router
from .out import (
    office_question_out,
)
from .schemas import (
    DisclosureAnswerIn,
    OfficeQuestionOut,
    QuestionPageOut,
    RejectIn,
)


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
    limit, offset = page(limit, offset, most=200)
    actor = publisher(request)
    status = clean(status)
    if status and status not in Question.Status.values:
        raise DomainError(
            _("Unknown question status %(status)s. Use one of: %(allowed)s.")
            % {"status": status, "allowed": ", ".join(Question.Status.values)},
            code="unknown_status",
        )
    qs = queries.office_questions(actor, status=status) if status else queries.pending_questions(actor)
    return {"count": qs.count(), "items": [office_question_out(q) for q in qs[offset : offset + limit]]}


@router.post(
    "/office/questions/{pk}/approve",
    response={200: OfficeQuestionOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Approve a question: it appears under the disclosure",
)
def approve_question(request: HttpRequest, pk: int) -> dict[str, Any]:
    actor = publisher(request)
    q = services.question_moderate(actor=actor, question=question_for(actor, pk, MANAGE), approve=True)
    return office_question_out(q)


@router.post(
    "/office/questions/{pk}/reject",
    response={200: OfficeQuestionOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Reject a question with a reason the asker sees; it never appears publicly",
)
def reject_question(request: HttpRequest, pk: int, payload: RejectIn) -> dict[str, Any]:
    actor = publisher(request)
    q = services.question_moderate(
        actor=actor,
        question=question_for(actor, pk, MANAGE),
        approve=False,
        reason=clean(payload.reason),
    )
    return office_question_out(q)


@router.post(
    "/office/questions/{pk}/answer",
    response={200: OfficeQuestionOut, **ERRORS},
    openapi_extra=api_access(MANAGE),
    summary="Answer a question publicly (answering a pending question also approves it)",
)
def answer_question(request: HttpRequest, pk: int, payload: DisclosureAnswerIn) -> dict[str, Any]:
    actor = publisher(request)
    q = services.question_answer(actor=actor, question=question_for(actor, pk, MANAGE), answer=payload.answer)
    return office_question_out(q)
