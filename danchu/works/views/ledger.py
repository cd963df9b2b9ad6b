"""The contributions ledger (staff) and a household's own contributions and receipts."""

from __future__ import annotations

import io
from typing import Any

import segno
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import confirmed_households
from danchu.core.access import SIGNED_IN, access, can
from danchu.core.formats import number
from danchu.core.forms import valid
from danchu.core.idempotency import idempotent
from danchu.core.paging import page_for
from danchu.places.importing import samples
from danchu.places.importing.pages import warn_skipped, warn_unread

from .. import exports, queries, services
from ..forms import ImportForm, PaymentForm, RateForm, ReduceForm, ReverseForm
from ..frontage import frontage_lines
from ..models import Pledge, Rate
from ..permissions import payment_for, pledge_for, work_for

ENTRIES_PER_PAGE = 200


@access("works.ledger")
def ledger(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.ledger")
    entries = work.payments.select_related("household", "reverses").order_by("-pk")
    page = page_for(request, entries, ENTRIES_PER_PAGE)
    rate = getattr(work, "rate", None)
    return render(
        request,
        "works/ledger.html",
        {
            "work": work,
            "rate": rate,
            "rows": queries.ledger(work),
            "totals": queries.totals(work),
            "payments": page.object_list,
            "page": page,
            "can_manage": can(request.user, "works.manage", work),
            "rate_form": RateForm(initial=rate_initial(rate)),
            "payment_form": PaymentForm(work=work),
            "reductions": Pledge.Reduction.choices,
            "import_form": ImportForm(),
        },
    )


def rate_initial(rate: Rate | None) -> dict[str, Any]:
    """The correction form starts from the rate as it stands (with the frontage it was computed from)."""
    if rate is None:
        return {}
    initial = {f: getattr(rate, f) for f in ("basis", "amount", "labour_day_value", "decided_on", "note")}
    if rate.basis == Rate.Basis.FRONTAGE:
        pledges = rate.work.pledges.filter(quantity__gt=0).select_related("household__village")
        initial["frontage"] = "\n".join(
            f"{p.household.number} ({p.household.village.code}) = "
            + f"{p.quantity.normalize():f}".replace(".", ",")
            for p in pledges
        )
    return initial


@access("works.ledger")
def export(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.ledger")
    response = HttpResponse(
        exports.ledger_xlsx(work),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="so-dong-gop-{work.pk}.xlsx"'
    return response


@require_POST
@access("works.manage")
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.manage")
    data = valid(RateForm(request.POST))
    frontage = frontage_lines(work, data.pop("frontage"))
    services.rate_decide(work=work, by=request.user, frontage=frontage, **data)
    messages.success(request, _("The rate was set and each household's pledge computed from the register."))
    return redirect("works:ledger", pk=work.pk)


@require_POST
@access("works.manage")
@idempotent
def pay(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.manage")
    data = valid(PaymentForm(request.POST, work=work))
    village = data["village"]
    hh = queries.payer(work, data["household"], village.code if village else "")
    payment = services.payment_record(
        work=work,
        household=hh,
        by=request.user,
        kind=data["kind"],
        amount=data["amount"] or 0,
        quantity_=data["quantity"] or 0,
        received_on=data["received_on"],
        voluntary=data["voluntary"],
        note=data["note"],
    )
    messages.success(request, _("Receipt %(n)s was recorded.") % {"n": payment.receipt_number})
    return redirect("works:receipt", pk=payment.pk)


@require_POST
@access("works.manage")
def reduce(request: HttpRequest, pk: int, pledge_pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.manage")
    pledge = pledge_for(request.user, pledge_pk, "works.manage", work=work)
    services.pledge_reduce(pledge=pledge, by=request.user, **valid(ReduceForm(request.POST)))
    messages.success(request, _("The pledge was reduced."))
    return redirect("works:ledger", pk=work.pk)


@require_POST
@access("works.manage")
def reverse_payment(request: HttpRequest, pk: int) -> HttpResponse:
    payment = payment_for(request.user, pk, "works.manage")
    services.payment_reverse(payment=payment, by=request.user, **valid(ReverseForm(request.POST)))
    messages.success(request, _("A reversing entry was recorded."))
    return redirect("works:ledger", pk=payment.work_id)


@require_POST
@access("works.manage")
@idempotent
def import_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.manage")
    form = ImportForm(request.POST, request.FILES)
    data = valid(form)
    upload = data["file"]
    result = services.ledger_import(
        work=work, by=request.user, data=upload.read(), filename=upload.name, skip_errors=data["skip_errors"]
    )
    messages.success(request, _("%(n)s contributions were imported.") % {"n": number(len(result.payments))})
    warn_unread(request, result.unread_columns)
    warn_skipped(request, result.skipped)
    return redirect("works:ledger", pk=work.pk)


@access("works.manage")
def import_sample(request: HttpRequest, pk: int) -> HttpResponse:
    """The contributions import's sample workbook, for the work's managers."""
    work = work_for(request.user, pk, "works.manage")
    return samples.download(services.ledger_sample(), f"mau-dong-gop-{work.pk}.xlsx")


def qr_svg(url: str) -> str:
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=4, xmldecl=False, svgns=True, title="QR")
    return out.getvalue().decode()


@access("works.payment_view")
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    payment = payment_for(request.user, pk)
    url = request.build_absolute_uri(reverse("works:verify", args=[payment.token]))
    return render(request, "works/receipt.html", {"payment": payment, "verify_url": url, "qr": qr_svg(url)})


@access(SIGNED_IN)
def mine(request: HttpRequest) -> HttpResponse:
    households = confirmed_households(request.user)
    return render(
        request, "works/mine.html", {"households": [(h, queries.household_works(h)) for h in households]}
    )
