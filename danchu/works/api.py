"""/api/v1/works: the public history of works and the boards' public results; the ledger for staff and
each household; the staff's and the board's writes through the same services as the pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from danchu.accounts.permissions import COMMUNE_STAFF, acting_places, confirmed_households
from danchu.core.access import PUBLIC, SIGNED_IN, STAFF, api_access, get_for
from danchu.core.errors import DomainError, Forbidden
from danchu.places.models import Level, Place

from . import queries, services
from .models import Payment, Pledge, Recommendation, Work
from .permissions import payment_for, recommendation_for, work_for

router = Router(tags=["works"])
TEXT = 5000


class WorkOut(Schema):
    id: int
    title: str
    kind: str
    stage: str
    progress: int
    commune_code: str
    villages: list[str]
    investor: str
    decision_number: str
    decision_date: dt.date
    decision_issuer: str
    decision_ref: str
    budget_state: Decimal
    budget_people: Decimal
    budget_labour: Decimal
    budget_sponsors: Decimal
    budget_total: Decimal
    land_m2: Decimal
    location: dict[str, Any] | None
    accepted_on: dt.date | None
    handed_over_on: dt.date | None


def _work_out(w: Work) -> WorkOut:
    return WorkOut(
        id=w.pk,
        title=w.title,
        kind=w.kind,
        stage=w.stage,
        progress=w.progress,
        commune_code=w.commune.code,
        villages=[v.code for v in w.villages.all()],
        investor=w.investor,
        decision_number=w.decision_number,
        decision_date=w.decision_date,
        decision_issuer=w.decision_issuer,
        decision_ref=w.decision_ref,
        budget_state=w.budget_state,
        budget_people=w.budget_people,
        budget_labour=w.budget_labour,
        budget_sponsors=w.budget_sponsors,
        budget_total=w.budget_total,
        land_m2=w.land_m2,
        location=queries.geometry(w),
        accepted_on=w.accepted_on,
        handed_over_on=w.handed_over_on,
    )


class UpdateOut(Schema):
    on: dt.date
    percent: int
    note: str
    photos: list[str]


class RecommendationOut(Schema):
    id: int
    text: str
    addressee: str
    due_on: dt.date
    suspension: bool
    status: str
    answer: str
    answered_on: dt.date | None
    follow_up: str


class SessionOut(Schema):
    id: int
    held_on: dt.date
    checklist: dict[str, Any]
    findings: str
    violation: bool


class TotalsOut(Schema):
    pledged: Decimal
    money: Decimal
    value: Decimal
    labour_days: Decimal
    land_m2: Decimal
    households: int


class WorkDetailOut(Schema):
    work: WorkOut
    totals: TotalsOut
    updates: list[UpdateOut]
    board_status: str | None
    sessions: list[SessionOut]
    recommendations: list[RecommendationOut]


def _rec_out(r: Recommendation) -> RecommendationOut:
    return RecommendationOut(
        id=r.pk,
        text=r.text,
        addressee=r.addressee,
        due_on=r.due_on,
        suspension=r.suspension,
        status=r.status,
        answer=r.answer,
        answered_on=r.answered_on,
        follow_up=r.follow_up,
    )


@router.get(
    "/places/{code}",
    response=list[WorkOut],
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Works of a place",
)
def works_list(request: HttpRequest, code: str) -> list[WorkOut]:
    found = Place.objects.filter(code=code, level__in=(Level.COMMUNE, Level.VILLAGE)).first()
    if found is None:
        raise Http404
    return [_work_out(w) for w in queries.works_in(found)[:500]]


@router.get(
    "/works/{pk}",
    response=WorkDetailOut,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="A work's history",
)
def work_detail(request: HttpRequest, pk: int) -> WorkDetailOut:
    from django.urls import reverse

    w = work_for(request.user, pk)
    t = queries.totals(w)
    board = getattr(w, "board", None)
    return WorkDetailOut(
        work=_work_out(w),
        totals=TotalsOut(
            pledged=t.pledged,
            money=t.money,
            value=t.value,
            labour_days=t.labour_days,
            land_m2=t.land_m2,
            households=t.households,
        ),
        updates=[
            UpdateOut(
                on=u.on,
                percent=u.percent,
                note=u.note,
                photos=[reverse("works:photo", args=[p.pk]) for p in u.photos.all()],
            )
            for u in queries.history(w)
        ],
        board_status=board.status if board else None,
        sessions=[
            SessionOut(
                id=s.pk, held_on=s.held_on, checklist=s.checklist, findings=s.findings, violation=s.violation
            )
            for s in queries.sessions(w)
        ],
        recommendations=[_rec_out(r) for r in board.recommendations.all()] if board else [],
    )


class WorkIn(Schema):
    commune: str = Field(max_length=32)
    villages: list[str] = Field(max_length=50)
    title: str = Field(max_length=255)
    kind: str = Work.Kind.ROAD
    purpose: str = Field("", max_length=TEXT)
    investor: str = Field(max_length=255)
    contractor: str = Field("", max_length=255)
    consultant: str = Field("", max_length=255)
    location: str = Field("", max_length=20000)
    budget_state: Decimal = Decimal(0)
    budget_people: Decimal = Decimal(0)
    budget_labour: Decimal = Decimal(0)
    budget_sponsors: Decimal = Decimal(0)
    land_m2: Decimal = Decimal(0)
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    plan: str = Field("", max_length=TEXT)
    decision_number: str = Field(max_length=64)
    decision_date: dt.date
    decision_issuer: str = Field(max_length=255)
    decision_ref: str = Field("", max_length=64)


@router.post("/works", response={201: WorkOut}, openapi_extra=api_access(STAFF), summary="Record a work")
def work_create(request: HttpRequest, payload: WorkIn) -> Status[WorkOut]:
    commune = next(
        (
            p
            for p in acting_places(request.user, COMMUNE_STAFF)
            if p.code == payload.commune and p.level == Level.COMMUNE
        ),
        None,
    )
    if commune is None:
        raise Forbidden(_("You do not run the works of this commune."))
    data = payload.dict()
    codes = data.pop("villages")
    data.pop("commune")
    villages = list(Place.objects.villages().filter(code__in=codes))
    if len(villages) != len(set(codes)):
        raise DomainError(_("Every village of the work must be in the commune."))
    w = services.work_create(
        by=request.user, commune=commune, data=services.WorkData(villages=villages, **data)
    )
    return Status(201, _work_out(w))


class ProgressIn(Schema):
    on: dt.date
    percent: int
    note: str = Field("", max_length=2000)


@router.post(
    "/works/{pk}/progress",
    response={201: UpdateOut},
    openapi_extra=api_access("works.manage"),
    summary="Record progress",
)
def progress(request: HttpRequest, pk: int, payload: ProgressIn) -> Status[UpdateOut]:
    u = services.progress_add(
        work=work_for(request.user, pk, "works.manage"), by=request.user, **payload.dict()
    )
    return Status(201, UpdateOut(on=u.on, percent=u.percent, note=u.note, photos=[]))


class AcceptIn(Schema):
    on: dt.date
    note: str = Field(max_length=TEXT)


@router.post(
    "/works/{pk}/accept",
    response=WorkOut,
    openapi_extra=api_access("works.manage"),
    summary="Record the acceptance",
)
def accept(request: HttpRequest, pk: int, payload: AcceptIn) -> WorkOut:
    return _work_out(
        services.work_accept(
            work=work_for(request.user, pk, "works.manage"), by=request.user, **payload.dict()
        )
    )


class HandOverIn(Schema):
    on: dt.date
    to: str = Field(max_length=255)


@router.post(
    "/works/{pk}/hand-over",
    response=WorkOut,
    openapi_extra=api_access("works.manage"),
    summary="Record the handover",
)
def hand_over(request: HttpRequest, pk: int, payload: HandOverIn) -> WorkOut:
    return _work_out(
        services.work_hand_over(
            work=work_for(request.user, pk, "works.manage"), by=request.user, **payload.dict()
        )
    )


# --- Ledger ---------------------------------------------------------------------------------------


class RateIn(Schema):
    basis: str
    amount: Decimal
    labour_day_value: Decimal = Decimal(0)
    decided_on: dt.date
    note: str = Field("", max_length=255)
    frontage: dict[int, Decimal] = {}


class PledgeOut(Schema):
    id: int
    household: str
    village: str
    quantity: Decimal
    gross: Decimal
    reduction: str
    reduction_percent: int
    amount: Decimal
    paid: Decimal
    owed: Decimal


@router.post(
    "/works/{pk}/rate",
    response={201: list[PledgeOut]},
    openapi_extra=api_access("works.manage"),
    summary="Set the rate and compute the pledges",
)
def rate(request: HttpRequest, pk: int, payload: RateIn) -> Status[list[PledgeOut]]:
    w = work_for(request.user, pk, "works.manage")
    data = payload.dict()
    frontage = data.pop("frontage")
    services.rate_decide(work=w, by=request.user, frontage=frontage, **data)
    return Status(201, _ledger(w))


def _ledger(w: Work) -> list[PledgeOut]:
    return [
        PledgeOut(
            id=r["pledge"].pk if r["pledge"] else 0,
            household=r["household"].number,
            village=r["household"].village.code,
            quantity=r["pledge"].quantity if r["pledge"] else Decimal(0),
            gross=r["pledge"].gross if r["pledge"] else Decimal(0),
            reduction=r["pledge"].reduction if r["pledge"] else "",
            reduction_percent=r["pledge"].reduction_percent if r["pledge"] else 0,
            amount=r["pledge"].amount if r["pledge"] else Decimal(0),
            paid=r["paid"],
            owed=r["owed"],
        )
        for r in queries.ledger(w)
    ]


@router.get(
    "/works/{pk}/ledger",
    response=list[PledgeOut],
    openapi_extra=api_access("works.ledger"),
    summary="Each household's pledge and payments",
)
def ledger(request: HttpRequest, pk: int) -> list[PledgeOut]:
    return _ledger(work_for(request.user, pk, "works.ledger"))


class ReduceIn(Schema):
    reduction: str
    percent: int
    note: str = Field("", max_length=255)


@router.post(
    "/pledges/{pk}/reduce",
    response=PledgeOut,
    openapi_extra=api_access("works.manage"),
    summary="Reduce or exempt a pledge",
)
def reduce(request: HttpRequest, pk: int, payload: ReduceIn) -> PledgeOut:
    pledge = get_for(
        request.user,
        Pledge.objects.select_related("work__commune", "household__village"),
        "works.manage",
        pk=pk,
    )
    services.pledge_reduce(pledge=pledge, by=request.user, **payload.dict())
    return next(p for p in _ledger(pledge.work) if p.id == pledge.pk)


class PaymentIn(Schema):
    household: str = Field(max_length=32)
    kind: str = Payment.Kind.MONEY
    amount: Decimal = Decimal(0)
    quantity: Decimal = Decimal(0)
    received_on: dt.date
    voluntary: bool = False
    note: str = Field("", max_length=255)


class PaymentOut(Schema):
    id: int
    receipt_number: str
    work: int
    household: str
    kind: str
    value: Decimal
    quantity: Decimal
    voluntary: bool
    received_on: dt.date
    reverses: str | None
    verify_url: str


def _payment_out(p: Payment) -> PaymentOut:
    from django.urls import reverse

    return PaymentOut(
        id=p.pk,
        receipt_number=p.receipt_number,
        work=p.work_id,
        household=p.household.number,
        kind=p.kind,
        value=p.value,
        quantity=p.quantity,
        voluntary=p.voluntary,
        received_on=p.received_on,
        reverses=p.reverses.receipt_number if p.reverses else None,
        verify_url=reverse("works:verify", args=[p.token]),
    )


@router.post(
    "/works/{pk}/payments",
    response={201: PaymentOut},
    openapi_extra=api_access("works.manage"),
    summary="Record a contribution",
)
def pay(request: HttpRequest, pk: int, payload: PaymentIn) -> Status[PaymentOut]:
    w = work_for(request.user, pk, "works.manage")
    household = queries.household_of(w, payload.household)
    if household is None:
        raise DomainError(
            _("The household %(n)s is not in the villages of this work.") % {"n": payload.household}
        )
    p = services.payment_record(
        work=w,
        household=household,
        by=request.user,
        kind=payload.kind,
        amount=payload.amount,
        quantity_=payload.quantity,
        received_on=payload.received_on,
        voluntary=payload.voluntary,
        note=payload.note,
    )
    return Status(201, _payment_out(p))


class ReverseIn(Schema):
    reason: str = Field(max_length=255)


@router.post(
    "/payments/{pk}/reverse",
    response={201: PaymentOut},
    openapi_extra=api_access("works.manage"),
    summary="Correct an entry by reversing it",
)
def reverse_payment(request: HttpRequest, pk: int, payload: ReverseIn) -> Status[PaymentOut]:
    p = services.payment_reverse(
        payment=payment_for(request.user, pk, "works.manage"), by=request.user, reason=payload.reason
    )
    return Status(201, _payment_out(p))


class VerifyOut(Schema):
    receipt_number: str
    work: str
    village: str
    kind: str
    value: Decimal
    received_on: dt.date
    cancelled: bool


@router.get(
    "/receipts/{token}",
    response=VerifyOut,
    auth=None,
    openapi_extra=api_access(PUBLIC),
    summary="Check a receipt",
)
def verify(request: HttpRequest, token: str) -> VerifyOut:
    p = Payment.objects.filter(token=token).select_related("work", "household__village").first()
    if p is None:
        raise Http404
    return VerifyOut(
        receipt_number=p.receipt_number,
        work=p.work.title,
        village=p.household.village.name,
        kind=p.kind,
        value=p.value,
        received_on=p.received_on,
        cancelled=Payment.objects.filter(reverses=p).exists(),
    )


class MineOut(Schema):
    household: str
    work: int
    title: str
    pledge: Decimal | None
    paid: Decimal
    owed: Decimal
    receipts: list[PaymentOut]


@router.get(
    "/mine",
    response=list[MineOut],
    openapi_extra=api_access(SIGNED_IN),
    summary="My household's contributions",
)
def mine(request: HttpRequest) -> list[MineOut]:
    out = []
    for hh in confirmed_households(request.user):
        for row in queries.household_works(hh):
            out.append(
                MineOut(
                    household=hh.number,
                    work=row["work"].pk,
                    title=row["work"].title,
                    pledge=row["pledge"].amount if row["pledge"] else None,
                    paid=row["paid"],
                    owed=row["owed"],
                    receipts=[_payment_out(p) for p in row["payments"]],
                )
            )
    return out


# --- Board ----------------------------------------------------------------------------------------


class BoardIn(Schema):
    decision_number: str = Field(max_length=64)
    established_on: dt.date


class BoardOut(Schema):
    id: int
    name: str
    status: str
    decision_number: str
    established_on: dt.date
    members: int


def _board_out(work: Work) -> BoardOut:
    b = work.board
    return BoardOut(
        id=b.pk,
        name=b.body.name,
        status=b.status,
        decision_number=b.decision_number,
        established_on=b.established_on,
        members=b.members.count(),
    )


@router.post(
    "/works/{pk}/board",
    response={201: BoardOut},
    openapi_extra=api_access("works.board_establish"),
    summary="Set up the supervision board",
)
def establish(request: HttpRequest, pk: int, payload: BoardIn) -> Status[BoardOut]:
    w = work_for(request.user, pk, "works.board_establish")
    services.board_establish(work=w, by=request.user, **payload.dict())
    return Status(201, _board_out(Work.objects.get(pk=w.pk)))


class MemberIn(Schema):
    full_name: str = Field(max_length=200)
    represents: str
    position: str = "member"
    village: str | None = None
    elected_on: dt.date | None = None
    election_record: str = Field("", max_length=255)
    election_ref: str = Field("", max_length=64)
    relation: str = Field("", max_length=32)


def _supervised(request: HttpRequest, pk: int) -> Work:
    return work_for(request.user, pk, "works.supervise")


@router.post(
    "/works/{pk}/board/members",
    response={201: BoardOut},
    openapi_extra=api_access("works.supervise"),
    summary="Add a board member",
)
def member_add(request: HttpRequest, pk: int, payload: MemberIn) -> Status[BoardOut]:
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


class PlanIn(Schema):
    plan: str = Field(max_length=10000)


@router.post(
    "/works/{pk}/board/plan",
    response=BoardOut,
    openapi_extra=api_access("works.supervise"),
    summary="Set the supervision plan",
)
def plan(request: HttpRequest, pk: int, payload: PlanIn) -> BoardOut:
    w = _supervised(request, pk)
    services.board_plan_set(board=w.board, by=request.user, plan=payload.plan)
    return _board_out(w)


class SessionIn(Schema):
    held_on: dt.date
    checklist: dict[str, dict[str, str]] = {}
    findings: str = Field(max_length=10000)
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


class RecommendationIn(Schema):
    text: str = Field(max_length=TEXT)
    due_on: dt.date
    addressee: str = "investor"
    session: int | None = None
    suspension: bool = False


@router.post(
    "/works/{pk}/board/recommendations",
    response={201: RecommendationOut},
    openapi_extra=api_access("works.supervise"),
    summary="Make a recommendation",
)
def recommend(request: HttpRequest, pk: int, payload: RecommendationIn) -> Status[RecommendationOut]:
    w = _supervised(request, pk)
    data = payload.dict()
    session_pk = data.pop("session")
    found = w.board.sessions.filter(pk=session_pk).first() if session_pk else None
    if session_pk and found is None:
        raise DomainError(_("That session is not this board's."))
    return Status(
        201, _rec_out(services.recommendation_make(board=w.board, by=request.user, session=found, **data))
    )


class AnswerIn(Schema):
    answer: str = Field(max_length=TEXT)


@router.post(
    "/recommendations/{pk}/answer",
    response=RecommendationOut,
    openapi_extra=api_access("works.manage"),
    summary="Answer a recommendation",
)
def answer(request: HttpRequest, pk: int, payload: AnswerIn) -> RecommendationOut:
    rec = recommendation_for(request.user, pk, "works.manage")
    return _rec_out(
        services.recommendation_answer(recommendation=rec, by=request.user, answer=payload.answer)
    )


class CloseIn(Schema):
    follow_up: str = Field(max_length=TEXT)


@router.post(
    "/recommendations/{pk}/close",
    response=RecommendationOut,
    openapi_extra=api_access("works.supervise"),
    summary="Close a recommendation",
)
def close_recommendation(request: HttpRequest, pk: int, payload: CloseIn) -> RecommendationOut:
    rec = recommendation_for(request.user, pk, "works.supervise")
    return _rec_out(
        services.recommendation_close(recommendation=rec, by=request.user, follow_up=payload.follow_up)
    )


class BoardCloseIn(Schema):
    on: dt.date
    note: str = Field(max_length=10000)


@router.post(
    "/works/{pk}/board/close",
    response=BoardOut,
    openapi_extra=api_access("works.supervise"),
    summary="Close the board",
)
def board_close(request: HttpRequest, pk: int, payload: BoardCloseIn) -> BoardOut:
    w = _supervised(request, pk)
    services.board_close(board=w.board, by=request.user, **payload.dict())
    return _board_out(w)


class InformationIn(Schema):
    text: str = Field(max_length=TEXT)


class InformationOut(Schema):
    id: int
    received_at: dt.datetime


@router.post(
    "/works/{pk}/information",
    response={201: InformationOut},
    openapi_extra=api_access("works.inform"),
    summary="Send information to the board",
)
def inform(request: HttpRequest, pk: int, payload: InformationIn) -> Status[InformationOut]:
    info = services.information_send(
        work=work_for(request.user, pk, "works.inform"), sender=request.user, text=payload.text
    )
    return Status(201, InformationOut(id=info.pk, received_at=info.received_at))
