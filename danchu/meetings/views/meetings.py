"""Pages: the back-office list and convening form, the meeting page with its actions, the printable
notice, household cards, the check-in page, the live quorum, the minutes, and the public pages."""

from __future__ import annotations

from typing import Any

import segno
from django.contrib import messages
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import village_scope
from danchu.core import discussions
from danchu.core.access import PUBLIC, SIGNED_IN, STAFF, access, can, passes
from danchu.core.errors import DomainError
from danchu.core.files import serve_protected
from danchu.core.middleware import status_of
from danchu.core.paging import page_for
from danchu.places.models import Level, Place

from .. import minutes, queries, services
from ..forms import CloseForm, HandsForm, MeetingForm, OnlineOpenForm, SecretForm, SlipForm
from ..models import AgendaItem, Convention, ConventionVersion, Election, Meeting
from ..permissions import item_for, meeting_for
from ..publishing import can_publish

RUN = "meetings.run"
OFFICE_PAGE_SIZE = 50
MINE_PAGE_SIZE = 20


def _paged(request: HttpRequest, meetings: Any, elections: Any, size: int) -> tuple[Page[Any], Page[Any]]:
    """Meetings (`?page=`) and elections (`?epage=`), each paged newest first: they grow every year,
    and a list cut at a fixed length dropped the oldest with no way to reach them."""
    return (
        page_for(request, meetings.select_related("village").order_by("-starts_at", "-pk"), size),
        page_for(
            request, elections.select_related("village").order_by("-election_day", "-pk"), size, param="epage"
        ),
    )


@access(STAFF, below="meetings:mine")
def office(request: HttpRequest) -> HttpResponse:
    villages = village_scope(request.user)
    meetings, elections = _paged(
        request,
        Meeting.objects.filter(village__in=villages),
        Election.objects.filter(village__in=villages),
        OFFICE_PAGE_SIZE,
    )
    # Conventions (`?vpage=`) and dismissals (`?dpage=`) in pages too: they stopped at 100 without a word.
    versions = page_for(
        request,
        ConventionVersion.objects.filter(convention__village__in=villages)
        .select_related("convention__village")
        .order_by("-pk"),
        OFFICE_PAGE_SIZE,
        param="vpage",
    )
    # Of the person's villages, and the board members' of the communes whose Front they act for.
    dismissals = page_for(
        request, queries.dismissals_in_office(request.user), OFFICE_PAGE_SIZE, param="dpage"
    )
    return render(
        request,
        "meetings/office.html",
        {"meetings": meetings, "elections": elections, "versions": versions, "dismissals": dismissals},
    )


@access("meetings.convene")
def new(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        items = [
            services.ItemSpec(
                title=d[f"item{n}_title"],
                kind=d[f"item{n}_kind"],
                matter=d[f"item{n}_matter"],
                method=d[f"item{n}_method"],
            )
            for n in range(5)
            if d[f"item{n}_title"]
        ]
        m = services.meeting_convene(
            actor=request.user,
            draft=services.MeetingDraft(
                village=d["village"],
                title=d["title"],
                starts_at=form.starts_at(),
                location=d["location"],
                cluster=d["cluster"],
                items=items,
            ),
        )
        return redirect("meetings:detail", m.pk)
    return render(request, "meetings/new.html", {"form": form}, status=status_of(form))


@access(SIGNED_IN)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = meeting_for(request.user, pk)
    runs = can(request.user, RUN, m)
    items = list(m.items.prefetch_related("boxes"))
    commented = any(i.kind in (AgendaItem.Kind.COMMENT, AgendaItem.Kind.DISCUSS) for i in items)
    ctx: dict[str, Any] = {
        "meeting": m,
        "items": items,
        # The drafts this meeting's comments go to (the kernel's discussions: consultations).
        "discussions": discussions.open_to(m.village, m.meeting_day) if commented else [],
        "runs": runs,
        "office": passes(request.user, STAFF),  # the back office's list, else "my village's meetings"
        "quorum": queries.quorum(m),
        "notice_respected": queries.notice_respected(m),
        "mine": queries.my_household_record(m, queries.households_of(request.user)),
        "represented": [
            h for h in queries.represented_households(request.user) if h.village_id == m.village_id
        ],
        "may_publish": m.status == Meeting.Status.CONFIRMED
        and not m.disclosure_id
        and can_publish(request.user, m),
    }
    if runs:
        voted, online = queries.voted_outside_present(m), queries.online_votes(m)
        for item in items:
            item.voted_outside = voted.get(item.pk, 0)  # type: ignore[attr-defined]
            item.online_votes = online.get(item.pk, 0)  # type: ignore[attr-defined]
            # Decree 59 Art. 5: only the community's other self-management matters go online.
            item.may_go_online = (  # type: ignore[attr-defined]
                item.kind == AgendaItem.Kind.DECIDE
                and item.matter == AgendaItem.Matter.OTHER
                and item.status == AgendaItem.Status.PENDING
                and not item.online_open
                and m.status in (Meeting.Status.CONVENED, Meeting.Status.OPEN)
            )
        ctx.update(
            hands_form=HandsForm(),
            secret_form=SecretForm(),
            slip_form=SlipForm(),
            close_form=CloseForm(),
            online_form=OnlineOpenForm(),
        )
    return render(request, "meetings/detail.html", ctx)


@access(SIGNED_IN)
def quorum(request: HttpRequest, pk: int) -> HttpResponse:
    m = meeting_for(request.user, pk)
    return render(request, "meetings/_quorum.html", {"meeting": m, "quorum": queries.quorum(m)})


@access(SIGNED_IN)
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    m = meeting_for(request.user, pk)
    ctx = {
        "meeting": m,
        "text": services.meetings.notice_text(m),
        "loudspeaker": services.meetings.loudspeaker_text(m),
    }
    return render(request, "meetings/notice.html", ctx)


@access(SIGNED_IN)
def notice_audio(request: HttpRequest, pk: int) -> HttpResponseBase:
    m = meeting_for(request.user, pk)
    return serve_protected(request, m.notice_audio)


def qr_svg(payload: str) -> str:
    return segno.make(payload, error="m").svg_inline(scale=3)


@access(RUN)
def cards(request: HttpRequest, pk: int) -> HttpResponse:
    m = meeting_for(request.user, pk, RUN)
    households = queries.roster(m.village, m.meeting_day).select_related("representative")
    rows = [{"household": h, "qr": qr_svg(f"HH:{m.village.code}:{h.number}")} for h in households]
    return render(request, "meetings/cards.html", {"meeting": m, "rows": rows})


@access(RUN)
def checkin_page(request: HttpRequest, pk: int) -> HttpResponse:
    m = meeting_for(request.user, pk, RUN)
    return render(request, "meetings/checkin.html", {"meeting": m, "quorum": queries.quorum(m)})


def _act(request: HttpRequest, pk: int) -> Meeting:
    return meeting_for(request.user, pk, RUN)


@require_POST
@access(RUN)
def send_notice(request: HttpRequest, pk: int) -> HttpResponse:
    m = services.notice_send(actor=request.user, meeting=_act(request, pk))
    messages.success(request, _("Notice sent to %(n)s household representatives.") % {"n": m.notified_count})
    return redirect("meetings:detail", pk)


@require_POST
@access(RUN)
def open_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    services.meeting_open(actor=request.user, meeting=_act(request, pk))
    return redirect("meetings:detail", pk)


@require_POST
@access(RUN)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    m = _act(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        raise DomainError(_("Name the secretary; the text cannot contain forbidden characters."))
    services.meeting_close(actor=request.user, meeting=m, **form.cleaned_data)
    return redirect("meetings:detail", pk)


@require_POST
@access(RUN)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    services.meeting_cancel(
        actor=request.user, meeting=_act(request, pk), reason=request.POST.get("reason", "")
    )
    messages.success(request, _("The meeting is cancelled."))
    return redirect("meetings:detail", pk)


@require_POST
@access(RUN)
def confirm_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    m = services.minutes_confirm(actor=request.user, meeting=_act(request, pk))
    if m.disclosure_id:
        messages.success(request, _("Minutes confirmed and published."))
    else:
        messages.success(request, _("Minutes confirmed; commune staff will publish them."))
    return redirect("meetings:detail", pk)


@require_POST
@access(SIGNED_IN)
def publish(request: HttpRequest, pk: int) -> HttpResponse:
    services.minutes_publish(actor=request.user, meeting=meeting_for(request.user, pk))
    messages.success(request, _("Minutes published."))
    return redirect("meetings:detail", pk)


def _item(request: HttpRequest, pk: int, item_pk: int) -> AgendaItem:
    item = item_for(request.user, item_pk)
    if item.meeting_id != pk:
        raise Http404
    return item


@require_POST
@access(RUN)
def item_hands(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    form = HandsForm(request.POST)
    if not form.is_valid():
        raise DomainError(_("Enter three whole numbers (for, against, abstain)."))
    services.item_count_hands(actor=request.user, item=item, **form.cleaned_data)
    return redirect("meetings:detail", pk)


@require_POST
@access(RUN)
def item_secret(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    form = SecretForm(request.POST)
    if not form.is_valid():
        raise DomainError(" ".join(str(e) for errors in form.errors.values() for e in errors))
    d = form.cleaned_data
    services.item_count_secret(
        actor=request.user,
        item=item,
        team=d["team"].splitlines(),
        boxes=d["boxes"],
        team_minutes=d["team_minutes"],
    )
    return redirect("meetings:detail", pk)


@require_POST
@access(RUN)
def item_slip(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    form = SlipForm(request.POST)
    if not form.is_valid():
        raise DomainError(_("Enter the household code and a choice."))
    services.slip_record(actor=request.user, item=item, **form.cleaned_data)
    messages.success(request, _("Slip recorded."))
    return redirect("meetings:detail", pk)


@require_POST
@access(RUN)
def item_online_open(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = _item(request, pk, item_pk)
    form = OnlineOpenForm(request.POST)
    form.is_valid()  # three check boxes: an unticked one is False, and the service names it
    conditions = services.OnlineConditions(
        **{name: bool(form.cleaned_data.get(name)) for name in OnlineOpenForm.base_fields}
    )
    services.item_online_open(actor=request.user, item=item, conditions=conditions)
    messages.success(request, _("Online voting is open: household representatives vote on this page."))
    return redirect("meetings:detail", pk)


@require_POST
@access(RUN)
def item_online_close(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    services.item_online_close(actor=request.user, item=_item(request, pk, item_pk))
    messages.success(request, _("Online voting is closed; the chair confirms the result."))
    return redirect("meetings:detail", pk)


@require_POST
@access(RUN)
def item_confirm(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    services.item_confirm(actor=request.user, item=_item(request, pk, item_pk))
    return redirect("meetings:detail", pk)


@require_POST
@access(SIGNED_IN)
def item_online_vote(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    m = meeting_for(request.user, pk)
    item = item_for(request.user, item_pk, "meetings.view_item")
    number = request.POST.get("household", "")
    mine = [
        h
        for h in queries.represented_households(request.user)
        if h.number == number and h.village_id == m.village_id
    ]
    if item.meeting_id != m.pk or not mine:
        raise Http404
    services.online_vote(
        person=request.user, item=item, household=mine[0], choice=request.POST.get("choice", "")
    )
    messages.success(request, _("Your household's vote is recorded."))
    return redirect("meetings:detail", pk)


@access(SIGNED_IN)
def minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    m = meeting_for(request.user, pk)
    return minutes.response(m, "docx")


@access(SIGNED_IN)
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    m = meeting_for(request.user, pk)
    return minutes.response(m, "pdf")


@access(SIGNED_IN)
def mine(request: HttpRequest) -> HttpResponse:
    households = queries.households_of(request.user)
    villages = {h.village_id for h in households}
    upcoming = (
        Meeting.objects.filter(village_id__in=villages).upcoming(timezone.now()).select_related("village")
    )
    past, elections = _paged(
        request,
        Meeting.objects.filter(village_id__in=villages).held(),
        Election.objects.filter(village_id__in=villages),
        MINE_PAGE_SIZE,
    )
    ctx = {"upcoming": upcoming, "past": past, "households": households, "elections": elections}
    return render(request, "meetings/mine.html", ctx)


@access(PUBLIC)
def village(request: HttpRequest, code: str) -> HttpResponse:
    # A NUL byte in the address would crash PostgreSQL's comparison.
    place = Place.objects.filter(code=code, level=Level.VILLAGE).first() if "\x00" not in code else None
    if place is None:
        raise Http404
    held = Meeting.objects.filter(village=place, status=Meeting.Status.CONFIRMED).prefetch_related("items")[
        :50
    ]
    elections = Election.objects.filter(village=place, status=Election.Status.RECOGNISED).prefetch_related(
        "candidates"
    )
    conventions = Convention.objects.filter(village=place).prefetch_related("versions")
    ctx = {"place": place, "meetings": held, "elections": elections, "conventions": conventions}
    return render(request, "meetings/village.html", ctx)
