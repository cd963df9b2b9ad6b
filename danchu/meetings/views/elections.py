"""Election pages: steps and deadlines, candidates, the household representative's secret ballot and
receipt, the staff's open/close/tally and the chairman's recognition, and the public receipt check."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from danchu.core.access import PUBLIC, SIGNED_IN, access, can

from .. import queries, services
from ..models import Election
from ..permissions import election_for
from ..services.elections import steps

RUN = "meetings.run_election"
DONE = (Election.Status.TALLIED, Election.Status.RECOGNISED, Election.Status.FAILED)


@access(SIGNED_IN)
def election(request: HttpRequest, pk: int) -> HttpResponse:
    e = election_for(request.user, pk)
    candidates = list(e.candidates.all())
    votes = e.tally.get("votes", {}) if e.status in DONE else {}
    ctx = {
        "e": e,
        "steps": steps(e),
        "candidates": [(c, votes.get(str(c.pk))) for c in candidates],
        "runs": can(request.user, RUN, e),
        "may_recognise": can(request.user, "meetings.recognise", e),
        "represented": [
            h for h in queries.represented_households(request.user) if h.village_id == e.village_id
        ],
        "receipt": request.session.pop(f"receipt-{e.pk}", ""),
    }
    return render(request, "meetings/election.html", ctx)


@require_POST
@access(SIGNED_IN)
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    e = election_for(request.user, pk)
    number = request.POST.get("household", "")
    mine = [
        h
        for h in queries.represented_households(request.user)
        if h.number == number and h.village_id == e.village_id
    ]
    if not mine:
        raise Http404
    choices = [int(c) for c in request.POST.getlist("choice") if c.isdigit()]
    receipt = services.ballot_cast(person=request.user, election=e, household=mine[0], choices=choices)
    # Shown once on the next page; never stored with the voter.
    request.session[f"receipt-{e.pk}"] = receipt
    return redirect("meetings:election", pk)


def _step(name: str, who: str):  # type: ignore[no-untyped-def]
    @require_POST
    @access(who)
    def run(request: HttpRequest, pk: int) -> HttpResponse:
        e = election_for(request.user, pk, who)
        getattr(services, name)(actor=request.user, election=e)
        messages.success(request, e.get_status_display())
        return redirect("meetings:election", pk)

    run.__name__ = name
    return run


election_open = _step("election_open", RUN)
election_close = _step("election_close", RUN)
election_tally = _step("election_tally", RUN)
election_recognise = _step("election_recognise", "meetings.recognise")


@access(PUBLIC)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    e = election_for(request.user, pk, "meetings.read_tally")
    code = request.GET.get("code", "").strip().upper()[:32]
    counted = code in set(e.tally.get("receipts", [])) if code else None
    return render(request, "meetings/receipt.html", {"e": e, "code": code, "counted": counted})
