"""Editing a survey's questionnaire while the survey is a draft (issue #11): add, reword, reorder and
remove questions and their choices. Once the survey has opened (its period has begun or an answer has
come in) the questionnaire is locked, so every answer was given to the questions the results show.

Questionnaires are shared: a survey whose questionnaire is also used by another survey gets its own
copy on the first edit, so editing one unit's survey never changes another's."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError, Forbidden

from ..models import Question, Questionnaire, Survey
from ..permissions import can_manage_unit
from .common import text
from .surveys import MAX_QUESTIONS, QuestionInput, question_fields


def is_open(survey: Survey) -> bool:
    """A survey is open from the first day of its period, or from its first answer if earlier."""
    return survey.starts_on <= timezone.localdate() or survey.responses.exists()


def _editable(actor: Any, survey: Survey) -> tuple[Survey, dict[int, int]]:
    """The survey locked for the edit, refused when it is not the actor's or has opened; its
    questionnaire copied first when another survey shares it (with the old question ids → new)."""
    if not can_manage_unit(actor, survey):
        raise Forbidden(_("Only the staff of the unit may run its surveys."))
    survey = Survey.objects.select_for_update().select_related("questionnaire").get(pk=survey.pk)
    if is_open(survey):
        raise Conflict(
            _(
                "The survey has opened: its questionnaire is locked, so every answer stays with the "
                "questions it was given to."
            ),
            code="questionnaire_locked",
        )
    remap: dict[int, int] = {}
    if Survey.objects.filter(questionnaire=survey.questionnaire).exclude(pk=survey.pk).exists():
        original = survey.questionnaire
        copy = Questionnaire.objects.create(title=original.title, index_method=original.index_method)
        for q in original.questions.all():
            remap[q.pk] = Question.objects.create(
                questionnaire=copy,
                position=q.position,
                kind=q.kind,
                text=q.text,
                choices=q.choices,
                scale_max=q.scale_max,
                in_index=q.in_index,
            ).pk
        survey.questionnaire = copy
        survey.save(update_fields=["questionnaire"])
        audit(
            actor=actor,
            action="consultations.questionnaire_copy",
            obj=survey,
            after={"from": original.pk, "to": copy.pk},
        )
    return survey, remap


def _question(survey: Survey, question_id: Any, remap: dict[int, int]) -> Question:
    try:
        number = int(question_id)
        return survey.questionnaire.questions.get(pk=remap.get(number, number))
    except (Question.DoesNotExist, TypeError, ValueError, OverflowError):
        raise DomainError(
            _("This question is not in the survey's questionnaire."), code="bad_question"
        ) from None


def _snapshot(q: Question) -> dict[str, Any]:
    return {
        "position": q.position,
        "kind": q.kind,
        "text": q.text,
        "choices": q.choices,
        "scale_max": q.scale_max,
    }


def _renumber(questionnaire: Questionnaire) -> None:
    for i, q in enumerate(questionnaire.questions.order_by("position", "pk"), start=1):
        if q.position != i:
            Question.objects.filter(pk=q.pk).update(position=i)


@transaction.atomic
def question_add(*, actor: Any, survey: Survey, item: QuestionInput) -> Question:
    survey, _remap = _editable(actor, survey)
    fields = question_fields(item)
    questionnaire = survey.questionnaire
    if questionnaire.questions.count() >= MAX_QUESTIONS:
        raise DomainError(_("A questionnaire has at most %(n)s questions.") % {"n": MAX_QUESTIONS})
    last = questionnaire.questions.aggregate(m=Max("position"))["m"] or 0
    q = Question.objects.create(questionnaire=questionnaire, position=last + 1, **fields)
    audit(
        actor=actor, action="consultations.question_add", obj=survey, after={"question": q.pk, **_snapshot(q)}
    )
    return q


@transaction.atomic
def question_update(*, actor: Any, survey: Survey, question_id: Any, item: QuestionInput) -> Question:
    """Reword a question, change its type, scale or choices."""
    survey, remap = _editable(actor, survey)
    q = _question(survey, question_id, remap)
    before = _snapshot(q)
    for name, value in question_fields(item).items():
        setattr(q, name, value)
    q.save()
    audit(
        actor=actor,
        action="consultations.question_update",
        obj=survey,
        before={"question": q.pk, **before},
        after={"question": q.pk, **_snapshot(q)},
    )
    return q


@transaction.atomic
def question_remove(*, actor: Any, survey: Survey, question_id: Any) -> None:
    survey, remap = _editable(actor, survey)
    q = _question(survey, question_id, remap)
    if survey.questionnaire.questions.count() <= 1:
        raise DomainError(_("A questionnaire needs at least one question."), code="no_questions")
    before = _snapshot(q)
    q.delete()
    _renumber(survey.questionnaire)
    audit(
        actor=actor, action="consultations.question_remove", obj=survey, before={"question": q.pk, **before}
    )


@transaction.atomic
def question_move(*, actor: Any, survey: Survey, question_id: Any, position: Any) -> Question:
    """Put a question at `position` (1 is the first); the others keep their order around it."""
    survey, remap = _editable(actor, survey)
    q = _question(survey, question_id, remap)
    others = [o for o in survey.questionnaire.questions.order_by("position", "pk") if o.pk != q.pk]
    try:
        target = int(position)
    except (TypeError, ValueError):
        raise DomainError(_("The position must be a whole number."), code="position") from None
    if not 1 <= target <= len(others) + 1:
        raise DomainError(
            _("The position must be between 1 and %(n)s.") % {"n": len(others) + 1}, code="position"
        )
    before = q.position
    ordered = [*others[: target - 1], q, *others[target - 1 :]]
    for i, item in enumerate(ordered, start=1):
        if item.position != i:
            Question.objects.filter(pk=item.pk).update(position=i)
    q.position = target
    audit(
        actor=actor,
        action="consultations.question_move",
        obj=survey,
        before={"question": q.pk, "position": before},
        after={"question": q.pk, "position": target},
    )
    return q


@transaction.atomic
def questionnaire_retitle(*, actor: Any, survey: Survey, title: str, index_method: str) -> Questionnaire:
    survey, _remap = _editable(actor, survey)
    if index_method not in Questionnaire.Index.values:
        raise DomainError(_("Unknown index method."), code="index_method")
    questionnaire = survey.questionnaire
    before = {"title": questionnaire.title, "index_method": questionnaire.index_method}
    questionnaire.title = text(title, label=_("Title"), max_length=300)
    questionnaire.index_method = index_method
    questionnaire.save(update_fields=["title", "index_method"])
    audit(
        actor=actor,
        action="consultations.questionnaire_update",
        obj=survey,
        before=before,
        after={"title": questionnaire.title, "index_method": index_method},
    )
    return questionnaire
