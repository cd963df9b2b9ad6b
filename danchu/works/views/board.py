"""The supervision board's pages: set up by the Front, its members, plan, sessions at the site (a
phone form with the legal checklist and photos), recommendations, closure."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import STAFF, access, can
from danchu.core.forms import valid
from danchu.core.paging import page_for

from .. import services
from ..checklist import CHECKLIST
from ..forms import (
    RELATIONS,
    AnswerForm,
    BoardCloseForm,
    BoardForm,
    CloseForm,
    MemberForm,
    PlanForm,
    RecommendationForm,
    SessionForm,
    WithdrawForm,
)
from ..models import Board
from ..permissions import member_for, recommendation_for, session_for, work_for
from .common import uploaded


def _board(request: HttpRequest, pk: int) -> Board:
    work = work_for(request.user, pk, "works.supervise")
    return work.board


@access(STAFF)
def board(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk)
    found = getattr(work, "board", None)
    may_establish = can(request.user, "works.board_establish", work)
    may_supervise = can(request.user, "works.supervise", work)
    if not (may_establish or may_supervise):
        raise Http404
    return render(
        request,
        "works/board.html",
        {
            "work": work,
            "board": found,
            "members": found.members.all() if found else [],
            "sessions": found.sessions.all() if found else [],
            "recommendations": found.recommendations.all() if found else [],
            "may_establish": may_establish and found is None,
            "may_supervise": may_supervise,
            "board_form": BoardForm(),
            "member_form": MemberForm(work=work),
            "plan_form": PlanForm(initial={"plan": found.plan if found else ""}),
            "session_form": SessionForm(initial={"held_on": timezone.localdate()}),
            "recommendation_form": RecommendationForm(),
            "close_form": BoardCloseForm(),
            "checklist": CHECKLIST,
            "relations": RELATIONS,
            # Every message, a page at a time (`?ipage=`): the list stopped at 100 without a word.
            "information": page_for(
                request,
                work.information.select_related("sender").order_by("-received_at", "-pk"),
                50,
                param="ipage",
            )
            if may_supervise
            else None,
        },
    )


@require_POST
@access("works.board_establish")
def establish(request: HttpRequest, pk: int) -> HttpResponse:
    work = work_for(request.user, pk, "works.board_establish")
    services.board_establish(work=work, by=request.user, **valid(BoardForm(request.POST)))
    messages.success(request, _("The supervision board was set up."))
    return redirect("works:board", pk=work.pk)


@require_POST
@access("works.supervise")
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    b = _board(request, pk)
    data = valid(MemberForm(request.POST, work=b.work))
    services.board_member_add(board=b, by=request.user, data=services.MemberData(**data))
    messages.success(request, _("The member was added."))
    return redirect("works:board", pk=pk)


@require_POST
@access("works.supervise")
def member_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for(request.user, pk)
    data = valid(WithdrawForm(request.POST))
    services.board_member_withdraw(member=member, by=request.user, **data)
    messages.success(request, _("The member has left the board."))
    return redirect("works:board", pk=member.board.work_id)


@require_POST
@access("works.supervise")
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    b = _board(request, pk)
    services.board_plan_set(board=b, by=request.user, **valid(PlanForm(request.POST)))
    messages.success(request, _("The supervision plan was saved."))
    return redirect("works:board", pk=pk)


@require_POST
@access("works.supervise")
def session(request: HttpRequest, pk: int) -> HttpResponse:
    b = _board(request, pk)
    form = SessionForm(request.POST)
    data = valid(form)
    services.session_record(
        board=b, by=request.user, checklist=form.checklist(request.POST), photos=uploaded(request), **data
    )
    messages.success(request, _("The supervision session was recorded."))
    return redirect("works:board", pk=pk)


@require_POST
@access("works.supervise")
def recommend(request: HttpRequest, pk: int) -> HttpResponse:
    b = _board(request, pk)
    data = valid(RecommendationForm(request.POST))
    session_pk = data.pop("session")
    found = session_for(request.user, b, session_pk) if session_pk else None
    services.recommendation_make(board=b, by=request.user, session=found, **data)
    messages.success(request, _("The recommendation was sent."))
    return redirect("works:board", pk=pk)


@require_POST
@access("works.manage")
def answer(request: HttpRequest, pk: int) -> HttpResponse:
    rec = recommendation_for(request.user, pk, "works.manage")
    services.recommendation_answer(recommendation=rec, by=request.user, **valid(AnswerForm(request.POST)))
    messages.success(request, _("The answer was recorded."))
    return redirect("works:detail", pk=rec.board.work_id)


@require_POST
@access("works.supervise")
def close_recommendation(request: HttpRequest, pk: int) -> HttpResponse:
    rec = recommendation_for(request.user, pk, "works.supervise")
    services.recommendation_close(recommendation=rec, by=request.user, **valid(CloseForm(request.POST)))
    messages.success(request, _("The recommendation was closed."))
    return redirect("works:board", pk=rec.board.work_id)


@require_POST
@access("works.supervise")
def close(request: HttpRequest, pk: int) -> HttpResponse:
    b = _board(request, pk)
    services.board_close(board=b, by=request.user, **valid(BoardCloseForm(request.POST)))
    messages.success(request, _("The board has finished its task."))
    return redirect("works:detail", pk=pk)
