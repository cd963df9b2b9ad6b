"""Pages of steering: the committees a person may read, and one committee's work."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import readable_places
from danchu.core.access import STAFF, access
from danchu.core.errors import DomainError
from danchu.core.idempotency import idempotent
from danchu.core.middleware import attempt, status_of
from danchu.places.models import Place
from danchu.places.queries import place_or_none

from .. import queries, services
from ..forms import InspectionPlanForm, InspectionRecordForm, ProgrammeForm, RecommendationResolveForm
from ..models import Award, BrightSpot, Criterion, EmulationModel, SteeringCommittee
from ..permissions import (
    READERS,
    bright_spot_for,
    can_manage,
    committee_for,
    committee_recommendation_for,
    inspection_for,
    programme_for,
)
from ..services import criteria
from . import work as work_views

PLACES_LISTED = 500  # units of the area a <select> lists; more are typed by code from a shared list


def _committee(request: HttpRequest, pk: int) -> SteeringCommittee:
    return committee_for(request.user, pk)


def _managed(request: HttpRequest, pk: int) -> SteeringCommittee:
    """The committee the person may read, refused with 403 unless they are one of its members."""
    c = _committee(request, pk)
    if not can_manage(request.user, c):
        raise PermissionDenied
    return c


@access(STAFF)
def home(request: HttpRequest) -> HttpResponse:
    places = readable_places(request.user, READERS)  # only the committees the person may open
    committees = SteeringCommittee.objects.filter(body__place__in=places).select_related("body__place")
    return render(request, "steering/home.html", {"committees": committees})


def _page(request: HttpRequest, c: SteeringCommittee, *, status: int = 200, **forms: Any) -> HttpResponse:
    places = list(Place.objects.within(c.place).filter(level__lte=3).current().order_by("level", "name"))
    context: dict[str, Any] = {
        "committee": c,
        "can_manage": can_manage(request.user, c),
        "programmes": queries.programmes(c),
        "inspections": queries.inspections(c),
        "spots": c.bright_spots.select_related("place").prefetch_related("evidence__criterion"),
        "flow": {
            status: [(n, BrightSpot.Status(n).label) for n in nexts]
            for status, nexts in services.BRIGHT_SPOT_FLOW.items()
        },
        "models": EmulationModel.objects.filter(place__path__startswith=c.place.path)
        .select_related("place")
        .prefetch_related("evidence__criterion"),
        "awards": Award.objects.filter(place__path__startswith=c.place.path).select_related("place"),
        # Every unit of the area: listed in a select for a province's hundred or so, else typed by code
        # from one shared list (a national committee's 3,300 communes, four times over, would weigh
        # half a megabyte; the select used to stop at 500 without a word).
        "places": places,
        "places_listed": len(places) <= PLACES_LISTED,
        "fields": BrightSpot.Field.choices,
        "award_kinds": Award.Kind.choices,
        "today": timezone.localdate(),
        "briefings": c.briefings.prefetch_related("tasks"),
        "tasks": c.tasks.select_related("briefing"),
        "assignments": c.assignments.select_related("person", "place"),
        "members": work_views._members(c),
        "criteria": {k: criteria.criteria_for(k) for k in Criterion.Kind.values},
        "recipient_kinds": Award.RecipientKind.choices,
        "model_fields": EmulationModel.Field.choices,
        "award_fields": Award.AwardField.choices,
        "programme_form": forms.get("programme_form") or ProgrammeForm(),
        "inspection_form": forms.get("inspection_form") or InspectionPlanForm(committee=c),
        "record_form": forms.get("record_form") or InspectionRecordForm(),
        "record_for": forms.get("record_for"),
    }
    return render(request, "steering/committee.html", context, status=status)


@access(STAFF)
def committee(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _committee(request, pk))


def _refused(request: HttpRequest, c: SteeringCommittee, *, status: int = 400, **forms: Any) -> HttpResponse:
    """The committee's page again after a service refused (its message is on the form or the page),
    with the refusing service's status when a form carries it (attempt() keeps it)."""
    refused = [status_of(f) for f in forms.values() if hasattr(f, "is_bound")]
    return _page(request, c, status=max(refused) if refused else status, **forms)


@access("steering.manage")
@require_POST
@idempotent
def programme_create(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    form = ProgrammeForm(request.POST)
    if not form.is_valid():
        return _page(request, c, status=400, programme_form=form)
    if (
        attempt(form, lambda: services.programme_create(actor=request.user, committee=c, **form.cleaned_data))
        is None
    ):
        return _refused(request, c, programme_form=form)
    messages.success(request, _("Programme saved."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def programme_complete(request: HttpRequest, pk: int, programme_pk: int) -> HttpResponse:
    c = _managed(request, pk)
    programme = programme_for(request.user, c, programme_pk)
    if attempt(request, lambda: services.programme_complete(actor=request.user, programme=programme)) is None:
        return _refused(request, c, status=409)  # the one refusal left for a member: already done
    messages.success(request, _("Programme marked done."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
@idempotent
def inspection_plan(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    form = InspectionPlanForm(request.POST, committee=c)
    if not form.is_valid():
        return _page(request, c, status=400, inspection_form=form)
    data = form.cleaned_data
    planned = attempt(
        form,
        lambda: services.inspection_plan(
            actor=request.user,
            committee=c,
            title=data["title"],
            planned_on=data["planned_on"],
            planned_until=data["planned_until"],
            content=data["content"],
            units=[(p, "") for p in data["units"]],
        ),
    )
    if planned is None:
        return _refused(request, c, inspection_form=form)
    messages.success(request, _("Inspection planned."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def inspection_record(request: HttpRequest, pk: int, inspection_pk: int) -> HttpResponse:
    c = _managed(request, pk)
    inspection = inspection_for(request.user, c, inspection_pk)
    form = InspectionRecordForm(request.POST)
    if not form.is_valid():
        return _page(request, c, status=400, record_form=form, record_for=inspection.pk)
    recorded = attempt(
        form,
        lambda: services.inspection_record(
            actor=request.user,
            inspection=inspection,
            done_on=form.cleaned_data["done_on"],
            findings=form.cleaned_data["findings"],
            recommendations=form.recommendation_list(),
        ),
    )
    if recorded is None:
        return _refused(request, c, record_form=form, record_for=inspection.pk)
    messages.success(request, _("Findings recorded."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def recommendation_resolve(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    c = _managed(request, pk)
    rec = committee_recommendation_for(request.user, c, recommendation_pk)
    form = RecommendationResolveForm(request.POST)
    if form.is_valid():
        attempt(
            form,
            lambda: services.recommendation_resolve(
                actor=request.user, recommendation=rec, resolution=form.cleaned_data["resolution"]
            ),
        )
    if form.errors:  # a bad resolution is refused, never dropped while the recommendation is closed
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return _refused(request, c, resolve_form=form)
    messages.success(request, _("Recommendation marked resolved."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
@idempotent
def bright_spot_register(request: HttpRequest, pk: int) -> HttpResponse:
    c = _committee(request, pk)
    place = place_or_none(request.POST.get("place"))

    if place is None:
        raise DomainError(_("Choose a place."))
    services.bright_spot_register(
        actor=request.user,
        committee=c,
        place=place,
        name=request.POST.get("name", ""),
        address=request.POST.get("address", ""),
        field=request.POST.get("field", BrightSpot.Field.QCDC),
    )
    messages.success(request, _("Bright spot registered."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def bright_spot_advance(request: HttpRequest, pk: int, spot_pk: int) -> HttpResponse:
    c = _committee(request, pk)
    spot = bright_spot_for(request.user, c, spot_pk, "steering.view")
    to, note = request.POST.get("to", ""), request.POST.get("note", "")
    services.bright_spot_advance(actor=request.user, spot=spot, to=to, note=note)
    messages.success(request, _("Saved."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
@idempotent
def award_grant(request: HttpRequest, pk: int) -> HttpResponse:
    c = _committee(request, pk)
    place = place_or_none(request.POST.get("place"))
    if place is None or not place.is_within(c.place):
        raise DomainError(_("Choose a place."))
    if not can_manage(request.user, c):
        raise DomainError(_("Only members of this steering committee may do this."))
    try:
        issued = dt.date.fromisoformat(request.POST.get("issued_on") or timezone.localdate().isoformat())
    except ValueError:
        raise DomainError(_("The date is not valid.")) from None
    services.award_grant(
        actor=request.user,
        kind=request.POST.get("kind", ""),
        recipient=request.POST.get("recipient", ""),
        place=place,
        reason=request.POST.get("reason", ""),
        issuer=c.body.name,
        issued_on=issued,
        reference=request.POST.get("reference", ""),
        recipient_kind=request.POST.get("recipient_kind", Award.RecipientKind.COLLECTIVE),
        field=request.POST.get("award_field", Award.AwardField.QCDC),
    )
    messages.success(request, _("Award recorded."))
    return redirect("steering:committee", pk=c.pk)
