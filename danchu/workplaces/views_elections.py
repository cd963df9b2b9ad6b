"""Pages of the People's Inspection Board election at a conference: the delegates who vote online,
the election put to the conference, and the election's page (the delegate's secret ballot and
receipt, the managers' open/close/tally, the vote-counting team and its count per ballot box, and the
union's recognition). The vote itself is meetings' (its services, getter and rules)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from danchu.core.access import SIGNED_IN, access, can
from danchu.core.errors import DomainError
from danchu.core.forms import valid
from danchu.meetings import services as meetings

from . import elections
from .forms import BoardElectionForm, DelegateForm
from .permissions import conference_for, election_for, is_delegate

RUN = "meetings.run_election"
DONE = ("tallied", "recognised", "failed")
BOX_KINDS = (("main", _lazy("Main ballot box")), ("extra", _lazy("Extra (mobile) ballot box")))


@access("workplaces.manage_conference")
@require_POST
def delegate_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = conference_for(request.user, pk, "workplaces.manage_conference")
    d = valid(DelegateForm(request.POST))
    elections.delegate_add(actor=request.user, conference=c, person=d["person"])
    messages.success(request, _("Delegate listed."))
    return redirect("workplaces:conference", pk=c.pk)


@access("workplaces.manage_conference")
@require_POST
def board_elect(request: HttpRequest, pk: int) -> HttpResponse:
    c = conference_for(request.user, pk, "workplaces.manage_conference")
    d = valid(BoardElectionForm(request.POST))
    e = elections.inspection_board_elect(
        actor=request.user,
        conference=c,
        candidates=d["candidates"].splitlines(),
        seats=d["seats"],
        paper=d["paper"],
    )
    return redirect("workplaces:election", pk=e.pk)


@access(SIGNED_IN)
def election(request: HttpRequest, pk: int) -> HttpResponse:
    e = election_for(request.user, pk)
    c = conference_for_election(e)
    votes = e.tally.get("votes", {}) if e.status in DONE else {}
    code = request.GET.get("code", "").strip().upper()[:32]
    ctx = {
        "code": code,
        "counted": e.status in DONE and code in set(e.tally.get("receipts", [])),
        "e": e,
        "conference": c,
        "candidates": [(cand, votes.get(str(cand.pk))) for cand in e.candidates.all()],
        "runs": can(request.user, RUN, e),
        "may_recognise": can(request.user, "meetings.recognise", e),
        "is_delegate": is_delegate(request.user, c),
        "receipt": request.session.pop(f"receipt-{e.pk}", ""),
        "boxes": list(e.paper_boxes.order_by("kind", "label")) if e.paper else [],
        "box_kinds": BOX_KINDS,
        "done": e.status in DONE,
        "seating": (seating := elections.seating(e)),
        "to_claim": any(row["status"] == "no_sign_in" for row in seating),
    }
    return render(request, "workplaces/election.html", ctx)


def conference_for_election(e: object) -> elections.Conference:
    """The conference that holds an election the getter returned (its electorate ref)."""
    return elections._conference(e.electorate_ref)  # type: ignore[attr-defined]


@access(SIGNED_IN)
@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    e = election_for(request.user, pk)
    choices = [int(c) for c in request.POST.getlist("choice") if c.isascii() and c.isdigit() and len(c) < 10]
    receipt = meetings.voter_ballot_cast(person=request.user, election=e, choices=choices)
    # Shown once on the next page; never stored with the voter.
    request.session[f"receipt-{e.pk}"] = receipt
    return redirect("workplaces:election", pk=e.pk)


def _step(name: str, who: str):  # type: ignore[no-untyped-def]
    @access(who)
    @require_POST
    def run(request: HttpRequest, pk: int) -> HttpResponse:
        e = election_for(request.user, pk, who)
        e = getattr(meetings, name)(actor=request.user, election=e)
        messages.success(request, e.get_status_display())
        return redirect("workplaces:election", pk=pk)

    run.__name__ = name
    return run


election_open = _step("election_open", RUN)
election_close = _step("election_close", RUN)
election_tally = _step("election_tally", RUN)
election_recognise = _step("election_recognise", "meetings.recognise")


def _number(request: HttpRequest, name: str) -> int:
    raw = request.POST.get(name, "").strip() or "0"
    # isascii: "²" is a digit to str.isdigit but not a number to int().
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 7:
        raise DomainError(_("Counts must be whole numbers, not negative."), code="bad_number")
    return int(raw)


@access(RUN)
@require_POST
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """The vote-counting team (ban kiểm phiếu) the conference elected."""
    e = election_for(request.user, pk, RUN)
    members = request.POST.get("members", "")
    if len(members) > 7000:
        raise DomainError(_("The list of members is too long."), code="too_long")
    meetings.election_team_set(
        actor=request.user, election=e, head=request.POST.get("head", ""), members=members.splitlines()
    )
    messages.success(request, _("The vote-counting team is named."))
    return redirect("workplaces:election", pk=pk)


@access(RUN)
@require_POST
def box(request: HttpRequest, pk: int) -> HttpResponse:
    """The vote-counting team's count sheet for one ballot box."""
    e = election_for(request.user, pk, RUN)
    votes = {c: _number(request, f"votes_{c}") for c in e.candidates.values_list("pk", flat=True)}
    meetings.paper_box_record(
        actor=request.user,
        election=e,
        count=meetings.PaperCount(
            label=request.POST.get("label", ""),
            kind=request.POST.get("kind", "main"),
            issued=_number(request, "issued"),
            returned=_number(request, "returned"),
            valid=_number(request, "valid"),
            invalid=_number(request, "invalid"),
            votes=votes,
        ),
    )
    messages.success(request, _("The count of the ballot box is recorded."))
    return redirect("workplaces:election", pk=pk)
