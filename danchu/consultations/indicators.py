"""Figures of consultations for steering reports: Dân bàn (consultations), the Front's comments and
critique conferences (supervision and social critique), and the satisfaction index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from danchu.reporting.registry import (
    ComputeRow,
    Section,
    grouped,
    register_computed,
    register_dimension,
    register_ratio,
)


def _opened(start: dt.date, end: dt.date):  # noqa: ANN202
    from .models import Consultation

    return Consultation.objects.exclude(status=Consultation.Status.DRAFT).filter(opens_on__range=(start, end))


def _held(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    return grouped(_opened(start, end), place="place_id", breakdowns={"basis": "basis"})


def _comments(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    from .models import Comment

    return grouped(
        Comment.objects.filter(created_at__date__range=(start, end)),
        place="consultation__place_id",
        breakdowns={"source": "source"},
    )


def _participants(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    from .models import Comment

    return grouped(
        Comment.objects.filter(created_at__date__range=(start, end)),
        place="consultation__place_id",
        value=Count("author", distinct=True),
    )


def _closed(on_time: bool | None):  # noqa: ANN202
    def compute(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
        from .models import Consultation

        qs = Consultation.objects.filter(
            status=Consultation.Status.CLOSED, closed_at__date__range=(start, end)
        )
        if on_time:
            qs = qs.filter(answered_on_time=True)
        return grouped(qs, place="place_id")

    return compute


def _ended(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    from .models import Consultation

    return grouped(
        Consultation.objects.exclude(status__in=[Consultation.Status.DRAFT, Consultation.Status.OPEN]).filter(
            closes_on__range=(start, end)
        ),
        place="place_id",
    )


def _front_comments(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    from .models import FrontComment

    return grouped(FrontComment.objects.filter(commented_on__range=(start, end)), place="place_id")


def _conferences(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    from .models import CritiqueConference

    return grouped(CritiqueConference.objects.filter(held_on__range=(start, end)), place="place_id")


def _index_answers(satisfied: bool):  # noqa: ANN202
    def compute(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
        from django.db.models import F

        from .models import SurveyAnswer

        qs = SurveyAnswer.objects.filter(question__in_index=True, response__submitted_on__range=(start, end))
        if satisfied:  # the top two points of the scale (SIPAS' satisfied and very satisfied)
            qs = qs.filter(value__gte=F("question__scale_max") - 1)
        return grouped(qs, place="response__survey__place_id")

    return compute


def _responses(*, start: dt.date, end: dt.date) -> Iterator[ComputeRow]:
    from .models import SurveyResponse

    return grouped(SurveyResponse.objects.filter(submitted_on__range=(start, end)), place="survey__place_id")


def register() -> None:
    register_computed(
        code="consultations.held",
        section=Section.DAN_BAN,
        name=_("Consultations on drafts held"),
        compute=_held,
        breakdowns=("basis",),
        definition=_("Consultations opened in the period, by legal basis (Law 10/2022, Art. 25)."),
        public=True,
        order=30,
    )
    register_computed(
        code="consultations.comments",
        section=Section.DAN_BAN,
        name=_("Comments received on drafts"),
        compute=_comments,
        breakdowns=("source",),
        public=True,
        order=31,
    )
    register_computed(
        code="consultations.participants",
        section=Section.DAN_BAN,
        name=_("Identified residents who commented on drafts online"),
        compute=_participants,
        order=32,
    )
    register_computed(
        code="consultations.ended",
        section=Section.DAN_BAN,
        name=_("Consultations whose comment period ended"),
        compute=_ended,
        order=33,
    )
    register_computed(
        code="consultations.answered",
        section=Section.DAN_BAN,
        name=_("Consultations answered (synthesis published)"),
        compute=_closed(None),
        order=34,
    )
    register_computed(
        code="consultations.answered_on_time",
        section=Section.DAN_BAN,
        name=_("Consultations answered on time"),
        compute=_closed(True),
        order=35,
    )
    register_ratio(
        code="consultations.share_answered",
        section=Section.DAN_BAN,
        name=_("Share of consultations answered"),
        numerator="consultations.answered",
        denominator="consultations.ended",
        order=36,
    )
    register_ratio(
        code="consultations.share_answered_on_time",
        section=Section.DAN_BAN,
        name=_("Share of consultations answered on time"),
        numerator="consultations.answered_on_time",
        denominator="consultations.answered",
        order=37,
    )
    register_computed(
        code="consultations.front_drafts",
        section=Section.DAN_GIAM_SAT,
        name=_("Drafts commented on by the Fatherland Front"),
        compute=_front_comments,
        order=60,
    )
    register_computed(
        code="consultations.critique_conferences",
        section=Section.DAN_GIAM_SAT,
        name=_("Social critique conferences held by the Fatherland Front"),
        compute=_conferences,
        order=61,
    )
    register_computed(
        code="consultations.survey_responses",
        section=Section.SITUATION,
        name=_("Answers to satisfaction surveys"),
        compute=_responses,
        order=80,
    )
    register_computed(
        code="consultations.survey_index_answers",
        section=Section.SITUATION,
        name=_("Answers counted in the satisfaction index"),
        compute=_index_answers(False),
        order=81,
    )
    register_computed(
        code="consultations.survey_satisfied_answers",
        section=Section.SITUATION,
        name=_("Satisfied answers in the satisfaction index"),
        compute=_index_answers(True),
        order=82,
    )
    register_ratio(
        code="consultations.satisfaction_index",
        section=Section.SITUATION,
        name=_("Satisfaction index with administrative services"),
        numerator="consultations.survey_satisfied_answers",
        denominator="consultations.survey_index_answers",
        definition=_("Share of satisfied answers (top two points of the scale) to the index questions."),
        public=True,
        order=83,
    )


def _comment_sources() -> object:
    from .models import Comment

    return Comment.Source.choices


# How the dashboards name the breakdowns of the consultations' figures (a legal basis is shown as
# it is written).
register_dimension(module="consultations", name="basis", label=_("legal basis"))
register_dimension(
    module="consultations", name="source", label=_("how the comment came"), values=_comment_sources
)
