"""Editing a draft survey's questionnaire (issue #11): add, reword, reorder, remove; locked once the
survey opens; a shared questionnaire is copied, never changed under another unit's survey."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client

from danchu.consultations.models import Question, Questionnaire, Survey
from danchu.consultations.services import questionnaires as qsvc
from danchu.consultations.services import surveys as svc
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.models import AuditEntry

from .conftest import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def questionnaire(officer):
    return svc.questionnaire_create(
        actor=officer,
        title="Phiếu khảo sát sự hài lòng (SIPAS)",
        index_method=Questionnaire.Index.SHARE_SATISFIED,
        questions=[
            svc.QuestionInput("scale", "Ông/bà hài lòng với thời gian giải quyết hồ sơ?", in_index=True),
            svc.QuestionInput(
                "single", "Ông/bà nộp hồ sơ qua kênh nào?", choices=["Trực tiếp", "Trực tuyến"]
            ),
            svc.QuestionInput("text", "Góp ý khác"),
        ],
    )


def _survey(questionnaire, place, actor, starts_in: int) -> Survey:
    return svc.survey_create(
        actor=actor,
        questionnaire=questionnaire,
        place=place,
        title="Khảo sát quý I/2027",
        starts_on=today() + dt.timedelta(days=starts_in),
        ends_on=today() + dt.timedelta(days=starts_in + 80),
    )


@pytest.fixture
def draft_survey(questionnaire, commune, officer):
    return _survey(questionnaire, commune, officer, 10)


@pytest.fixture
def open_survey(questionnaire, commune, officer):
    return _survey(questionnaire, commune, officer, -1)


def _texts(survey):
    survey.refresh_from_db()
    return list(survey.questionnaire.questions.values_list("text", flat=True))


def test_staff_add_reword_reorder_and_remove_while_draft(draft_survey, officer):
    q = list(draft_survey.questionnaire.questions.all())
    added = qsvc.question_add(
        actor=officer,
        survey=draft_survey,
        item=svc.QuestionInput("scale", "Ông/bà hài lòng với thái độ công chức?", scale_max=5, in_index=True),
    )
    assert added.position == 4
    qsvc.question_update(
        actor=officer,
        survey=draft_survey,
        question_id=q[1].pk,
        item=svc.QuestionInput("single", "Kênh nộp hồ sơ", choices=["Trực tiếp", "Trực tuyến", "Bưu chính"]),
    )
    qsvc.question_move(actor=officer, survey=draft_survey, question_id=added.pk, position=1)
    qsvc.question_remove(actor=officer, survey=draft_survey, question_id=q[2].pk)
    assert _texts(draft_survey) == [
        "Ông/bà hài lòng với thái độ công chức?",
        "Ông/bà hài lòng với thời gian giải quyết hồ sơ?",
        "Kênh nộp hồ sơ",
    ]
    assert list(draft_survey.questionnaire.questions.values_list("position", flat=True)) == [1, 2, 3]
    assert Question.objects.get(pk=q[1].pk).choices == ["Trực tiếp", "Trực tuyến", "Bưu chính"]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "consultations.question_add",
        "consultations.question_update",
        "consultations.question_move",
        "consultations.question_remove",
    } <= actions


def test_once_opened_the_questionnaire_is_locked(open_survey, officer):
    q = open_survey.questionnaire.questions.first()
    before = AuditEntry.objects.count()
    with pytest.raises(Conflict, match="locked"):
        qsvc.question_add(actor=officer, survey=open_survey, item=svc.QuestionInput("text", "Thêm"))
    with pytest.raises(Conflict, match="locked"):
        qsvc.question_update(
            actor=officer, survey=open_survey, question_id=q.pk, item=svc.QuestionInput("text", "Sửa")
        )
    with pytest.raises(Conflict, match="locked"):
        qsvc.question_remove(actor=officer, survey=open_survey, question_id=q.pk)
    with pytest.raises(Conflict, match="locked"):
        qsvc.question_move(actor=officer, survey=open_survey, question_id=q.pk, position=2)
    assert AuditEntry.objects.count() == before
    assert _texts(open_survey)[0] == "Ông/bà hài lòng với thời gian giải quyết hồ sơ?"


def test_a_shared_questionnaire_is_copied_not_changed(questionnaire, draft_survey, open_survey, officer):
    first = questionnaire.questions.first()
    qsvc.question_update(
        actor=officer, survey=draft_survey, question_id=first.pk, item=svc.QuestionInput("text", "Câu mới")
    )
    draft_survey.refresh_from_db()
    assert draft_survey.questionnaire_id != questionnaire.pk
    assert _texts(draft_survey)[0] == "Câu mới"
    assert _texts(open_survey)[0] == "Ông/bà hài lòng với thời gian giải quyết hồ sơ?"
    assert AuditEntry.objects.filter(action="consultations.questionnaire_copy").count() == 1


def test_staff_of_another_unit_are_refused(draft_survey, outsider):
    with pytest.raises(Forbidden):
        qsvc.question_add(actor=outsider, survey=draft_survey, item=svc.QuestionInput("text", "Câu lạ"))


@pytest.mark.parametrize(
    ("item", "message"),
    [
        (svc.QuestionInput("dropdown", "Câu hỏi"), "Unknown type"),
        (svc.QuestionInput("single", "Câu hỏi", choices=["Một"]), "two choices"),
        (svc.QuestionInput("scale", "Câu hỏi", scale_max=11), "2 to 10"),
        (svc.QuestionInput("text", "Câu\x00hỏi"), "not allowed"),
        (svc.QuestionInput("text", "x" * 501), "longer than 500"),
        (svc.QuestionInput("text", "   "), "required"),
        (svc.QuestionInput("single", "Câu hỏi", choices=["a", "b\x00"]), "not allowed"),
        (svc.QuestionInput("single", "Câu hỏi", choices=[str(i) for i in range(21)]), "at most 20"),
    ],
)
def test_bad_questions_are_refused_and_change_nothing(draft_survey, officer, item, message):
    before = _texts(draft_survey)
    with pytest.raises(DomainError, match=message):
        qsvc.question_add(actor=officer, survey=draft_survey, item=item)
    assert _texts(draft_survey) == before


def test_the_last_question_cannot_be_removed_and_positions_are_checked(draft_survey, officer):
    q = list(draft_survey.questionnaire.questions.all())
    with pytest.raises(DomainError, match="between 1 and 3"):
        qsvc.question_move(actor=officer, survey=draft_survey, question_id=q[0].pk, position=4)
    qsvc.question_remove(actor=officer, survey=draft_survey, question_id=q[0].pk)
    qsvc.question_remove(actor=officer, survey=draft_survey, question_id=q[1].pk)
    with pytest.raises(DomainError, match="at least one question"):
        qsvc.question_remove(actor=officer, survey=draft_survey, question_id=q[2].pk)


def test_a_question_of_another_questionnaire_is_refused(draft_survey, officer):
    other = svc.questionnaire_create(
        actor=officer, title="Khác", index_method="mean_scale", questions=[svc.QuestionInput("text", "Khác?")]
    )
    with pytest.raises(DomainError, match="not in the survey"):
        qsvc.question_remove(actor=officer, survey=draft_survey, question_id=other.questions.get().pk)
    assert other.questions.count() == 1


# --- The page, through a client that checks CSRF as a browser does ---------------------------------


def test_the_page_edits_a_draft_with_csrf(browser_as, draft_survey, officer):
    c = browser_as(officer)
    url = f"/consultations/surveys/{draft_survey.pk}/questionnaire/"
    page = c.get(url)
    assert page.status_code == 200 and "Góp ý khác" in page.content.decode()
    assert Client(enforce_csrf_checks=True).post(url, {"action": "add"}).status_code in (302, 403)
    bare = browser_as(officer)
    assert bare.post(url, {"action": "add", "new-text": "Không token", "new-kind": "text"}).status_code == 403
    r = c.post_form(
        url,
        {
            "action": "add",
            "new-text": "Ông/bà có được hướng dẫn đầy đủ?",
            "new-kind": "scale",
            "new-scale_max": "5",
            "new-in_index": "on",
        },
    )
    assert r.status_code == 302
    added = Question.objects.get(text="Ông/bà có được hướng dẫn đầy đủ?")
    assert added.in_index and added.scale_max == 5
    first = draft_survey.questionnaire.questions.first()
    r = c.post_form(
        f"/consultations/surveys/{draft_survey.pk}/questions/{added.pk}/", {"action": "move", "position": "1"}
    )
    assert r.status_code == 302 and _texts(draft_survey)[0] == "Ông/bà có được hướng dẫn đầy đủ?"
    r = c.post_form(
        f"/consultations/surveys/{draft_survey.pk}/questions/{first.pk}/",
        {
            "action": "update",
            f"q{first.pk}-text": "Thời gian giải quyết",
            f"q{first.pk}-kind": "scale",
            f"q{first.pk}-scale_max": "5",
        },
    )
    assert r.status_code == 302 and "Thời gian giải quyết" in _texts(draft_survey)
    r = c.post_form(f"/consultations/surveys/{draft_survey.pk}/questions/{added.pk}/", {"action": "remove"})
    assert r.status_code == 302 and "Ông/bà có được hướng dẫn đầy đủ?" not in _texts(draft_survey)
    r = c.post_form(url, {"action": "title", "title": "Phiếu SIPAS 2027", "index_method": "mean_scale"})
    draft_survey.refresh_from_db()
    assert draft_survey.questionnaire.title == "Phiếu SIPAS 2027"


def test_the_page_shows_a_bad_input_clearly_and_keeps_nothing(browser_as, draft_survey, officer):
    c = browser_as(officer)
    url = f"/consultations/surveys/{draft_survey.pk}/questionnaire/"
    before = _texts(draft_survey)
    r = c.post_form(
        url,
        {"action": "add", "new-text": "Chọn", "new-kind": "single", "new-choices": "Một"},
        HTTP_REFERER=f"http://testserver{url}",
    )
    page = r.content.decode()  # the questionnaire again, with the reason
    assert r.status_code == 400 and "Câu hỏi chọn một cần ít nhất hai lựa chọn." in page
    assert 'id="add-form"' in page
    r = c.post_form(
        url,
        {"action": "add", "new-text": "x\x00", "new-kind": "text"},
        HTTP_REFERER=f"http://testserver{url}",
    )
    assert r.status_code == 400 and 'id="add-form"' in r.content.decode()
    assert _texts(draft_survey) == before


def test_the_page_of_an_open_survey_says_it_is_locked(browser_as, open_survey, officer):
    c = browser_as(officer)
    url = f"/consultations/surveys/{open_survey.pk}/questionnaire/"
    page = c.get(url).content.decode()
    assert 'id="locked"' in page and 'id="add-form"' not in page
    r = c.post_form(url, {"action": "add", "new-text": "Muộn", "new-kind": "text"})
    assert r.status_code == 409 and 'id="locked"' in r.content.decode()
    assert "Muộn" not in _texts(open_survey)


def test_another_unit_gets_404_on_the_page(browser_as, draft_survey, outsider, citizen):
    url = f"/consultations/surveys/{draft_survey.pk}/questionnaire/"
    for who in (outsider,):
        c = browser_as(who)
        assert c.get(url).status_code == 404
        assert c.post_form(url, {"action": "add", "new-text": "Lạ", "new-kind": "text"}).status_code == 404
        q = draft_survey.questionnaire.questions.first()
        r = c.post_form(f"/consultations/surveys/{draft_survey.pk}/questions/{q.pk}/", {"action": "remove"})
        assert r.status_code == 404
    assert browser_as(citizen).get(url).status_code in (403, 404)
    assert len(_texts(draft_survey)) == 3


# --- The API, with a personal token ------------------------------------------------------------------


def _api(client, method, path, headers, body=None):
    return client.generic(
        method,
        path,
        data="" if body is None else json.dumps(body),
        content_type="application/json",
        **headers,
    )


def test_api_edits_a_draft_and_refuses_when_open_or_foreign(
    client, token_for, draft_survey, open_survey, officer, outsider
):
    h = token_for(officer)
    base = f"/api/v1/consultations/surveys/{draft_survey.pk}/questions"
    r = _api(client, "GET", base, h)
    assert r.status_code == 200 and [q["position"] for q in r.json()] == [1, 2, 3]
    r = _api(client, "POST", base, h, {"kind": "scale", "text": "Hài lòng chung?", "in_index": True})
    assert r.status_code == 201, r.content
    new = r.json()["id"]
    r = _api(client, "POST", f"{base}/{new}/move", h, {"position": 1})
    assert r.status_code == 200 and r.json()[0]["id"] == new
    r = _api(client, "PUT", f"{base}/{new}", h, {"kind": "single", "text": "Kênh?", "choices": ["A", "B"]})
    assert r.status_code == 200 and r.json()["choices"] == ["A", "B"]
    r = _api(client, "PUT", f"{base}/{new}", h, {"kind": "single", "text": "Kênh?", "choices": ["A"]})
    assert r.status_code == 400 and "hai lựa chọn" in r.json()["message"]
    r = _api(client, "PUT", f"{base}/{new}", h, {"kind": "text", "text": "a\x00b"})
    assert r.status_code == 400
    assert _api(client, "DELETE", f"{base}/{new}", h).status_code == 204
    assert _api(client, "DELETE", f"{base}/987654321", h).status_code == 400
    opened = f"/api/v1/consultations/surveys/{open_survey.pk}/questions"
    r = _api(client, "POST", opened, h, {"kind": "text", "text": "Muộn"})
    assert r.status_code == 409
    foreign = token_for(outsider)
    assert _api(client, "GET", base, foreign).status_code == 404
    assert _api(client, "POST", base, foreign, {"kind": "text", "text": "Lạ"}).status_code == 404
    first = draft_survey.questionnaire.questions.first()
    assert _api(client, "DELETE", f"{base}/{first.pk}", foreign).status_code == 404
    assert _api(client, "POST", base, {}, {"kind": "text", "text": "Ẩn danh"}).status_code == 401
    assert len(_texts(draft_survey)) == 3
