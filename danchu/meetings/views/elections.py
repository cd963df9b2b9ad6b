"""Election pages: steps and deadlines, candidates, the household representative's secret ballot and
receipt, the staff's open/close/tally and the chairman's recognition, and the public receipt check."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from danchu.core.access import PUBLIC, SIGNED_IN, access, can
from danchu.core.errors import Conflict, DomainError
from danchu.core.middleware import status_of

from .. import queries, services
from ..electorates import BOARD_OF
from ..models import Election, PaperBox
from ..permissions import election_for
from ..services.election_boards import chosen_board
from ..services.elections import RERUN_WITHIN_DAYS, steps

RUN = "meetings.run_election"
DONE = (Election.Status.TALLIED, Election.Status.RECOGNISED, Election.Status.FAILED)


@access("meetings.convene")
def new(request: HttpRequest) -> HttpResponse:
    from ..forms import ElectionForm

    form = ElectionForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        e = services.election_plan(
            actor=request.user,
            village=d["village"],
            office=d["office"],
            election_day=d["election_day"],
            seats=d["seats"],
            candidates=d["candidates"][0],
            accounts=d["candidates"][1],  # looked up once, by the form
            paper=d["paper"],
        )
        return redirect("meetings:election", e.pk)
    return render(request, "meetings/election_new.html", {"form": form}, status=status_of(form))


@access(SIGNED_IN)
def election(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, election_for(request.user, pk))


def _page(request: HttpRequest, e: Election, receipt: str = "") -> HttpResponse:
    candidates = list(e.candidates.all())
    votes = e.tally.get("votes", {}) if e.status in DONE else {}
    represented = [h for h in queries.represented_households(request.user) if h.village_id == e.village_id]
    ctx = {
        "e": e,
        "steps": steps(e),
        "candidates": [(c, votes.get(str(c.pk))) for c in candidates],
        "runs": can(request.user, RUN, e),
        "may_recognise": can(request.user, "meetings.recognise", e),
        "represented": represented,
        # A household that voted sees that it did, not the ballot again (it cannot be changed).
        "voted": queries.voted_in(e, represented)
        if represented and e.status == Election.Status.OPEN
        else set(),
        "receipt": receipt,
        "boxes": list(e.paper_boxes.order_by("kind", "label")) if e.paper else [],
        "box_kinds": PaperBox.Kind.choices,
    }
    if (
        ctx["may_recognise"]
        and e.status == Election.Status.TALLIED
        and e.office in BOARD_OF
        and not e.electorate
    ):
        ctx["boards"] = queries.election_boards(e)  # several: the Front names one (election_boards)
    if e.status == Election.Status.FAILED:  # the re-election, planned or to plan (within 15 days)
        ctx["reruns"] = list(e.reruns.all())
        ctx["rerun_from"] = e.election_day + dt.timedelta(days=1)
        ctx["rerun_by"] = e.election_day + dt.timedelta(days=RERUN_WITHIN_DAYS)
    return render(request, "meetings/election.html", ctx)


@never_cache
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
    raw = request.POST.getlist("choice")
    # A choice that is no candidate's id refuses the ballot: dropping it would cast a blank ballot the
    # voter never meant, and a ballot cannot be changed.
    if not all(_digits(c, 12) for c in raw):
        raise DomainError(_("The ballot names someone who is not a candidate."), code="bad_choice")
    choices = [int(c) for c in raw]
    receipt = services.ballot_cast(person=request.user, election=e, household=mine[0], choices=choices)
    # Shown once, in this answer, and kept nowhere with the voter: in the session (a database row
    # that names the person) it linked the voter to the receipt and so to the ballot's choices,
    # until the next page was loaded, which a dropped connection may never do.
    return _page(request, e, receipt)


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


@require_POST
@access("meetings.recognise")
def election_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    """The commune Front names the board when the commune has several of the office (chosen_board)."""
    e = election_for(request.user, pk, "meetings.recognise")
    board = chosen_board(e, request.POST.get("board", "").strip())
    e = services.election_recognise(actor=request.user, election=e, board=board)
    messages.success(request, e.get_status_display())
    return redirect("meetings:election", pk)


@require_POST
@access(RUN)
def rerun(request: HttpRequest, pk: int) -> HttpResponse:
    """The re-election when nobody was elected (within 15 days), with the same candidates."""
    e = election_for(request.user, pk, RUN)
    try:
        day = dt.date.fromisoformat(request.POST.get("election_day", "").strip())
    except ValueError:
        raise DomainError(_("Enter the day of the re-election."), code="bad_date") from None
    again = services.election_rerun(actor=request.user, election=e, election_day=day)
    messages.success(request, _("The re-election is planned."))
    return redirect("meetings:election", again.pk)


@access(PUBLIC)
def receipt(request: HttpRequest, pk: int) -> HttpResponse:
    e = election_for(request.user, pk, "meetings.read_tally")
    code = request.GET.get("code", "").strip().upper()[:32]
    counted = code in set(e.tally.get("receipts", [])) if code else None
    return render(request, "meetings/receipt.html", {"e": e, "code": code, "counted": counted})


def _digits(raw: str, most: int) -> bool:
    """ASCII digits only, at most `most` of them: str.isdigit() also accepts "²" and "①", which
    int() refuses (a 500)."""
    return raw.isascii() and raw.isdigit() and len(raw) <= most


def _number(request: HttpRequest, name: str) -> int:
    raw = request.POST.get(name, "").strip() or "0"
    if not _digits(raw, 7):
        raise DomainError(_("Counts must be whole numbers, not negative."), code="bad_number")
    return int(raw)


@require_POST
@access(RUN)
def team(request: HttpRequest, pk: int) -> HttpResponse:
    e = election_for(request.user, pk, RUN)
    members = request.POST.get("members", "")
    if len(members) > 7000:
        raise DomainError(_("The list of members is too long."), code="too_long")
    services.election_team_set(
        actor=request.user, election=e, head=request.POST.get("head", ""), members=members.splitlines()
    )
    messages.success(request, _("The election team is named."))
    return redirect("meetings:election", pk)


@require_POST
@access(RUN)
def box(request: HttpRequest, pk: int) -> HttpResponse:
    """The election team's count sheet for one ballot box."""
    e = election_for(request.user, pk, RUN)
    votes = {c: _number(request, f"votes_{c}") for c in e.candidates.values_list("pk", flat=True)}
    services.paper_box_record(
        actor=request.user,
        election=e,
        count=services.PaperCount(
            label=request.POST.get("label", ""),
            kind=request.POST.get("kind", PaperBox.Kind.MAIN),
            issued=_number(request, "issued"),
            returned=_number(request, "returned"),
            valid=_number(request, "valid"),
            invalid=_number(request, "invalid"),
            votes=votes,
        ),
    )
    messages.success(request, _("The count of the ballot box is recorded."))
    return redirect("meetings:election", pk)


@access(SIGNED_IN)
def count_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Biên bản kiểm phiếu: the election team's minutes of the count, printable, after the tally."""
    e = election_for(request.user, pk)
    if e.status not in DONE:
        raise Conflict(_("The minutes of the count are drawn up at the tally."), code="not_tallied")
    from ..rules import percent

    tally = e.tally
    roster = tally.get("roster", 0)
    candidates = [
        {
            "name": c.full_name,
            "online": tally.get("online_votes", {}).get(str(c.pk), 0),
            "total": tally.get("votes", {}).get(str(c.pk), 0),
            "percent": percent(tally.get("votes", {}).get(str(c.pk), 0), roster),
            "elected": c.elected,
        }
        for c in e.candidates.all()
    ]
    boxes = list(e.paper_boxes.order_by("kind", "label"))
    rows = [(b, [b.votes.get(str(c.pk), 0) for c in e.candidates.all()]) for b in boxes]
    ctx = {
        "e": e,
        "tally": tally,
        "paper": tally.get("paper", {}),
        "candidates": candidates,
        "rows": rows,
        "online_ballots": tally.get("ballots", 0),
    }
    return render(request, "meetings/count_minutes.html", ctx)
