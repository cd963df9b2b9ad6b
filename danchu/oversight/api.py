"""/api/v1/oversight: boards, their programme and matters, recommendations, Front supervisions.

Every write calls the same service as the page; every lookup goes through the getters of
permissions.py (404 for missing and forbidden alike).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from danchu.core.access import PUBLIC, SIGNED_IN, STAFF, api_access

from . import queries, services
from .importing import matters_import
from .models import Board, Matter, Plan, Recommendation, Supervision
from .permissions import (
    board_for,
    front_for,
    matter_for,
    plan_for,
    public_commune,
    recommendation_for,
    supervision_for,
)

router = Router(tags=["oversight"])
HANDLE = "oversight.handle_matter"


class MemberOut(Schema):
    id: int
    name: str
    position: str
    village: str
    elected_on: dt.date
    election: str
    recognised_on: dt.date | None
    phone: str | None


class PlanOut(Schema):
    id: int
    period: str
    year: int
    number: int
    title: str
    objectives: str
    contents: str
    start_on: dt.date
    end_on: dt.date
    budget: int
    version: int


class BoardOut(Schema):
    id: int
    name: str
    place_code: str
    size: int
    term_from: dt.date | None
    term_to: dt.date | None
    members: list[MemberOut]


class RecommendationOut(Schema):
    id: int
    addressee: str
    content: str
    made_on: dt.date
    due_on: dt.date
    status: str
    answer: str
    answered_on: dt.date | None
    answered_on_time: bool | None
    follow_up: str
    resolution: str
    resolved_on: dt.date | None


class MatterOut(Schema):
    id: int
    code: str
    board_id: int
    title: str
    description: str
    channel: str
    received_on: dt.date
    status: str
    forwarded_to: str
    plan_sent_on: dt.date | None
    planned_start: dt.date | None
    started_on: dt.date | None
    findings: str
    signs_of_violation: bool
    concluded_on: dt.date | None
    recommended_on: dt.date | None
    resolved_on: dt.date | None
    reported_on: dt.date | None
    public: bool
    recommendations: list[RecommendationOut]


class SupervisionOut(Schema):
    id: int
    front_id: int
    title: str
    topic: str
    supervised_body: str
    plan: str
    planned_from: dt.date
    planned_to: dt.date
    status: str
    findings: str
    concluded_on: dt.date | None
    recommendations: list[RecommendationOut]


def _member(m: Any, *, public: bool) -> MemberOut:
    show_phone = m.public_phone or not public
    return MemberOut(
        id=m.pk,
        name=m.person.full_name,
        position=m.position,
        village=m.village.name,
        elected_on=m.elected_on,
        election=m.election,
        recognised_on=m.recognised_on,
        phone=m.person.phone if show_phone else None,
    )


def _board(b: Board, *, public: bool = False) -> BoardOut:
    return BoardOut(
        id=b.pk,
        name=b.body.name,
        place_code=b.body.place.code,
        size=b.size,
        term_from=b.term_from,
        term_to=b.term_to,
        members=[_member(m, public=public) for m in queries.active_members(b)],
    )


def _plan(p: Plan) -> PlanOut:
    return PlanOut.model_validate(p, from_attributes=True)


def _rec(r: Recommendation) -> RecommendationOut:
    return RecommendationOut.model_validate(r, from_attributes=True)


def _matter(m: Matter) -> MatterOut:
    data = MatterOut.model_validate(
        {
            **{f: getattr(m, f) for f in MatterOut.model_fields if f != "recommendations"},
            "recommendations": [],
        }
    )
    data.recommendations = [_rec(r) for r in m.recommendations.all()]
    return data


def _supervision(s: Supervision) -> SupervisionOut:
    data = SupervisionOut.model_validate(
        {
            **{f: getattr(s, f) for f in SupervisionOut.model_fields if f != "recommendations"},
            "recommendations": [],
        }
    )
    data.recommendations = [_rec(r) for r in s.recommendations.all()]
    return data


# --- Boards ---------------------------------------------------------------------------------------


@router.get(
    "/boards", response=list[BoardOut], openapi_extra=api_access(STAFF), summary="Boards I sit on or read"
)
def boards(request: HttpRequest) -> list[BoardOut]:
    return [_board(b) for b in queries.boards_for(request.user)[:500]]


@router.get(
    "/boards/{pk}", response=BoardOut, openapi_extra=api_access("oversight.read_board"), summary="A board"
)
def board(request: HttpRequest, pk: int) -> BoardOut:
    return _board(board_for(request.user, pk))


@router.get(
    "/communes/{code}/board",
    response=BoardOut,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="A commune's board, as the public sees it",
)
def public_board(request: HttpRequest, code: str) -> BoardOut:
    place = public_commune(code)
    b = queries.board_of_place(place)
    if b is None:
        raise Http404
    return _board(b, public=True)


class PlanIn(Schema):
    period: str = Field(max_length=10)
    year: int = Field(ge=2000, le=2100)
    number: int = Field(0, ge=0, le=4)
    title: str = Field(max_length=255)
    objectives: str = Field(max_length=5000)
    contents: str = Field(max_length=20000)
    start_on: dt.date
    end_on: dt.date
    budget: int = Field(0, ge=0, le=10**13)
    public: bool = True


class PlanAdjustIn(PlanIn):
    reason: str = Field(max_length=500)


@router.get(
    "/boards/{pk}/plans",
    response=list[PlanOut],
    openapi_extra=api_access("oversight.read_board"),
    summary="A board's plans",
)
def plans(request: HttpRequest, pk: int) -> list[PlanOut]:
    return [_plan(p) for p in queries.plans_of(board_for(request.user, pk))]


@router.post(
    "/boards/{pk}/plans",
    response={201: PlanOut},
    openapi_extra=api_access("oversight.work"),
    summary="Create a plan",
)
def plan_create(request: HttpRequest, pk: int, payload: PlanIn) -> Status[PlanOut]:
    b = board_for(request.user, pk, "oversight.work")
    p = services.plan_create(actor=request.user, board=b, data=services.PlanData(**payload.dict()))
    return Status(201, _plan(p))


@router.post(
    "/plans/{pk}/adjust",
    response=PlanOut,
    openapi_extra=api_access("oversight.work"),
    summary="Adjust a plan",
)
def plan_adjust(request: HttpRequest, pk: int, payload: PlanAdjustIn) -> PlanOut:
    data = payload.dict()
    reason = data.pop("reason")
    p = services.plan_adjust(
        actor=request.user, plan=plan_for(request.user, pk), data=services.PlanData(**data), reason=reason
    )
    return _plan(p)


# --- Matters --------------------------------------------------------------------------------------


class ImportOut(Schema):
    imported: int
    codes: list[str]


@router.post(
    "/boards/{pk}/import",
    response={201: ImportOut},
    openapi_extra=api_access("oversight.work"),
    summary="Import past matters from XLSX (all rows or none; errors by line in detail)",
)
def import_matters(request: HttpRequest, pk: int, file: File[UploadedFile]) -> Status[ImportOut]:
    b = board_for(request.user, pk, "oversight.work")
    matters = matters_import(actor=request.user, board=b, file=file)
    return Status(201, ImportOut(imported=len(matters), codes=[m.code for m in matters]))


class MatterIn(Schema):
    title: str = Field(max_length=255)
    description: str = Field(max_length=10000)
    channel: str = Field(max_length=20)
    received_on: dt.date | None = None
    village_code: str = Field("", max_length=20)
    reporter_name: str = Field("", max_length=200)
    reporter_contact: str = Field("", max_length=100)
    case_reference: str = Field("", max_length=40)


@router.get(
    "/boards/{pk}/matters",
    response=list[MatterOut],
    openapi_extra=api_access("oversight.read_board"),
    summary="A board's matters",
)
def matters(request: HttpRequest, pk: int, status: str = "") -> list[MatterOut]:
    qs = board_for(request.user, pk).matters.prefetch_related("recommendations")
    if status:
        qs = qs.filter(status=status)
    return [_matter(m) for m in qs[:500]]


@router.post(
    "/boards/{pk}/matters",
    response={201: MatterOut},
    openapi_extra=api_access("oversight.work"),
    summary="Record a matter",
)
def matter_receive(request: HttpRequest, pk: int, payload: MatterIn) -> Status[MatterOut]:
    b = board_for(request.user, pk, "oversight.work")
    data = payload.dict()
    code = data.pop("village_code")
    village = b.body.place.children.filter(code=code).first() if code else None
    if code and village is None:
        from django.utils.translation import gettext as _

        from danchu.core.errors import DomainError

        raise DomainError(_("Choose a village of the board's commune."))
    m = services.matter_receive(
        actor=request.user, board=b, data=services.MatterData(village=village, **data)
    )
    return Status(201, _matter(m))


@router.get(
    "/matters/{pk}", response=MatterOut, openapi_extra=api_access("oversight.view_matter"), summary="A matter"
)
def matter(request: HttpRequest, pk: int) -> MatterOut:
    return _matter(matter_for(request.user, pk))


class ClassifyIn(Schema):
    in_scope: bool
    forwarded_to: str = Field("", max_length=300)
    note: str = Field("", max_length=2000)


@router.post(
    "/matters/{pk}/classify",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Classify a matter",
)
def matter_classify(request: HttpRequest, pk: int, payload: ClassifyIn) -> MatterOut:
    m = services.matter_classify(
        actor=request.user, matter=matter_for(request.user, pk, HANDLE), **payload.dict()
    )
    return _matter(m)


class InterestIn(Schema):
    note: str = Field(max_length=300)


@router.post(
    "/matters/{pk}/interest",
    response={201: dict},
    openapi_extra=api_access(HANDLE),
    summary="Declare an interest",
)
def interest_declare(request: HttpRequest, pk: int, payload: InterestIn) -> Status[dict]:
    i = services.interest_declare(
        actor=request.user, matter=matter_for(request.user, pk, HANDLE), note=payload.note
    )
    return Status(201, {"id": i.pk, "declared_on": i.declared_on.isoformat()})


class AssignIn(Schema):
    member_id: int


@router.post(
    "/matters/{pk}/handlers", response=MatterOut, openapi_extra=api_access(HANDLE), summary="Assign a member"
)
def matter_assign(request: HttpRequest, pk: int, payload: AssignIn) -> MatterOut:
    m = matter_for(request.user, pk, HANDLE)
    member = m.board.members.filter(pk=payload.member_id, ended_on__isnull=True).first()
    if member is None:
        raise Http404
    return _matter(services.matter_assign(actor=request.user, matter=m, member=member))


class PlanSendIn(Schema):
    inspected_party: str = Field(max_length=300)
    plan: str = Field(max_length=10000)
    planned_start: dt.date
    sent_on: dt.date | None = None


@router.post(
    "/matters/{pk}/plan",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Send the inspection plan",
)
def inspection_plan_send(request: HttpRequest, pk: int, payload: PlanSendIn) -> MatterOut:
    m = services.inspection_plan_send(
        actor=request.user, matter=matter_for(request.user, pk, HANDLE), **payload.dict()
    )
    return _matter(m)


class OnIn(Schema):
    on: dt.date | None = None


@router.post(
    "/matters/{pk}/start",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Start the inspection",
)
def inspection_start(request: HttpRequest, pk: int, payload: OnIn) -> MatterOut:
    return _matter(
        services.inspection_start(
            actor=request.user, matter=matter_for(request.user, pk, HANDLE), on=payload.on
        )
    )


class DocumentsIn(Schema):
    addressed_to: str = Field(max_length=300)
    documents: str = Field(max_length=5000)
    due_on: dt.date | None = None


@router.post(
    "/matters/{pk}/documents",
    response={201: dict},
    openapi_extra=api_access(HANDLE),
    summary="Request documents",
)
def documents_request(request: HttpRequest, pk: int, payload: DocumentsIn) -> Status[dict]:
    r = services.documents_request(
        actor=request.user, matter=matter_for(request.user, pk, HANDLE), **payload.dict()
    )
    return Status(201, {"id": r.pk, "due_on": r.due_on.isoformat()})


class ConcludeIn(Schema):
    findings: str = Field(max_length=20000)
    signs_of_violation: bool
    public: bool = False


@router.post(
    "/matters/{pk}/conclude",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Record the conclusion",
)
def matter_conclude(request: HttpRequest, pk: int, payload: ConcludeIn) -> MatterOut:
    return _matter(
        services.matter_conclude(
            actor=request.user, matter=matter_for(request.user, pk, HANDLE), **payload.dict()
        )
    )


class RecommendIn(Schema):
    addressee: str = Field(max_length=300)
    content: str = Field(max_length=10000)
    due_on: dt.date | None = None


@router.post(
    "/matters/{pk}/recommendations",
    response={201: RecommendationOut},
    openapi_extra=api_access(HANDLE),
    summary="Recommend",
)
def recommendation_make(request: HttpRequest, pk: int, payload: RecommendIn) -> Status[RecommendationOut]:
    r = services.recommendation_make(
        actor=request.user, matter=matter_for(request.user, pk, HANDLE), **payload.dict()
    )
    return Status(201, _rec(r))


class ReportIn(Schema):
    report: str = Field(max_length=20000)


@router.post(
    "/matters/{pk}/report",
    response=MatterOut,
    openapi_extra=api_access(HANDLE),
    summary="Report to the Front",
)
def matter_report(request: HttpRequest, pk: int, payload: ReportIn) -> MatterOut:
    return _matter(
        services.matter_report(
            actor=request.user, matter=matter_for(request.user, pk, HANDLE), report=payload.report
        )
    )


class InformationIn(Schema):
    title: str = Field(max_length=255)
    description: str = Field(max_length=5000)


@router.post(
    "/communes/{code}/information",
    response={201: dict},
    openapi_extra=api_access("oversight.send_information"),
    summary="Send information to the commune's board",
)
def information_send(request: HttpRequest, code: str, payload: InformationIn) -> Status[dict]:
    b = queries.board_of_place(public_commune(code))
    if b is None:
        raise Http404
    m = services.information_send(
        person=request.user, board=b, title=payload.title, description=payload.description
    )
    return Status(201, {"code": m.code})


# --- Recommendations ------------------------------------------------------------------------------


class AnswerIn(Schema):
    answer: str = Field(max_length=10000)


class NoteIn(Schema):
    note: str = Field(max_length=2000)


class ResolveIn(Schema):
    resolution: str = Field(max_length=10000)


@router.get(
    "/recommendations/awaiting",
    response=list[RecommendationOut],
    openapi_extra=api_access(SIGNED_IN),
    summary="Recommendations awaiting my answer",
)
def awaiting(request: HttpRequest) -> list[RecommendationOut]:
    return [_rec(r) for r in queries.awaiting_answer(request.user)[:500]]


@router.post(
    "/recommendations/{pk}/answer",
    response=RecommendationOut,
    openapi_extra=api_access("oversight.answer"),
    summary="Answer a recommendation",
)
def recommendation_answer(request: HttpRequest, pk: int, payload: AnswerIn) -> RecommendationOut:
    rec = recommendation_for(request.user, pk, "oversight.answer")
    return _rec(services.recommendation_answer(actor=request.user, recommendation=rec, answer=payload.answer))


@router.post(
    "/recommendations/{pk}/follow-up",
    response=RecommendationOut,
    openapi_extra=api_access("oversight.follow_up"),
    summary="Follow up",
)
def recommendation_follow_up(request: HttpRequest, pk: int, payload: NoteIn) -> RecommendationOut:
    rec = recommendation_for(request.user, pk, "oversight.follow_up")
    return _rec(services.recommendation_follow_up(actor=request.user, recommendation=rec, note=payload.note))


@router.post(
    "/recommendations/{pk}/resolve",
    response=RecommendationOut,
    openapi_extra=api_access("oversight.follow_up"),
    summary="Mark resolved",
)
def recommendation_resolve(request: HttpRequest, pk: int, payload: ResolveIn) -> RecommendationOut:
    rec = recommendation_for(request.user, pk, "oversight.follow_up")
    return _rec(
        services.recommendation_resolve(actor=request.user, recommendation=rec, resolution=payload.resolution)
    )


# --- Front supervisions ---------------------------------------------------------------------------


class SupervisionIn(Schema):
    title: str = Field(max_length=255)
    topic: str = Field(max_length=24)
    supervised_body: str = Field(max_length=300)
    plan: str = Field(max_length=20000)
    planned_from: dt.date
    planned_to: dt.date
    members: str = Field("", max_length=5000)
    coordinating: str = Field("", max_length=300)


class SupervisionConcludeIn(Schema):
    findings: str = Field(max_length=20000)
    public: bool = False


@router.get(
    "/supervisions",
    response=list[SupervisionOut],
    openapi_extra=api_access(STAFF),
    summary="Front supervisions I read",
)
def supervisions(request: HttpRequest) -> list[SupervisionOut]:
    return [
        _supervision(s)
        for s in queries.supervisions_for(request.user).prefetch_related("recommendations")[:500]
    ]


@router.post(
    "/fronts/{pk}/supervisions",
    response={201: SupervisionOut},
    openapi_extra=api_access("oversight.supervise"),
    summary="Plan a supervision",
)
def supervision_plan(request: HttpRequest, pk: int, payload: SupervisionIn) -> Status[SupervisionOut]:
    s = services.supervision_plan(
        actor=request.user, front=front_for(request.user, pk), data=services.SupervisionData(**payload.dict())
    )
    return Status(201, _supervision(s))


@router.get(
    "/supervisions/{pk}",
    response=SupervisionOut,
    openapi_extra=api_access("oversight.view_supervision"),
    summary="A supervision",
)
def supervision(request: HttpRequest, pk: int) -> SupervisionOut:
    return _supervision(supervision_for(request.user, pk))


def _supervised(request: HttpRequest, pk: int) -> Supervision:
    s = supervision_for(request.user, pk)
    front_for(request.user, s.front_id)  # 404 unless the person runs this Front's supervisions
    return s


@router.post(
    "/supervisions/{pk}/start",
    response=SupervisionOut,
    openapi_extra=api_access("oversight.supervise"),
    summary="Start",
)
def supervision_start(request: HttpRequest, pk: int, payload: OnIn) -> SupervisionOut:
    return _supervision(
        services.supervision_start(actor=request.user, supervision=_supervised(request, pk), on=payload.on)
    )


@router.post(
    "/supervisions/{pk}/conclude",
    response=SupervisionOut,
    openapi_extra=api_access("oversight.supervise"),
    summary="Record findings",
)
def supervision_conclude(request: HttpRequest, pk: int, payload: SupervisionConcludeIn) -> SupervisionOut:
    s = services.supervision_conclude(
        actor=request.user, supervision=_supervised(request, pk), **payload.dict()
    )
    return _supervision(s)


@router.post(
    "/supervisions/{pk}/recommendations",
    response={201: RecommendationOut},
    openapi_extra=api_access("oversight.supervise"),
    summary="Recommend",
)
def supervision_recommend(request: HttpRequest, pk: int, payload: RecommendIn) -> Status[RecommendationOut]:
    r = services.recommendation_make(
        actor=request.user, supervision=_supervised(request, pk), **payload.dict()
    )
    return Status(201, _rec(r))


@router.post(
    "/supervisions/{pk}/close",
    response=SupervisionOut,
    openapi_extra=api_access("oversight.supervise"),
    summary="Close",
)
def supervision_close(request: HttpRequest, pk: int, payload: OnIn) -> SupervisionOut:
    return _supervision(
        services.supervision_close(actor=request.user, supervision=_supervised(request, pk), on=payload.on)
    )
