"""Pages of a conference's resolutions voted through meetings' motions: put one to the vote (the
conference page's form), the resolution's page (a delegate's online vote, the secretary's count of
the room's show of hands, the close and the result). The vote itself is meetings' (its services,
getter and rules, which ask the conference's electorate)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import SIGNED_IN, access, can
from danchu.core.forms import valid
from danchu.meetings import services as meetings

from . import resolutions
from .forms import MotionVoteForm, ResolutionForm, RoomCountForm
from .permissions import conference_for, is_delegate, resolution_for

RUN = "meetings.run_motion"


@access("workplaces.manage_conference")
@require_POST
def resolution_open(request: HttpRequest, pk: int) -> HttpResponse:
    c = conference_for(request.user, pk, "workplaces.manage_conference")
    d = valid(ResolutionForm(request.POST))
    m = resolutions.resolution_open(actor=request.user, conference=c, title=d["title"])
    messages.success(request, _("The resolution is put to the vote."))
    return redirect("workplaces:resolution", pk=m.pk)


@access(SIGNED_IN)
def resolution(request: HttpRequest, pk: int) -> HttpResponse:
    m = resolution_for(request.user, pk)
    c = resolutions.conference_of(m)
    mine = m.votes.filter(person_id=request.user.pk).first() if request.user.is_authenticated else None
    ctx = {
        "m": m,
        "conference": c,
        "runs": can(request.user, RUN, m),
        "is_delegate": is_delegate(request.user, c),
        "mine": mine,
        "online": {c: m.online_count(c) for c in ("for", "against", "abstain")},
        "vote_form": MotionVoteForm(),
        "room_form": RoomCountForm(
            initial={
                "votes_for": m.room_for,
                "votes_against": m.room_against,
                "votes_abstain": m.room_abstain,
            }
        ),
    }
    return render(request, "workplaces/resolution.html", ctx)


@access(SIGNED_IN)
@require_POST
def resolution_vote(request: HttpRequest, pk: int) -> HttpResponse:
    m = resolution_for(request.user, pk)
    d = valid(MotionVoteForm(request.POST))
    meetings.motion_vote(person=request.user, motion=m, choice=d["choice"])
    messages.success(request, _("Your vote is recorded."))
    return redirect("workplaces:resolution", pk=m.pk)


@access(RUN)
@require_POST
def resolution_room(request: HttpRequest, pk: int) -> HttpResponse:
    m = resolution_for(request.user, pk, RUN)
    d = valid(RoomCountForm(request.POST))
    meetings.motion_count_room(actor=request.user, motion=m, **d)
    messages.success(request, _("The show of hands in the room is recorded."))
    return redirect("workplaces:resolution", pk=m.pk)


@access(RUN)
@require_POST
def resolution_close(request: HttpRequest, pk: int) -> HttpResponse:
    m = resolution_for(request.user, pk, RUN)
    m = meetings.motion_close(actor=request.user, motion=m)
    messages.success(
        request, _("The resolution is passed.") if m.passed else _("The resolution is not passed.")
    )
    return redirect("workplaces:resolution", pk=m.pk)
