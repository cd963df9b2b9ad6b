"""The contributions ledger: rate and pledges, payments, receipts, a household's own."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Field, Schema, Status

from danchu.accounts.permissions import confirmed_households
from danchu.core.access import PUBLIC, SIGNED_IN, api_access
from danchu.core.api import InSchema
from danchu.core.schema import Text

from .. import queries, services
from ..models import Payment, Work
from ..permissions import payment_for, pledge_for, work_for
from . import router

# --- Ledger ---------------------------------------------------------------------------------------


class WorksRateIn(InSchema):
    basis: Text
    amount: Decimal
    labour_day_value: Decimal = Decimal(0)
    decided_on: dt.date
    note: Text = Field("", max_length=255)
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
def rate(request: HttpRequest, pk: int, payload: WorksRateIn) -> Status[list[PledgeOut]]:
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


class ReduceIn(InSchema):
    reduction: Text
    percent: int
    note: Text = Field("", max_length=255)


@router.post(
    "/pledges/{pk}/reduce",
    response=PledgeOut,
    openapi_extra=api_access("works.manage"),
    summary="Reduce or exempt a pledge",
)
def reduce(request: HttpRequest, pk: int, payload: ReduceIn) -> PledgeOut:
    pledge = pledge_for(request.user, pk, "works.manage")
    services.pledge_reduce(pledge=pledge, by=request.user, **payload.dict())
    return next(p for p in _ledger(pledge.work) if p.id == pledge.pk)


class PaymentIn(InSchema):
    household: Text = Field(max_length=32)
    village: Text | None = Field(
        None, max_length=32, description="the village's code, when the number is in several of the work's"
    )
    kind: Text = Payment.Kind.MONEY
    amount: Decimal = Decimal(0)
    quantity: Decimal = Decimal(0)
    received_on: dt.date
    voluntary: bool = False
    note: Text = Field("", max_length=255)


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
    household = queries.payer(w, payload.household, payload.village or "")
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


class ReverseIn(InSchema):
    reason: Text = Field(max_length=255)


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
    p = queries.payment_by_token(token)
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
