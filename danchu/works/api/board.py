"""The community investment supervision board."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema, Status

from danchu.cases.receipts import shown_key_of
from danchu.core.access import api_access
from danchu.core.api import InSchema
from danchu.core.errors import DomainError
from danchu.core.schema import Text

from .. import services
from ..models import Work
from ..permissions import member_for, recommendation_for, session_for, work_for
from . import router
from .works import TEXT, SessionOut, WorksRecommendationOut, _rec_out

# --- Board ----------------------------------------------------------------------------------------


class BoardIn(InSchema):
    decision_number: Text = Field(max_length=64)
    established_on: dt.date


class WorksBoardOut(Schema):
    id: int
    name: str
    status: str
    decision_number: str
    established_on: dt.date
    members: int


def _board_out(work: Work) -> WorksBoardOut:
    b = work.board
    return WorksBoardOut(
        id=b.pk,
        name=b.body.name,
        status=b.status,
        decision_number=b.decision_number,
        established_on=b.established_on,
        members=b.members.current().count(),
    )


@router.post(
    "/works/{pk}/board",
    response={201: WorksBoardOut},
    openapi_extra=api_access("works.board_establish"),
    summary="Set up the supervision board",
)
def establish(request: HttpRequest, pk: int, payload: BoardIn) -> Status[WorksBoardOut]:
    w = work_for(request.user, pk, "works.board_establish")
    services.board_establish(work=w, by=request.user, **payload.dict())
    return Status(201, _board_out(work_for(request.user, w.pk)))


class WorksMemberIn(InSchema):
    full_name: Text = Field(max_length=200)
    represents: Text
    position: Text = "member"
    village: Text | None = Field(None, max_length=32)
    elected_on: dt.date | None = None
    election_record: Text = Field("", max_length=255)
    election_ref: Text = Field("", max_length=64)
    relation: Text = Field("", max_length=32)


def _supervised(request: HttpRequest, pk: int) -> Work:
    return work_for(request.user, pk, "works.supervise")


@router.post(
    "/works/{pk}/board/members",
    response={201: WorksBoardOut},
    openapi_extra=api_access("works.supervise"),
    summary="Add a board member",
)
def member_add(request: HttpRequest, pk: int, payload: WorksMemberIn) -> Status[WorksBoardOut]:
    w = _supervised(request, pk)
    data = payload.dict()
    code = data.pop("village")
    village = w.villages.filter(code=code).first() if code else None
    if code and village is None:
        raise DomainError(_("A resident member lives in one of the work's villages."))
    services.board_member_add(
        board=w.board, by=request.user, data=services.MemberData(village=village, **data)
    )
    return Status(201, _board_out(w))


class WorksWithdrawIn(InSchema):
    relation: Text = Field("", max_length=32)
    reason: Text = Field("", max_length=255)


@router.post(
    "/board-members/{pk}/withdraw",
    response=WorksBoardOut,
    openapi_extra=api_access("works.supervise"),
    summary="A member declares a relation with the project (or another reason) and leaves the board",
)
def member_withdraw(request: HttpRequest, pk: int, payload: WorksWithdrawIn) -> WorksBoardOut:
    member = member_for(request.user, pk)
    services.board_member_withdraw(member=member, by=request.user, **payload.dict())
    return _board_out(member.board.work)


class WorksPlanIn(InSchema):
    plan: Text = Field(max_length=10000)


@router.post(
    "/works/{pk}/board/plan",
    response=WorksBoardOut,
    openapi_extra=api_access("works.supervise"),
    summary="Set the supervision plan",
)
def plan(request: HttpRequest, pk: int, payload: WorksPlanIn) -> WorksBoardOut:
    w = _supervised(request, pk)
    services.board_plan_set(board=w.board, by=request.user, plan=payload.plan)
    return _board_out(w)


class SessionIn(InSchema):
    held_on: dt.date
    checklist: dict[Text, dict[Text, Text]] = {}
    findings: Text = Field(max_length=10000)
    violation: bool = False


@router.post(
    "/works/{pk}/board/sessions",
    response={201: SessionOut},
    openapi_extra=api_access("works.supervise"),
    summary="Record a supervision session",
)
def session(request: HttpRequest, pk: int, payload: SessionIn) -> Status[SessionOut]:
    w = _supervised(request, pk)
    s = services.session_record(board=w.board, by=request.user, **payload.dict())
    out = SessionOut(
        id=s.pk, held_on=s.held_on, checklist=s.checklist, findings=s.findings, violation=s.violation
    )
    return Status(201, out)


class RecommendationIn(InSchema):
    text: Text = Field(max_length=TEXT)
    due_on: dt.date
    addressee: Text = "investor"
    session: int | None = None
    suspension: bool = False


@router.post(
    "/works/{pk}/board/recommendations",
    response={201: WorksRecommendationOut},
    openapi_extra=api_access("works.supervise"),
    summary="Make a recommendation",
)
def recommend(request: HttpRequest, pk: int, payload: RecommendationIn) -> Status[WorksRecommendationOut]:
    w = _supervised(request, pk)
    data = payload.dict()
    session_pk = data.pop("session")
    found = session_for(request.user, w.board, session_pk) if session_pk else None
    return Status(
        201, _rec_out(services.recommendation_make(board=w.board, by=request.user, session=found, **data))
    )


class WorksAnswerIn(InSchema):
    answer: Text = Field(max_length=TEXT)


@router.post(
    "/recommendations/{pk}/answer",
    response=WorksRecommendationOut,
    openapi_extra=api_access("works.manage"),
    summary="Answer a recommendation",
)
def answer(request: HttpRequest, pk: int, payload: WorksAnswerIn) -> WorksRecommendationOut:
    rec = recommendation_for(request.user, pk, "works.manage")
    return _rec_out(
        services.recommendation_answer(recommendation=rec, by=request.user, answer=payload.answer)
    )


class WorksCloseIn(InSchema):
    follow_up: Text = Field(max_length=TEXT)


@router.post(
    "/recommendations/{pk}/close",
    response=WorksRecommendationOut,
    openapi_extra=api_access("works.supervise"),
    summary="Close a recommendation",
)
def close_recommendation(request: HttpRequest, pk: int, payload: WorksCloseIn) -> WorksRecommendationOut:
    rec = recommendation_for(request.user, pk, "works.supervise")
    return _rec_out(
        services.recommendation_close(recommendation=rec, by=request.user, follow_up=payload.follow_up)
    )


class BoardCloseIn(InSchema):
    on: dt.date
    note: Text = Field(max_length=10000)


@router.post(
    "/works/{pk}/board/close",
    response=WorksBoardOut,
    openapi_extra=api_access("works.supervise"),
    summary="Close the board",
)
def board_close(request: HttpRequest, pk: int, payload: BoardCloseIn) -> WorksBoardOut:
    w = _supervised(request, pk)
    services.board_close(board=w.board, by=request.user, **payload.dict())
    return _board_out(w)


class WorksInformationIn(InSchema):
    text: Text = Field(max_length=TEXT)


class InformationOut(Schema):
    id: int
    received_at: dt.datetime
    tracking_code: str = Field(
        description="The case it was filed as: follow it at /api/v1/cases/track/{code}"
    )
    receipt_key: str = Field(
        description="The sender's secret key, given only here and in the messages about the case: with the "
        "tracking code it opens the case's content (GET /api/v1/cases/track/{code}?key=…)"
    )


@router.post(
    "/works/{pk}/information",
    response={201: InformationOut},
    openapi_extra=api_access("works.inform"),
    summary="Send information to the board",
)
def inform(request: HttpRequest, pk: int, payload: WorksInformationIn) -> Status[InformationOut]:
    info = services.information_send(
        work=work_for(request.user, pk, "works.inform"), sender=request.user, text=payload.text
    )
    out = InformationOut(
        id=info.pk,
        received_at=info.received_at,
        tracking_code=info.tracking_code,
        receipt_key=shown_key_of(info.tracking_code),
    )
    return Status(201, out)
