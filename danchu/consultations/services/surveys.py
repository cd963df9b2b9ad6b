"""Satisfaction surveys: questionnaires, a survey per unit and period, anonymous answers through a
receipt code (one answer per code, a database constraint), results and the index."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.permissions import is_staff
from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Place

from ..models import Question, Questionnaire, ReceiptCode, Survey, SurveyAnswer, SurveyResponse
from ..permissions import can_manage_unit
from .common import text

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from a printed receipt


@dataclass
class QuestionInput:
    kind: str
    text: str
    choices: Sequence[str] = field(default_factory=list)
    scale_max: int = 5
    in_index: bool = False


MAX_QUESTIONS = 60
MAX_CHOICES = 20


def question_fields(item: QuestionInput) -> dict[str, Any]:
    """The checked fields of one question (the same rules as when a questionnaire is defined)."""
    if item.kind not in Question.Kind.values:
        raise DomainError(_("Unknown type of question."), code="question_kind")
    if len(item.choices) > MAX_CHOICES:
        raise DomainError(_("A question has at most %(n)s choices.") % {"n": MAX_CHOICES}, code="choices")
    choices = [text(c, label=_("Choice"), max_length=200) for c in item.choices]
    if item.kind == Question.Kind.SINGLE and len(choices) < 2:
        raise DomainError(_("A single choice needs at least two choices."), code="choices")
    if item.kind == Question.Kind.SCALE and not 2 <= item.scale_max <= 10:
        raise DomainError(_("A scale has 2 to 10 points."), code="scale")
    return {
        "kind": item.kind,
        "text": text(item.text, label=_("Question"), max_length=500),
        "choices": choices if item.kind == Question.Kind.SINGLE else [],
        "scale_max": item.scale_max if item.kind == Question.Kind.SCALE else 5,
        "in_index": bool(item.in_index) and item.kind == Question.Kind.SCALE,
    }


@transaction.atomic
def questionnaire_create(
    *, actor: Any, title: str, index_method: str, questions: Sequence[QuestionInput]
) -> Questionnaire:
    if not is_staff(actor):
        raise Forbidden(_("Only staff may define questionnaires."))
    if index_method not in Questionnaire.Index.values:
        raise DomainError(_("Unknown index method."), code="index_method")
    if not questions:
        raise DomainError(_("A questionnaire needs at least one question."), code="no_questions")
    if len(questions) > MAX_QUESTIONS:
        raise DomainError(_("A questionnaire has at most %(n)s questions.") % {"n": MAX_QUESTIONS})
    fields = []
    for i, item in enumerate(questions, start=1):
        try:
            fields.append(question_fields(item))
        except DomainError as e:
            raise DomainError(
                _("Question %(n)s: %(problem)s") % {"n": i, "problem": e.message}, code=e.code
            ) from None
    q = Questionnaire.objects.create(
        title=text(title, label=_("Title"), max_length=300), index_method=index_method
    )
    for i, f in enumerate(fields, start=1):
        Question.objects.create(questionnaire=q, position=i, **f)
    audit(actor=actor, action="consultations.questionnaire_create", obj=q, after={"title": q.title})
    return q


@transaction.atomic
def survey_create(
    *,
    actor: Any,
    questionnaire: Questionnaire,
    place: Place,
    title: str,
    starts_on: dt.date,
    ends_on: dt.date,
) -> Survey:
    probe = Survey(place=place)
    if not can_manage_unit(actor, probe):
        raise Forbidden(_("Only the staff of the unit may run its surveys."))
    if ends_on < starts_on:
        raise DomainError(_("The period ends before it starts."), code="period")
    s = Survey.objects.create(
        questionnaire=questionnaire,
        place=place,
        title=text(title, label=_("Title"), max_length=300),
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=actor,
    )
    audit(
        actor=actor,
        action="consultations.survey_create",
        obj=s,
        after={"title": s.title, "place": place.code},
    )
    return s


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))


@transaction.atomic
def receipts_issue(*, actor: Any, survey: Survey, count: int = 1, dossier: str = "") -> list[ReceiptCode]:
    """Codes to print on dossier receipts (with their QR link)."""
    if not can_manage_unit(actor, survey):
        raise Forbidden(_("Only the staff of the unit may run its surveys."))
    if not 1 <= count <= 500:
        raise DomainError(_("Issue between 1 and 500 codes at a time."), code="count")
    dossier = text(dossier, label=_("Dossier number"), max_length=64, required=False)
    codes = ReceiptCode.objects.bulk_create(
        ReceiptCode(survey=survey, code=_new_code(), dossier=dossier) for _i in range(count)
    )
    audit(
        actor=actor,
        action="consultations.receipts_issue",
        obj=survey,
        after={"count": count, "dossier": dossier},
    )
    return codes


def survey_answer(
    *, receipt: ReceiptCode, answers: dict[int, Any], today: dt.date | None = None
) -> SurveyResponse:
    """An anonymous answer through a receipt code; a second answer for the same code is refused."""
    survey = receipt.survey
    today = today or timezone.localdate()
    if not survey.starts_on <= today <= survey.ends_on:
        raise DomainError(_("This survey is not running today."), code="survey_closed")
    if SurveyResponse.objects.filter(receipt=receipt).exists():
        raise Conflict(
            _("This receipt code has already been used to answer the survey."), code="already_answered"
        )
    questions = {q.pk: q for q in survey.questionnaire.questions.all()}
    rows: list[SurveyAnswer] = []
    for qid, value in answers.items():
        q = questions.get(int(qid))
        if q is None:
            raise DomainError(
                _("An answer is for a question that is not in this survey."), code="bad_question"
            )
        if q.kind == Question.Kind.TEXT:
            body = text(str(value or ""), label=q.text[:50], max_length=2000, required=False)
            if body:
                rows.append(SurveyAnswer(question=q, text=body))
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise DomainError(
                _("Answer “%(q)s” with one of its choices.") % {"q": q.text}, code="bad_answer"
            ) from None
        top = q.scale_max if q.kind == Question.Kind.SCALE else len(q.choices) - 1
        bottom = 1 if q.kind == Question.Kind.SCALE else 0
        if not bottom <= number <= top:
            raise DomainError(_("Answer “%(q)s” with one of its choices.") % {"q": q.text}, code="bad_answer")
        rows.append(SurveyAnswer(question=q, value=number))
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(survey=survey, receipt=receipt, submitted_on=today)
            for row in rows:
                row.response = response
            SurveyAnswer.objects.bulk_create(rows)
            # In the answer's transaction: an answer is never stored without its audit entry.
            audit(
                actor=None, action="consultations.survey_answer", obj=survey, after={"response": response.pk}
            )
    except IntegrityError:  # two answers racing for one code: the constraint decides
        raise Conflict(
            _("This receipt code has already been used to answer the survey."), code="already_answered"
        ) from None
    return response


def index_of(questionnaire: Questionnaire, answers: QuerySet[SurveyAnswer]) -> float | None:
    """The index as the questionnaire declares it, over scale answers of its index questions (0–100)."""
    rows = [
        (int(v or 0), int(top or 5))
        for v, top in answers.filter(question__in_index=True, value__isnull=False).values_list(
            "value", "question__scale_max"
        )
    ]
    if not rows:
        return None
    if questionnaire.index_method == Questionnaire.Index.MEAN_SCALE:
        return round(100 * sum((v - 1) / (top - 1) for v, top in rows) / len(rows), 1)
    return round(100 * sum(1 for v, top in rows if v >= top - 1) / len(rows), 1)


def survey_results(survey: Survey) -> dict[str, Any]:
    answers = SurveyAnswer.objects.filter(response__survey=survey)
    per_question = []
    for q in survey.questionnaire.questions.all():
        qa = answers.filter(question=q)
        if q.kind == Question.Kind.TEXT:
            per_question.append({"question": q, "texts": list(qa.values_list("text", flat=True)[:200])})
            continue
        values = [int(v) for v in qa.values_list("value", flat=True) if v is not None]
        labels = (
            [str(i) for i in range(1, q.scale_max + 1)] if q.kind == Question.Kind.SCALE else list(q.choices)
        )
        offset = 1 if q.kind == Question.Kind.SCALE else 0
        counts = [values.count(i + offset) for i in range(len(labels))]
        mean = round(sum(values) / len(values), 2) if values and q.kind == Question.Kind.SCALE else None
        per_question.append(
            {"question": q, "distribution": list(zip(labels, counts, strict=True)), "mean": mean}
        )
    return {
        "responses": survey.responses.count(),
        "codes": survey.codes.count(),
        "index": index_of(survey.questionnaire, answers),
        "questions": per_question,
    }
