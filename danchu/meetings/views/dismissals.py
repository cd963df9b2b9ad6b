"""Dismissal by the village meeting — of the village head, or of a member the village elected to a
board: the proposal, the meeting item that votes on it by secret ballot, the result, the decision (the
commune chairman's, or the commune Fatherland Front committee's for a board member)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import SIGNED_IN, access, can
from danchu.core.errors import DomainError
from danchu.core.middleware import attempt, status_of

from .. import queries, services
from ..forms import DecisionForm, DismissalForm
from ..models import Dismissal
from ..permissions import dismissal_for, item_for

RUN = "meetings.run_dismissal"
DECIDE = "meetings.decide_dismissal"
PREFILLED = ("office", "village", "member")  # the oversight board page links here with a member chosen


@access("meetings.propose_dismissal")
def new(request: HttpRequest) -> HttpResponse:
    initial = {k: request.GET[k] for k in PREFILLED if k in request.GET}
    form = DismissalForm(request.POST or None, person=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        member = c["member"]
        d = attempt(
            form,
            lambda: services.dismissal_propose(
                actor=request.user,
                village=c["village"],
                office=c["office"],
                holder=member.person if member else None,
                board=member.body if member else None,
                holder_name=c["holder_name"],
                trigger=c["trigger"],
                reason=c["reason"],
                proposer_name=c["proposer_name"],
            ),
        )
        if d is not None:
            return redirect("meetings:dismissal", d.pk)
    return render(request, "meetings/dismissal_new.html", {"form": form}, status=status_of(form))


@access(SIGNED_IN)
def dismissal(request: HttpRequest, pk: int) -> HttpResponse:
    d = dismissal_for(request.user, pk)
    runs = can(request.user, RUN, d)
    ctx = {
        "d": d,
        "runs": runs,
        "items": queries.dismissal_items(d) if runs and d.status == Dismissal.Status.PROPOSED else [],
        "may_decide": can(request.user, DECIDE, d) and d.status == Dismissal.Status.VOTED,
        "decision_form": DecisionForm(),
    }
    return render(request, "meetings/dismissal.html", ctx)


@require_POST
@access(RUN)
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    d = dismissal_for(request.user, pk, RUN)
    raw = request.POST.get("item", "")
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 12:  # isdigit() alone accepts "²"
        raise DomainError(_("Choose the meeting item that votes on the dismissal."), code="item")
    item = item_for(request.user, int(raw))
    services.dismissal_put_to_vote(actor=request.user, dismissal=d, item=item)
    messages.success(request, _("The dismissal is on the meeting's agenda."))
    return redirect("meetings:dismissal", pk)


@require_POST
@access(DECIDE)
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    d = dismissal_for(request.user, pk, DECIDE)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        raise DomainError(
            _("Give the number of the commune's decision (at most 100 characters)."), code="required"
        )
    services.dismissal_decide(
        actor=request.user, dismissal=d, decision_number=form.cleaned_data["decision_number"]
    )
    messages.success(request, _("The dismissal is decided."))
    return redirect("meetings:dismissal", pk)
