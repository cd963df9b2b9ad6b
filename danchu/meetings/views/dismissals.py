"""Dismissal of a village head: the proposal, the meeting item that votes on it by secret ballot, the
result, the commune chairman's decision."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import SIGNED_IN, access, can
from danchu.core.middleware import status_of

from .. import services
from ..forms import DecisionForm, DismissalForm
from ..models import AgendaItem, Dismissal
from ..permissions import dismissal_for, item_for

RUN = "meetings.run_dismissal"
DECIDE = "meetings.decide_dismissal"


@access("meetings.convene")
def new(request: HttpRequest) -> HttpResponse:
    form = DismissalForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        d = services.dismissal_propose(
            actor=request.user,
            village=c["village"],
            holder_name=c["holder_name"],
            trigger=c["trigger"],
            reason=c["reason"],
            proposer_name=c["proposer_name"],
        )
        return redirect("meetings:dismissal", d.pk)
    return render(request, "meetings/dismissal_new.html", {"form": form}, status=status_of(form))


@access(SIGNED_IN)
def dismissal(request: HttpRequest, pk: int) -> HttpResponse:
    d = dismissal_for(request.user, pk)
    runs = can(request.user, RUN, d)
    items = []
    if runs and d.status == Dismissal.Status.PROPOSED:
        items = list(
            AgendaItem.objects.filter(
                meeting__village=d.village,
                matter=AgendaItem.Matter.VILLAGE_HEAD,
                method=AgendaItem.Method.SECRET,
                status=AgendaItem.Status.PENDING,
                dismissal__isnull=True,
            ).select_related("meeting")
        )
    ctx = {
        "d": d,
        "runs": runs,
        "items": items,
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
        from danchu.core.errors import DomainError

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
        from danchu.core.errors import DomainError

        raise DomainError(
            _("Give the number of the commune's decision (at most 100 characters)."), code="required"
        )
    services.dismissal_decide(
        actor=request.user, dismissal=d, decision_number=form.cleaned_data["decision_number"]
    )
    messages.success(request, _("The dismissal is decided."))
    return redirect("meetings:dismissal", pk)
