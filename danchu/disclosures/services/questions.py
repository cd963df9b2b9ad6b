"""Citizens' questions under a disclosure: asked, moderated, answered, or filed as a feedback case."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import DomainError, Forbidden

from ..models import (
    Disclosure,
    Question,
)
from .common import S, fit, require_manage


@transaction.atomic
def question_ask(*, actor: Any, disclosure: Disclosure, text: str) -> Question:
    if not getattr(actor, "is_authenticated", False):
        raise Forbidden(_("Sign in to ask a question."))
    if disclosure.status != S.PUBLISHED:
        raise DomainError(_("Questions are taken while the disclosure is published."))
    text = fit(text, "question", _("The question")).strip()
    if len(text) < 5:
        raise DomainError(_("The question is too short."), code="too_short")
    recent = Question.objects.filter(
        asker=actor, asked_at__gte=timezone.now() - dt.timedelta(hours=1)
    ).count()
    if recent >= 5:
        raise DomainError(
            _("You have asked 5 questions in the last hour; please wait."), code="rate_limited", status=429
        )
    q = Question.objects.create(disclosure=disclosure, asker=actor, text=text)
    audit(actor=actor, action="disclosures.question_ask", obj=q, after={"disclosure": disclosure.pk})
    return q


@transaction.atomic
def question_moderate(*, actor: Any, question: Question, approve: bool, reason: str = "") -> Question:
    q = Question.objects.select_for_update().select_related("disclosure__place").get(pk=question.pk)
    require_manage(actor, q.disclosure.place)
    if q.status != Question.Status.PENDING:
        raise DomainError(_("This question has already been moderated."), code="already_moderated")
    reason = fit(reason, "reject_reason", _("The reason"))
    if not approve and not reason.strip():
        raise DomainError(
            _("Rejecting a question needs a reason, which the asker will see."), code="reason_required"
        )
    q.status = Question.Status.APPROVED if approve else Question.Status.REJECTED
    q.reject_reason = "" if approve else reason.strip()
    q.moderated_by = actor
    q.save(update_fields=["status", "reject_reason", "moderated_by"])
    audit(
        actor=actor,
        action="disclosures.question_moderate",
        obj=q,
        after={"status": q.status, "reason": q.reject_reason},
    )
    return q


@transaction.atomic
def question_answer(*, actor: Any, question: Question, answer: str) -> Question:
    q = Question.objects.select_for_update().select_related("disclosure__place").get(pk=question.pk)
    require_manage(actor, q.disclosure.place)
    if q.status == Question.Status.REJECTED:
        raise DomainError(_("A rejected question is not answered."))
    answer = fit(answer, "answer", _("The answer"))
    if not answer.strip():
        raise DomainError(_("The answer is empty."), code="answer_required")
    q.status = Question.Status.ANSWERED
    q.answer = answer.strip()
    q.answered_by = actor
    q.answered_at = timezone.now()
    if q.moderated_by_id is None:
        q.moderated_by = actor  # answering a pending question approves it
    q.save(update_fields=["status", "answer", "answered_by", "answered_at", "moderated_by"])
    audit(actor=actor, action="disclosures.question_answer", obj=q, after={"answer": q.answer})
    return q


@transaction.atomic
def question_to_case(*, actor: Any, question: Question) -> str:
    """Turn a question into a feedback case (phản ánh) of the cases module, filed for the asker;
    returns its tracking code. The question keeps the code."""
    q = Question.objects.select_for_update().select_related("disclosure__place", "asker").get(pk=question.pk)
    require_manage(actor, q.disclosure.place)
    if q.case_code:
        raise DomainError(
            _("This question is already the case %(code)s.") % {"code": q.case_code}, code="already_case"
        )
    from danchu.cases import services as cases  # cases imports nothing of disclosures: no cycle

    d = q.disclosure
    case = cases.case_submit(
        case_type_key="feedback",
        place=d.place,
        title=(_("Question on: %(title)s") % {"title": d.title})[:200],
        description=f"{q.text}\n\n{settings.SITE_URL}{d.get_absolute_url()}",
        submitter=q.asker,
        recorded_by=actor,
    )
    q.case_code = case.tracking_code
    q.save(update_fields=["case_code"])
    audit(actor=actor, action="disclosures.question_to_case", obj=q, after={"case": case.tracking_code})
    return case.tracking_code
