"""Back-office pages of oversight: the person's work, a board (members, programme, matters), the Front."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import STAFF, access, can
from danchu.core.calendar import today
from danchu.core.errors import DomainError
from danchu.core.formats import number
from danchu.core.idempotency import idempotent
from danchu.core.paging import page_for
from danchu.core.text import fold, query_text
from danchu.places.importing import samples
from danchu.places.importing.pages import warn_unread

from .. import queries, services
from ..forms import (
    BoardForm,
    ClaimPhoneForm,
    ContactForm,
    EndForm,
    ImportForm,
    MatterForm,
    MemberForm,
    PlanAdjustForm,
    PlanForm,
    PositionsForm,
    SupervisionForm,
    cleaned,
)
from ..importing import matters_import, matters_sample
from ..permissions import board_for, commune_for, front_for, member_for, plan_for


def _consultations_url() -> str:
    """The Front's comments on drafts live in the consultations module (when it has that page)."""
    try:
        return reverse("consultations:front")
    except NoReverseMatch:
        return ""


# Up to this many communes without a board get their set-up form straight away; above it (a province's
# or the country's administrator) the page asks which commune first, rather than rendering thousands.
ESTABLISH_INLINE = 5


def _establish_forms(request: HttpRequest) -> dict[str, Any]:
    """The set-up forms of the communes without a board the person may give one: all of them when
    few, else those whose name or code matches `?commune=` (at most 20), each with its own field ids."""
    without = queries.communes_without_board(request.user)
    typed = query_text(request, "commune", label=_("Commune"))
    wanted = fold(typed).strip()
    shown = without
    if len(without) > ESTABLISH_INLINE:
        shown = [p for p in without if wanted and (wanted in fold(p.name) or p.code == wanted)][:20]
    return {
        "without_board_count": len(without),
        "establish_search": len(without) > ESTABLISH_INLINE,
        "establish_query": typed,
        "establish": [(p, BoardForm(auto_id=f"board-{p.code}-%s")) for p in shown],
    }


@access(STAFF, below="oversight:mine")
def office(request: HttpRequest) -> HttpResponse:
    person = request.user
    supervisions = queries.supervisions_for(person)
    context = {
        "boards": queries.board_summaries(queries.boards_for(person)),
        "fronts": queries.fronts_for(person),
        # Every one, a page at a time (`?spage=`): the table stopped at 200 without a word.
        "supervisions": page_for(request, supervisions.order_by("-planned_from", "-pk"), 50, param="spage"),
        "by_topic": queries.supervisions_by_topic(supervisions),
        "awaiting": queries.awaiting_answer(person),
        "today": today(),
        **_establish_forms(request),
        "supervision_form": SupervisionForm(),  # one per Front: {% form_with_ids %}
        "consultations_url": _consultations_url(),
    }
    return render(request, "oversight/office.html", context)


@access("oversight.establish_board")
@require_POST
def board_establish(request: HttpRequest, code: str) -> HttpResponse:
    place = commune_for(request.user, code)
    data = cleaned(BoardForm(request.POST))
    board = services.board_establish(actor=request.user, place=place, **data)
    messages.success(request, _("The People's Inspection Board is set up."))
    return redirect("oversight:board", pk=board.pk)


# A board's matters, newest first, a page at a time (an imported history runs to thousands).
MATTERS_PER_PAGE = 50


@access("oversight.read_board")
def board(request: HttpRequest, pk: int) -> HttpResponse:
    b = board_for(request.user, pk)
    place = b.body.place
    context = {
        "board": b,
        "members": b.members.select_related("person", "village"),
        "plans": queries.plans_of(b),
        "matters": page_for(request, queries.matters_of(b), MATTERS_PER_PAGE),
        "can_work": can(request.user, "oversight.work", b),
        "can_manage": can(request.user, "oversight.manage_board", b),
        "matter_form": MatterForm(place=place, auto_id="matter-%s", initial={"received_on": today()}),
        "plan_form": PlanForm(auto_id="plan-%s", initial={"year": today().year}),
        "adjust_form": PlanAdjustForm(),  # one per plan: {% form_with_ids %}
        "member_form": MemberForm(place=place, auto_id="member-%s", initial={"elected_on": today()}),
        "end_form": EndForm(),  # one per member: {% form_with_ids %}
        "contact_form": ContactForm(auto_id="contact-%s"),
        "import_form": ImportForm(auto_id="import-%s"),
        "me": b.members.filter(person=request.user.pk, ended_on__isnull=True).first(),
    }
    return render(request, "oversight/board.html", context)


@access("oversight.manage_board")
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    b = board_for(request.user, pk, "oversight.manage_board")
    data = cleaned(MemberForm(request.POST, place=b.body.place))
    member = services.member_add(actor=request.user, board=b, data=services.MemberData(**data))
    messages.success(request, _("%(person)s is recorded as a member.") % {"person": member.person})
    return redirect("oversight:board", pk=b.pk)


@access("oversight.manage_board")
@require_POST
def member_recognise(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for(request.user, pk)
    services.member_recognise(actor=request.user, member=member)
    messages.success(request, _("Member recognised."))
    return redirect("oversight:board", pk=member.board_id)


@access("oversight.manage_board")
@require_POST
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = member_for(request.user, pk)
    data = cleaned(EndForm(request.POST))
    services.member_end(actor=request.user, member=member, reason=data["reason"], on=data["on"])
    messages.success(request, _("Membership ended."))
    if can(request.user, "oversight.read_board", member.board):
        return redirect("oversight:board", pk=member.board_id)
    # A unit's representatives end a seat from the unit's page (they do not read the board's work).
    return _back(request) or redirect("office:index")


def _back(request: HttpRequest) -> HttpResponse | None:
    """The page the form was posted from (its `next`, same host only), if given."""
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)
    return None


@access("oversight.set_positions")
@require_POST
def board_positions(request: HttpRequest, pk: int) -> HttpResponse:
    """The head and deputy head a unit's board chose (recorded by the unit's representatives, from the
    unit's page)."""
    b = board_for(request.user, pk, "oversight.set_positions")
    data = cleaned(PositionsForm(request.POST, board=b))
    services.unit_board_positions(
        actor=request.user, board=b, head=data["head"], deputy=data.get("deputy"), on=data.get("on")
    )
    messages.success(request, _("The head and deputy head of the board are recorded."))
    if back := _back(request):
        return back
    if can(request.user, "oversight.read_board", b):
        return redirect("oversight:board", pk=b.pk)
    return redirect("office:index")


@access("oversight.set_positions")
@require_POST
def member_claim(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's representative records the phone of a member elected without an account; the member
    gets a code by SMS to claim it (from the unit's page)."""
    member = member_for(request.user, pk, "oversight.set_positions")
    data = cleaned(ClaimPhoneForm(request.POST))
    services.unit_member_claim_send(actor=request.user, member=member, phone=data["phone"])
    messages.success(
        request,
        _("A code to take over the account was sent to %(person)s by SMS.") % {"person": member.person},
    )
    if back := _back(request):
        return back
    return redirect("office:index")


@access("oversight.work")
@require_POST
def member_contact(request: HttpRequest, pk: int) -> HttpResponse:
    b = board_for(request.user, pk, "oversight.work")
    member = b.members.filter(person=request.user.pk, ended_on__isnull=True).first()
    if member is None:
        raise DomainError(_("Only a member chooses how citizens reach them."), status=403)
    data = cleaned(ContactForm(request.POST))
    services.member_contact(actor=request.user, member=member, **data)
    messages.success(request, _("Saved."))
    return redirect("oversight:board", pk=b.pk)


def _plan_data(data: dict) -> services.PlanData:
    return services.PlanData(
        period=data["period"],
        year=data["year"],
        number=data.get("number") or 0,
        title=data["title"],
        objectives=data["objectives"],
        contents=data["contents"],
        start_on=data["start_on"],
        end_on=data["end_on"],
        budget=data.get("budget") or 0,
    )


@access("oversight.work")
@require_POST
@idempotent
def plan_create(request: HttpRequest, pk: int) -> HttpResponse:
    b = board_for(request.user, pk, "oversight.work")
    services.plan_create(actor=request.user, board=b, data=_plan_data(cleaned(PlanForm(request.POST))))
    messages.success(request, _("Plan saved."))
    return redirect("oversight:board", pk=b.pk)


@access("oversight.work")
@require_POST
def plan_adjust(request: HttpRequest, pk: int) -> HttpResponse:
    plan = plan_for(request.user, pk)
    data = cleaned(PlanAdjustForm(request.POST))
    services.plan_adjust(actor=request.user, plan=plan, data=_plan_data(data), reason=data["reason"])
    messages.success(request, _("Plan adjusted; the previous version is kept."))
    return redirect("oversight:board", pk=plan.board_id)


@access("oversight.work")
@require_POST
@idempotent
def matter_receive(request: HttpRequest, pk: int) -> HttpResponse:
    b = board_for(request.user, pk, "oversight.work")
    data = cleaned(MatterForm(request.POST, place=b.body.place))
    matter = services.matter_receive(actor=request.user, board=b, data=services.MatterData(**data))
    messages.success(request, _("Matter %(code)s recorded.") % {"code": matter.code})
    return redirect("oversight:matter", pk=matter.pk)


@access("oversight.work")
@require_POST
def import_matters(request: HttpRequest, pk: int) -> HttpResponse:
    b = board_for(request.user, pk, "oversight.work")
    data = cleaned(ImportForm(request.POST, request.FILES))
    result = matters_import(
        actor=request.user, board=b, file=data["file"], skip_bad_rows=data.get("skip_bad_rows", False)
    )
    messages.success(request, _("%(n)s past matters imported.") % {"n": number(len(result.matters))})
    warn_unread(request, result.unread_columns)
    if result.skipped:
        skipped = " ".join(str(e) for e in result.skipped[:50])
        messages.warning(request, _("Rows skipped: %(rows)s") % {"rows": skipped})
    return redirect("oversight:board", pk=b.pk)


@access("oversight.work")
def import_sample(request: HttpRequest, pk: int) -> HttpResponse:
    """The past matters import's sample workbook, for the board's members."""
    b = board_for(request.user, pk, "oversight.work")
    return samples.download(matters_sample(), f"mau-vu-viec-{b.pk}.xlsx")


@access("oversight.supervise")
@require_POST
@idempotent
def supervision_plan(request: HttpRequest, pk: int) -> HttpResponse:
    front = front_for(request.user, pk)
    data = cleaned(SupervisionForm(request.POST))
    s = services.supervision_plan(actor=request.user, front=front, data=services.SupervisionData(**data))
    messages.success(request, _("Supervision planned."))
    return redirect("oversight:supervision", pk=s.pk)
