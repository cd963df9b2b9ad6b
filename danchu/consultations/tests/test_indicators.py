"""The figures the steering reports write from consultation records."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.consultations.models import Consultation
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import synthesis
from danchu.reporting.registry import Section, get

from .conftest import today

pytestmark = pytest.mark.django_db


def _rows(code: str) -> list:
    start, end = today() - dt.timedelta(days=60), today() + dt.timedelta(days=60)
    return list(get(code).compute(start=start, end=end))


def test_consultations_comments_and_answers_are_counted(open_consultation, officer, citizen, commune):
    c = open_consultation
    comment = svc.comment_add(actor=citizen, consultation=c, text_="Giữ đất lúa.")
    assert _rows("consultations.held") == [(commune.pk, {"basis": "land_use"}, 1)]
    assert _rows("consultations.comments") == [(commune.pk, {"source": "online"}, 1)]
    assert _rows("consultations.participants") == [(commune.pk, {}, 1)]
    Consultation.objects.filter(pk=c.pk).update(closes_on=today() - dt.timedelta(days=1))
    c = svc.consultation_end_period(actor=officer, consultation=c)
    g = synthesis.group_create(actor=officer, consultation=c, title="Đất lúa", comment_ids=[comment.pk])
    synthesis.group_answer(actor=officer, group=g, answer="accepted", reason="")
    synthesis.consultation_close(
        actor=officer, consultation=c, data=synthesis.Decision("1/QĐ-UBND", "Phê duyệt", "Văn bản")
    )
    assert _rows("consultations.answered") == [(commune.pk, {}, 1)]
    assert _rows("consultations.answered_on_time") == [(commune.pk, {}, 1)]
    assert get("consultations.share_answered").section == Section.DAN_BAN


def test_front_and_survey_figures_are_registered_in_their_sections():
    assert get("consultations.critique_conferences").section == Section.DAN_GIAM_SAT
    assert get("consultations.front_drafts").section == Section.DAN_GIAM_SAT
    ratio = get("consultations.satisfaction_index")
    assert ratio.numerator == "consultations.survey_satisfied_answers"
