"""The contributions ledger: the decided rate, each household's pledge from the register on the
decision day, reductions, payments with receipts, and corrections as reversing entries."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit, audit_many
from danchu.core.errors import Conflict, DomainError
from danchu.places.models import Household

from ..models import ZERO, Payment, Pledge, Rate, Work
from .common import clean_text, dong, not_future, quantity


def _not_closed(work: Work) -> None:
    if work.is_closed:
        raise Conflict(_("The work is closed: it has been handed over."))


@transaction.atomic
def rate_set(
    *,
    work: Work,
    by: Any,
    basis: str,
    amount: Any,
    decided_on: dt.date,
    labour_day_value: Any = 0,
    note: str = "",
) -> Rate:
    _not_closed(work)
    if basis not in Rate.Basis.values:
        raise DomainError(_("Unknown basis of the rate."))
    if work.pledges.exists():
        raise Conflict(_("The pledges have been computed from this rate; it can no longer change."))
    not_future(decided_on, field=_("Decision date"))
    rate, _created = Rate.objects.update_or_create(
        work=work,
        defaults={
            "basis": basis,
            "amount": dong(amount, field=_("Amount per unit"), allow_zero=False),
            "labour_day_value": dong(labour_day_value, field=_("Value of a labour day")),
            "decided_on": decided_on,
            "note": clean_text(note, field=_("Note"), max_length=255),
        },
    )
    audit(actor=by, action="works.rate_set", obj=work, after={"basis": basis, "amount": str(rate.amount)})
    return rate


def households_on(work: Work, day: dt.date) -> list[Household]:
    """The households of the work's villages on the register on `day`."""
    return list(
        Household.objects.filter(village__in=work.villages.all())
        .filter(Q(registered_on__isnull=True) | Q(registered_on__lte=day))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))
        .filter(Q(is_active=True) | Q(dissolved_on__isnull=False))
        .select_related("village")
        .order_by("village__name", "number")
    )


def _persons_on(household: Household, day: dt.date) -> int:
    return (
        household.members.filter(Q(joined_on__isnull=True) | Q(joined_on__lte=day))
        .filter(Q(left_on__isnull=True) | Q(left_on__gt=day))
        .count()
    )


@transaction.atomic
def pledges_compute(*, work: Work, by: Any, frontage: dict[int, Any] | None = None) -> list[Pledge]:
    """One pledge per household of the register on the rate's decision day. `frontage`: m² of
    frontage per household id, for a rate per m²."""
    _not_closed(work)
    rate = Rate.objects.filter(work=work).first()
    if rate is None:
        raise DomainError(_("Set the rate decided by the community first."))
    if work.pledges.exists():
        raise Conflict(_("The pledges have already been computed."))
    register = list(households_on(work, rate.decided_on))
    if frontage and rate.basis != Rate.Basis.FRONTAGE:
        raise DomainError(_("Frontage is given only for a rate per m² of frontage."), code="frontage")
    strays = sorted(set(frontage or {}) - {hh.pk for hh in register})
    if strays:  # never dropped in silence: a household of another work, village or day
        raise DomainError(
            _("Frontage was given for households not on this work's register: %(ids)s.")
            % {"ids": ", ".join(str(i) for i in strays[:20])},
            code="frontage",
        )
    pledges = []
    for hh in register:
        if rate.basis == Rate.Basis.HOUSEHOLD:
            qty = Decimal(1)
        elif rate.basis == Rate.Basis.PERSON:
            qty = Decimal(_persons_on(hh, rate.decided_on))
        else:
            qty = quantity((frontage or {}).get(hh.pk, 0), field=_("Frontage"))
        # A pledge is bounded like any amount: a large rate per m² times a large frontage would not fit
        # the ledger's column (PostgreSQL refuses it with an error, not a message).
        gross = dong(
            (qty * rate.amount).quantize(Decimal(1), rounding=ROUND_HALF_UP),
            field=_("The pledge of household %(n)s") % {"n": hh.number},
        )
        pledges.append(Pledge(work=work, household=hh, quantity=qty, gross=gross, amount=gross))
    Pledge.objects.bulk_create(pledges)
    audit(
        actor=by,
        action="works.pledges_compute",
        obj=work,
        after={"households": len(pledges), "total": str(sum((p.amount for p in pledges), ZERO))},
    )
    return pledges


@transaction.atomic
def rate_decide(*, work: Work, by: Any, frontage: dict[int, Any] | None = None, **rate: Any) -> list[Pledge]:
    """The rate the community decided and, from it, every household's pledge — both or neither.
    A rate already set is corrected (a mistyped amount, basis or date) until the first contribution
    is recorded: the pledges are computed again and the reductions already decided kept."""
    work = Work.objects.select_for_update().get(pk=work.pk)
    old = Rate.objects.filter(work=work).first()
    if old is None:
        rate_set(work=work, by=by, **rate)
        return pledges_compute(work=work, by=by, frontage=frontage)
    _not_closed(work)
    if work.payments.exists():
        raise Conflict(
            _("Contributions have been recorded under this rate: it can no longer change."), code="rate"
        )
    kept = {p.household_id: p for p in work.pledges.exclude(reduction="", reduction_percent=0)}
    before = {"basis": old.basis, "amount": str(old.amount), "decided_on": str(old.decided_on)}
    work.pledges.all().delete()
    new = rate_set(work=work, by=by, **rate)
    pledges = pledges_compute(work=work, by=by, frontage=frontage)
    for pledge in pledges:
        if (was := kept.get(pledge.household_id)) is not None:
            pledge.reduction, pledge.reduction_percent, pledge.reduction_note = (
                was.reduction,
                was.reduction_percent,
                was.reduction_note,
            )
            pledge.amount = (pledge.gross * (100 - was.reduction_percent) / 100).quantize(
                Decimal(1), rounding=ROUND_HALF_UP
            )
    Pledge.objects.bulk_update(
        [p for p in pledges if p.household_id in kept],
        ["reduction", "reduction_percent", "reduction_note", "amount"],
    )
    audit(
        actor=by,
        action="works.rate_correct",
        obj=work,
        before=before,
        after={"basis": new.basis, "amount": str(new.amount), "decided_on": str(new.decided_on)},
    )
    return pledges


def paid_towards(work: Work, household: Household) -> Decimal:
    total = Payment.objects.filter(work=work, household=household, voluntary=False).aggregate(s=Sum("value"))[
        "s"
    ]
    return total or ZERO


@transaction.atomic
def pledge_reduce(*, pledge: Pledge, by: Any, reduction: str, percent: int, note: str = "") -> Pledge:
    """Exemption (100%) or reduction for poor, near-poor or other households, as the community decided."""
    _not_closed(pledge.work)
    if reduction not in Pledge.Reduction.values:
        raise DomainError(_("Unknown reduction."))
    if not 0 <= percent <= 100:
        raise DomainError(_("A reduction is a percentage between 0 and 100."))
    note = clean_text(note, field=_("Reason"), max_length=255, required=reduction == Pledge.Reduction.OTHER)
    amount = (pledge.gross * (100 - percent) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    if paid_towards(pledge.work, pledge.household) > amount:
        raise Conflict(
            _("The household has already paid more than the reduced pledge; reverse a payment first.")
        )
    before = {
        "amount": str(pledge.amount),
        "reduction": pledge.reduction,
        "percent": pledge.reduction_percent,
    }
    pledge.reduction, pledge.reduction_percent, pledge.reduction_note, pledge.amount = (
        reduction,
        percent,
        note,
        amount,
    )
    pledge.save(update_fields=["reduction", "reduction_percent", "reduction_note", "amount"])
    audit(
        actor=by,
        action="works.pledge_reduce",
        obj=pledge.work,
        before=before,
        after={"household": pledge.household_id, "amount": str(amount), "percent": percent},
    )
    return pledge


def _receipt_number(work: Work) -> str:
    return f"{work.pk:04d}-{Payment.objects.filter(work=work).count() + 1:05d}"


@dataclass
class NewPayment:
    """One contribution to record: payment_record()'s arguments without the work and the recorder."""

    household: Household
    kind: str
    received_on: dt.date
    amount: Any = 0
    quantity_: Any = 0
    voluntary: bool = False
    note: str = ""


# Above this many households, a ledger reads its work's pledges and payments whole rather than by a
# list of households (a list that long would pass SQLite's parameter limit).
_BY_HOUSEHOLD_AT_MOST = 500


class Ledger:
    """What checking a payment reads about its work — the work locked, its villages, its rate, the
    households' pledges and what they have paid, the next receipt number — read once for many
    payments: an imported sheet of 20,000 contributions took 8 statements each (37 s for 8,000 on
    PostgreSQL, past a web worker's 30 s) and now a few per thousand. Each payment checked is
    counted in what its household has paid before the next is checked, as one by one."""

    def __init__(self, work: Work, households: list[int]) -> None:
        self.work = Work.objects.select_for_update().get(pk=work.pk)  # one receipt number at a time
        _not_closed(self.work)
        self.villages = set(self.work.villages.values_list("pk", flat=True))
        self.rate = Rate.objects.filter(work=self.work).first()
        pledges = Pledge.objects.filter(work=self.work)
        paid = Payment.objects.filter(work=self.work, voluntary=False)
        wanted = sorted(set(households))
        if len(wanted) <= _BY_HOUSEHOLD_AT_MOST:
            pledges, paid = pledges.filter(household_id__in=wanted), paid.filter(household_id__in=wanted)
        self.pledges = {p.household_id: p for p in pledges}
        self.paid = dict(paid.values_list("household").annotate(s=Sum("value")).values_list("household", "s"))
        self.next_number = Payment.objects.filter(work=self.work).count() + 1
        # Set by `refuse_repeats()`: the contributions already in the ledger by what they say, and
        # the receipt that holds each ("" for one checked earlier in this batch).
        self.recorded: dict[tuple[Any, ...], str] | None = None

    def refuse_repeats(self) -> None:
        """From now on refuse a payment that repeats one in the ledger (not reversed) or one checked
        before it: the same household, kind, value, quantity, voluntariness, date and note. A file imported twice,
        or again after its bad rows were mended, would otherwise record its good rows twice."""
        live = Payment.objects.filter(work=self.work, reverses__isnull=True, reversed_by__isnull=True)
        self.recorded = {
            (
                p.household_id,
                p.kind,
                p.value,
                p.quantity,
                p.voluntary,
                p.received_on,
                p.note,
            ): p.receipt_number
            for p in live.only(
                "household", "kind", "value", "quantity", "voluntary", "received_on", "note", "receipt_number"
            )
        }

    def check(self, new: NewPayment, *, by: Any) -> Payment:
        """The payment, not yet saved; refused above the pledge (unless voluntary), on a closed work,
        and from a household outside the work's villages."""
        work, household, kind = self.work, new.household, new.kind
        if household.village_id not in self.villages:
            raise DomainError(
                _("The household %(n)s is not in the villages of this work.") % {"n": household.number}
            )
        if kind not in Payment.Kind.values:
            raise DomainError(_("Unknown kind of contribution."))
        not_future(new.received_on, field=_("Date received"))
        if new.received_on < work.decision_date:
            raise DomainError(_("A contribution cannot be dated before the decision."))
        qty = quantity(new.quantity_, field=_("Labour days or m²"))
        if kind == Payment.Kind.MONEY:
            value, qty = dong(new.amount, field=_("Amount"), allow_zero=False), ZERO
        elif kind == Payment.Kind.LABOUR:
            if qty <= 0:
                raise DomainError(_("Enter the number of labour days."))
            day_value = self.rate.labour_day_value if self.rate else ZERO
            value = dong(
                (qty * day_value).quantize(Decimal(1), rounding=ROUND_HALF_UP),
                field=_("Value of the labour days"),
            )
        else:
            if qty <= 0:
                raise DomainError(_("Enter the donated land in m²."))
            value = dong(new.amount or 0, field=_("Value of the land"))
        note = clean_text(new.note, field=_("Note"), max_length=255)
        # A repeat is said as one before what it would owe: a file imported again would otherwise be
        # told its rows are above what the households still owe, when they are only recorded already.
        key = (household.pk, kind, value, qty, new.voluntary, new.received_on, note)
        if self.recorded is not None and key in self.recorded:
            receipt = self.recorded[key]
            raise DomainError(
                _("the same contribution is already recorded (receipt %(r)s): add a note to tell them apart")
                % {"r": receipt}
                if receipt
                else _("the same contribution is on an earlier line: add a note to tell them apart")
            )
        if not new.voluntary:
            pledge = self.pledges.get(household.pk)
            if pledge is None:
                raise DomainError(
                    _("The household %(n)s has no pledge for this work; record it as voluntary.")
                    % {"n": household.number}
                )
            owed = pledge.amount - self.paid.get(household.pk, ZERO)
            if value > owed:
                raise DomainError(
                    _(
                        "%(v)s đồng is above what the household %(n)s still owes (%(o)s đồng); record the excess as voluntary."
                    )
                    % {
                        "v": f"{value:,.0f}".replace(",", "."),
                        "o": f"{owed:,.0f}".replace(",", "."),
                        "n": household.number,
                    }
                )
        if self.recorded is not None:
            self.recorded[key] = ""
        payment = Payment(
            work=work,
            household=household,
            kind=kind,
            value=value,
            quantity=qty,
            voluntary=new.voluntary,
            received_on=new.received_on,
            receipt_number=f"{work.pk:04d}-{self.next_number:05d}",
            token=secrets.token_urlsafe(16)[:22],
            note=note,
            recorded_by=by if getattr(by, "is_authenticated", False) else None,
        )
        self.next_number += 1
        if not new.voluntary:
            self.paid[household.pk] = self.paid.get(household.pk, ZERO) + value
        return payment

    def save(self, payments: list[Payment], *, by: Any) -> list[Payment]:
        """The checked payments written in batches, each with its audit entry."""
        Payment.objects.bulk_create(payments, batch_size=500)
        audit_many(
            {
                "actor": by,
                "action": "works.payment_record",
                "obj": p,
                "after": {
                    "work": p.work_id,
                    "household": p.household_id,
                    "kind": p.kind,
                    "value": str(p.value),
                    "quantity": str(p.quantity),
                    "voluntary": p.voluntary,
                },
            }
            for p in payments
        )
        return payments


@transaction.atomic
def payment_record(
    *,
    work: Work,
    household: Household,
    by: Any,
    kind: str,
    received_on: dt.date,
    amount: Any = 0,
    quantity_: Any = 0,
    voluntary: bool = False,
    note: str = "",
) -> Payment:
    """A household's contribution, with its receipt (Ledger.check says when it is refused)."""
    ledger = Ledger(work, [household.pk])
    new = NewPayment(household, kind, received_on, amount, quantity_, voluntary, note)
    return ledger.save([ledger.check(new, by=by)], by=by)[0]


@transaction.atomic
def payment_reverse(*, payment: Payment, by: Any, reason: str) -> Payment:
    """A correction: a new entry that cancels `payment` (the ledger is never edited)."""
    work = Work.objects.select_for_update().get(pk=payment.work_id)
    _not_closed(work)  # the ledger of a handed-over work is final, as for payments and imports
    if payment.reverses_id is not None:
        raise Conflict(_("A reversing entry cannot itself be reversed."))
    if Payment.objects.filter(reverses=payment).exists():
        raise Conflict(_("This entry has already been reversed."))
    reversal = Payment.objects.create(
        work=work,
        household=payment.household,
        kind=payment.kind,
        value=-payment.value,
        quantity=-payment.quantity,
        voluntary=payment.voluntary,
        received_on=max(payment.received_on, timezone.localdate()),
        receipt_number=_receipt_number(work),
        token=secrets.token_urlsafe(16)[:22],
        reverses=payment,
        note=clean_text(reason, field=_("Reason"), max_length=255, required=True),
        recorded_by=by if getattr(by, "is_authenticated", False) else None,
    )
    audit(actor=by, action="works.payment_reverse", obj=reversal, after={"reverses": payment.receipt_number})
    return reversal
