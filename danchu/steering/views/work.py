"""Pages of the committee's own work: assignments, briefing meetings and tasks, evidence for
bright spots and models, the units' answers to recommendations, and the public list and map."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.models import Membership, Role, User
from danchu.core.access import PUBLIC, STAFF, access
from danchu.core.errors import DomainError
from danchu.core.files import serve_protected
from danchu.core.idempotency import idempotent
from danchu.core.paging import page_for
from danchu.places.queries import place_or_none

from .. import queries, services
from ..models import Assignment, BrightSpot, Criterion, EmulationModel
from ..permissions import (
    bright_spot_for,
    committee_for,
    emulation_model_for,
    evidence_for,
    place_for,
    recommendation_for,
    task_for,
)
from ..services import criteria, work


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise DomainError(_("The date is not valid.")) from None


def _tasks(text: str, committee_members: dict[str, User]) -> list[work.TaskData]:
    """One task a line: "task; owner; yyyy-mm-dd" (the owner a member's name, or any name)."""
    found = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split(";")]
        if len(parts) != 3:
            raise DomainError(_("Task line %(n)d: write “task; owner; deadline”.") % {"n": n})
        title, owner, deadline = parts
        person = committee_members.get(owner)
        found.append(work.TaskData(title=title, deadline=_date(deadline), owner=person, owner_name=owner))
    return found


def _members(committee: object) -> dict[str, User]:
    """The committee's members today, by name (a member whose term has ended is not offered)."""
    current = Membership.objects.active().filter(
        body=committee.body,  # type: ignore[attr-defined]
        role=Role.STEERING_MEMBER,
    )
    return {
        u.full_name: u for u in User.objects.filter(pk__in=current.values("person")).order_by("full_name")
    }


@access("steering.manage")
@require_POST
@idempotent
def briefing_hold(request: HttpRequest, pk: int) -> HttpResponse:
    c = committee_for(request.user, pk, "steering.manage")
    work.briefing_hold(
        actor=request.user,
        committee=c,
        held_on=_date(request.POST.get("held_on", "")),
        chaired_by=request.POST.get("chaired_by", ""),
        conclusions=request.POST.get("conclusions", ""),
        tasks=_tasks(request.POST.get("tasks", ""), _members(c)),
    )
    messages.success(request, _("Briefing meeting recorded."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage_task")
@require_POST
def task_close(request: HttpRequest, pk: int) -> HttpResponse:
    task = task_for(request.user, pk)
    work.task_close(actor=request.user, task=task, result=request.POST.get("result", ""))
    messages.success(request, _("Task closed."))
    return redirect("steering:committee", pk=task.committee_id)


@access("steering.manage")
@require_POST
@idempotent
def assignment_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = committee_for(request.user, pk, "steering.manage")
    person = _members(c).get(request.POST.get("person", ""))
    if person is None:
        raise DomainError(_("Only a member of the committee can be assigned."))
    code = request.POST.get("place", "")
    place = place_or_none(code)  # a NUL or over-long code is no place (PostgreSQL refuses a NUL)
    if code and place is None:  # an area the form did not offer: refused, never saved as "no area"
        raise DomainError(_("Choose a place."))
    work.assignment_add(
        actor=request.user,
        committee=c,
        person=person,
        position=request.POST.get("position", ""),
        place=place,
        units=request.POST.get("units", ""),
    )
    messages.success(request, _("Assignment saved."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
@idempotent
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    c = committee_for(request.user, pk, "steering.manage")
    spot = model = None
    if request.POST.get("spot"):
        spot = bright_spot_for(request.user, c, request.POST["spot"])
        kind = spot.field_kind
    else:
        model = emulation_model_for(request.user, c, request.POST.get("model", ""))
        kind = Criterion.Kind.DAN_VAN_KHEO
    raw = request.POST.get("criterion", "")
    criterion = next((x for x in criteria.criteria_for(kind) if str(x.pk) == raw), None)
    if criterion is None:
        raise DomainError(_("Choose a criterion."))
    criteria.evidence_add(
        actor=request.user,
        criterion=criterion,
        text=request.POST.get("text", ""),
        figure=request.POST.get("figure", ""),
        file=request.FILES.get("file"),
        bright_spot=spot,
        emulation_model=model,
    )
    messages.success(request, _("Evidence added."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.view")
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponseBase:
    """An evidence's document or photo, to those who read the committee (never a /media/ URL)."""
    c = committee_for(request.user, pk)
    ev = evidence_for(request.user, c, evidence_pk)
    extension = ev.file.name.rsplit(".", 1)[-1] if ev.file and "." in ev.file.name else ""
    return serve_protected(request, ev.file, filename=f"minh-chung-{ev.pk}.{extension}".rstrip("."))


@access("steering.answer")
@require_POST
def recommendation_answer(request: HttpRequest, pk: int) -> HttpResponse:
    rec = recommendation_for(request.user, pk)
    work.recommendation_answer(actor=request.user, recommendation=rec, answer=request.POST.get("answer", ""))
    messages.success(request, _("Your answer was sent to the steering committee."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}
    ) or not target.startswith("/"):
        target = "/workplaces/"
    return redirect(target)


@access(STAFF)
def place_assignments(request: HttpRequest, code: str) -> HttpResponse:
    place = place_for(request.user, code)
    assignments = (
        Assignment.objects.filter(place__in=[place, *place.ancestors()])
        .select_related("committee__body", "person", "place")
        .order_by("committee__body__name", "place__level")
    )
    return render(request, "steering/place_assignments.html", {"place": place, "assignments": assignments})


@access(STAFF)
def place_recommendations(request: HttpRequest, code: str) -> HttpResponse:
    """The inspections by committees above a commune that covered it, their findings and
    recommendations, each answered in writing by the commune's chairman or an officer."""
    place = place_for(request.user, code)
    page = page_for(request, queries.inspections_of_place(place), 20)
    answerable = {r.pk for i in page for r in i.recommendations.all() if work.can_answer(request.user, r)}
    return render(
        request,
        "steering/place_recommendations.html",
        {"place": place, "page": page, "answerable": answerable},
    )


PUBLIC_PAGE = 50


@access(PUBLIC)
def bright_spots_public(request: HttpRequest) -> HttpResponse:
    """Every recognised bright spot and model, a page at a time (none left out of the list)."""
    spots = BrightSpot.objects.filter(status=BrightSpot.Status.RECOGNISED).select_related("place")
    models = EmulationModel.objects.filter(status=EmulationModel.Status.RECOGNISED).select_related("place")
    counts = {
        "qcdc": spots.filter(field=BrightSpot.Field.QCDC).count(),
        "dvcq": spots.filter(field=BrightSpot.Field.GOVERNMENT_MOBILISATION).count(),
        "dvk": models.count(),
    }
    order = ("-recognised_on", "-pk")
    return render(
        request,
        "steering/bright_spots_public.html",
        {
            "spots": page_for(request, spots.order_by(*order), PUBLIC_PAGE),
            "models": page_for(request, models.order_by(*order), PUBLIC_PAGE, param="models_page"),
            "counts": counts,
            "tiles": getattr(settings, "MAP_TILE_URL", ""),
        },
    )


@access("steering.manage")
@require_POST
@idempotent
def model_register(request: HttpRequest, pk: int) -> HttpResponse:
    c = committee_for(request.user, pk, "steering.manage")
    place = place_or_none(request.POST.get("place"))
    if place is None or not place.is_within(c.place):
        raise DomainError(_("Choose a place."))
    name = request.POST.get("name", "").strip()
    if not name or "\x00" in name or len(name) > 255:
        raise DomainError(_("Give the model's name (at most 255 characters)."))
    field = request.POST.get("field", "")
    if field not in EmulationModel.Field.values:
        raise DomainError(_("Choose a field."))
    year = timezone.localdate().year  # the year in Viet Nam, not on the server's clock
    services.model_register(actor=request.user, place=place, name=name, field=field, year=year)
    messages.success(request, _("Model registered."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def model_recognise(request: HttpRequest, pk: int, model_pk: int) -> HttpResponse:
    c = committee_for(request.user, pk, "steering.manage")
    model = emulation_model_for(request.user, c, model_pk)
    level = request.POST.get("level", "").strip()
    if not level or "\x00" in level or len(level) > 40:
        raise DomainError(_("Give the level it is recognised at (at most 40 characters)."))
    services.model_recognise(actor=request.user, model=model, level=level)
    messages.success(request, _("Model recognised."))
    return redirect("steering:committee", pk=c.pk)
