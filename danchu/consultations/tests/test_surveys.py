"""Satisfaction surveys: anonymous answers through a receipt code, one per code, the index."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from danchu.consultations.models import Questionnaire, ReceiptCode, SurveyResponse
from danchu.consultations.services import surveys as svc
from danchu.core.errors import Conflict, DomainError, Forbidden

from .conftest import today

pytestmark = pytest.mark.django_db


def _answers(survey, a: int, b: int) -> dict[int, object]:
    q = list(survey.questionnaire.questions.all())
    return {q[0].pk: a, q[1].pk: b, q[2].pk: 0, q[3].pk: "Cần thêm ghế chờ."}


def test_second_answer_for_the_same_receipt_is_refused(survey, officer):
    (code,) = svc.receipts_issue(actor=officer, survey=survey, dossier="000.00.24.H12-261130-0001")
    svc.survey_answer(receipt=code, answers=_answers(survey, 5, 4))
    with pytest.raises(Conflict, match="already been used"):
        svc.survey_answer(receipt=code, answers=_answers(survey, 1, 1))
    assert SurveyResponse.objects.count() == 1


def test_the_database_refuses_two_answers_for_one_receipt(survey, officer):
    (code,) = svc.receipts_issue(actor=officer, survey=survey)
    SurveyResponse.objects.create(survey=survey, receipt=code)
    with pytest.raises(IntegrityError), transaction.atomic():
        SurveyResponse.objects.create(survey=survey, receipt=code)


def test_index_as_the_questionnaire_declares(survey, officer):
    codes = svc.receipts_issue(actor=officer, survey=survey, count=3)
    for code, (a, b) in zip(codes, [(5, 4), (3, 2), (4, 5)], strict=True):
        svc.survey_answer(receipt=code, answers=_answers(survey, a, b))
    results = svc.survey_results(survey)
    assert results["responses"] == 3
    assert results["index"] == pytest.approx(100 * 4 / 6, abs=0.1)  # top two points: 5,4,4,5 of 6 answers
    survey.questionnaire.index_method = Questionnaire.Index.MEAN_SCALE
    survey.questionnaire.save()
    # mean of (v-1)/4: (4+3+2+1+3+4)/4/6
    assert svc.survey_results(survey)["index"] == pytest.approx(100 * 17 / 24, abs=0.1)


def test_out_of_range_answer_is_refused_and_nothing_saved(survey, officer):
    (code,) = svc.receipts_issue(actor=officer, survey=survey)
    with pytest.raises(DomainError, match="one of its choices"):
        svc.survey_answer(receipt=code, answers=_answers(survey, 9, 4))
    assert not SurveyResponse.objects.exists()


def test_outsider_cannot_run_the_communes_survey(questionnaire, commune, outsider):
    with pytest.raises(Forbidden):
        svc.survey_create(
            actor=outsider,
            questionnaire=questionnaire,
            place=commune,
            title="X",
            starts_on=today(),
            ends_on=today(),
        )


def test_answer_page_is_anonymous_and_refuses_a_second_answer(browser_as, survey, officer):
    (code,) = svc.receipts_issue(actor=officer, survey=survey)
    q = list(survey.questionnaire.questions.all())
    client = browser_as()
    url = reverse("consultations:answer", args=[code.code])
    assert client.get(url).status_code == 200
    data = {f"q{q[0].pk}": "5", f"q{q[1].pk}": "4", f"q{q[2].pk}": "1", f"q{q[3].pk}": "Tốt"}
    assert client.post_form(url, data).status_code == 200
    assert client.post_form(url, data).status_code == 409
    assert SurveyResponse.objects.count() == 1
    assert browser_as().get(reverse("consultations:answer", args=["NOPE123456"])).status_code == 404


def test_survey_results_of_another_commune_are_404(client_as, survey, outsider):
    assert client_as(outsider).get(reverse("consultations:survey", args=[survey.pk])).status_code == 404


def test_receipt_codes_have_a_qr_link(client_as, survey, officer):
    client = client_as(officer)
    client.post(reverse("consultations:survey_issue", args=[survey.pk]), {"count": 2, "dossier": ""})
    page = client.get(reverse("consultations:survey", args=[survey.pk])).content.decode()
    code = ReceiptCode.objects.filter(survey=survey).first()
    assert code is not None and code.code in page and "<svg" in page
