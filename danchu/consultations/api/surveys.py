"""Satisfaction surveys: questionnaires, surveys, receipt codes, anonymous answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Schema, Status

from danchu.accounts.permissions import COMMUNE_STAFF, acting_places
from danchu.core.access import PUBLIC, STAFF, api_access
from danchu.core.api import InSchema

from ..permissions import (
    questionnaire_for,
    receipt_for,
    survey_for,
)
from ..services import questionnaires as questionnaire_svc
from ..services import surveys as survey_svc
from . import router
from .common import ERRORS

# --- Surveys -------------------------------------------------------------------------------------


class SurveyResultOut(Schema):
    id: int
    title: str
    place_code: str
    starts_on: dt.date
    ends_on: dt.date
    responses: int
    index: float | None


@router.get(
    "/surveys/{pk}",
    response={200: SurveyResultOut, **ERRORS},
    openapi_extra=api_access("consultations.surveys.read"),
    summary="Results of a satisfaction survey",
)
def survey_results(request: HttpRequest, pk: int) -> dict[str, Any]:
    s = survey_for(request.user, pk)
    r = survey_svc.survey_results(s)
    return {
        "id": s.pk,
        "title": s.title,
        "place_code": s.place.code,
        "starts_on": s.starts_on,
        "ends_on": s.ends_on,
        "responses": r["responses"],
        "index": r["index"],
    }


class QuestionIn(InSchema):
    kind: str
    text: str
    choices: list[str] = []
    scale_max: int = 5
    in_index: bool = False


class QuestionnaireIn(InSchema):
    title: str
    index_method: str = "share_satisfied"
    questions: list[QuestionIn]


@router.post(
    "/questionnaires",
    response={201: dict, **ERRORS},
    openapi_extra=api_access(STAFF),
    summary="Define a questionnaire: single choice, scale and free-text questions, and how its index is computed",
)
def questionnaire_create(request: HttpRequest, payload: QuestionnaireIn) -> Status:
    q = survey_svc.questionnaire_create(
        actor=request.user,
        title=payload.title,
        index_method=payload.index_method,
        questions=[survey_svc.QuestionInput(**item.dict()) for item in payload.questions],
    )
    return Status(201, {"id": q.pk, "questions": list(q.questions.values_list("pk", flat=True))})


class SurveyIn(InSchema):
    questionnaire: int
    place: str
    title: str
    starts_on: dt.date
    ends_on: dt.date


@router.post(
    "/surveys",
    response={201: SurveyResultOut, **ERRORS},
    openapi_extra=api_access(STAFF),
    summary="Run a questionnaire in a unit over a period",
)
def survey_create(request: HttpRequest, payload: SurveyIn) -> Status:
    places = [p for p in acting_places(request.user, COMMUNE_STAFF) if p.code == payload.place]
    questionnaire = questionnaire_for(request.user, payload.questionnaire)
    if not places:
        raise Http404
    s = survey_svc.survey_create(
        actor=request.user,
        questionnaire=questionnaire,
        place=places[0],
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(
        201,
        {
            "id": s.pk,
            "title": s.title,
            "place_code": s.place.code,
            "starts_on": s.starts_on,
            "ends_on": s.ends_on,
            "responses": 0,
            "index": None,
        },
    )


class ReceiptsIn(InSchema):
    count: int = 1
    dossier: str = ""


@router.post(
    "/surveys/{pk}/receipts",
    response={201: list[str], **ERRORS},
    openapi_extra=api_access("consultations.surveys.manage"),
    summary="Issue receipt codes (each answers the survey once, through /consultations/s/<code>/)",
)
def receipts_issue(request: HttpRequest, pk: int, payload: ReceiptsIn) -> Status:
    s = survey_for(request.user, pk, "consultations.surveys.manage")
    return Status(
        201, [c.code for c in survey_svc.receipts_issue(actor=request.user, survey=s, **payload.dict())]
    )


class SurveyAnswerIn(InSchema):
    answers: dict[int, int | str]


@router.post(
    "/surveys/answers/{code}",
    response={201: dict, **ERRORS},
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Answer a survey anonymously with a receipt code (once per code)",
)
def survey_answer(request: HttpRequest, code: str, payload: SurveyAnswerIn) -> Status:
    response = survey_svc.survey_answer(
        receipt=receipt_for(request.user, code), answers=dict(payload.answers)
    )
    return Status(201, {"id": response.pk})


# --- A draft survey's questionnaire (locked once the survey opens) --------------------------------


class SurveyQuestionOut(Schema):
    id: int
    position: int
    kind: str
    text: str
    choices: list[str]
    scale_max: int
    in_index: bool


def _questions(s: Any) -> list[dict[str, Any]]:
    return list(
        s.questionnaire.questions.values("id", "position", "kind", "text", "choices", "scale_max", "in_index")
    )


@router.get(
    "/surveys/{pk}/questions",
    response={200: list[SurveyQuestionOut], **ERRORS},
    openapi_extra=api_access("consultations.surveys.manage"),
    summary="The questions of a survey's questionnaire, in order",
)
def survey_questions(request: HttpRequest, pk: int) -> list[dict[str, Any]]:
    return _questions(survey_for(request.user, pk, "consultations.surveys.manage"))


@router.post(
    "/surveys/{pk}/questions",
    response={201: SurveyQuestionOut, **ERRORS},
    openapi_extra=api_access("consultations.surveys.manage"),
    summary="Add a question at the end of a draft survey's questionnaire (409 once the survey has opened)",
)
def survey_question_add(request: HttpRequest, pk: int, payload: QuestionIn) -> Status:
    s = survey_for(request.user, pk, "consultations.surveys.manage")
    q = questionnaire_svc.question_add(
        actor=request.user, survey=s, item=survey_svc.QuestionInput(**payload.dict())
    )
    return Status(201, _question_out(q))


def _question_out(q: Any) -> dict[str, Any]:
    return {
        "id": q.pk,
        "position": q.position,
        "kind": q.kind,
        "text": q.text,
        "choices": q.choices,
        "scale_max": q.scale_max,
        "in_index": q.in_index,
    }


@router.put(
    "/surveys/{pk}/questions/{question_pk}",
    response={200: SurveyQuestionOut, **ERRORS},
    openapi_extra=api_access("consultations.surveys.manage"),
    summary="Reword a question of a draft survey, change its type, scale or choices",
)
def survey_question_update(
    request: HttpRequest, pk: int, question_pk: int, payload: QuestionIn
) -> dict[str, Any]:
    s = survey_for(request.user, pk, "consultations.surveys.manage")
    q = questionnaire_svc.question_update(
        actor=request.user, survey=s, question_id=question_pk, item=survey_svc.QuestionInput(**payload.dict())
    )
    return _question_out(q)


class QuestionMoveIn(InSchema):
    position: int


@router.post(
    "/surveys/{pk}/questions/{question_pk}/move",
    response={200: list[SurveyQuestionOut], **ERRORS},
    openapi_extra=api_access("consultations.surveys.manage"),
    summary="Move a question of a draft survey to a position (1 is the first); answers the new order",
)
def survey_question_move(
    request: HttpRequest, pk: int, question_pk: int, payload: QuestionMoveIn
) -> list[dict[str, Any]]:
    s = survey_for(request.user, pk, "consultations.surveys.manage")
    questionnaire_svc.question_move(
        actor=request.user, survey=s, question_id=question_pk, position=payload.position
    )
    s.refresh_from_db()
    return _questions(s)


@router.delete(
    "/surveys/{pk}/questions/{question_pk}",
    response={204: None, **ERRORS},
    openapi_extra=api_access("consultations.surveys.manage"),
    summary="Remove a question from a draft survey's questionnaire",
)
def survey_question_remove(request: HttpRequest, pk: int, question_pk: int) -> Status:
    s = survey_for(request.user, pk, "consultations.surveys.manage")
    questionnaire_svc.question_remove(actor=request.user, survey=s, question_id=question_pk)
    return Status(204, None)
