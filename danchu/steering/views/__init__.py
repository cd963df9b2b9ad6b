"""Pages of steering: the committees a person may read, and one committee's work."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import readable_places
from danchu.core.access import STAFF, access
from danchu.core.errors import DomainError
from danchu.places.models import Place

from .. import queries, services
from ..forms import InspectionPlanForm, InspectionRecordForm, ProgrammeForm, RecommendationResolveForm
from ..models import Award, BrightSpot, Criterion, EmulationModel, Recommendation, SteeringCommittee
from ..permissions import can_manage, committee_for
from ..services import criteria
from . import work as work_views


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
    places = readable_places(request.user)
    committees = SteeringCommittee.objects.filter(body__place__in=places).select_related("body__place")
    return render(request, "steering/home.html", {"committees": committees})


def _page(request: HttpRequest, c: SteeringCommittee, *, status: int = 200, **forms: Any) -> HttpResponse:
    context: dict[str, Any] = {
        "committee": c,
        "can_manage": can_manage(request.user, c),
        "programmes": queries.programmes(c),
        "inspections": queries.inspections(c),
        "spots": c.bright_spots.select_related("place").prefetch_related("evidence__criterion"),
        "flow": services.BRIGHT_SPOT_FLOW,
        "models": EmulationModel.objects.filter(place__path__startswith=c.place.path)
        .select_related("place")
        .prefetch_related("evidence__criterion"),
        "awards": Award.objects.filter(place__path__startswith=c.place.path).select_related("place"),
        "places": Place.objects.within(c.place)
        .filter(level__lte=3)
        .current()
        .order_by("level", "name")[:500],
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


def _refused(request: HttpRequest, c: SteeringCommittee, e: DomainError, **forms: Any) -> HttpResponse:
    messages.error(request, e.message)
    return _page(request, c, status=e.status, **forms)


@access("steering.manage")
@require_POST
def programme_create(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    form = ProgrammeForm(request.POST)
    if not form.is_valid():
        return _page(request, c, status=400, programme_form=form)
    try:
        services.programme_create(actor=request.user, committee=c, **form.cleaned_data)
    except DomainError as e:
        return _refused(request, c, e, programme_form=form)
    messages.success(request, _("Programme saved."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def programme_complete(request: HttpRequest, pk: int, programme_pk: int) -> HttpResponse:
    c = _managed(request, pk)
    programme = c.programmes.filter(pk=programme_pk).first()
    if programme is None:
        raise Http404
    try:
        services.programme_complete(actor=request.user, programme=programme)
    except DomainError as e:
        return _refused(request, c, e)
    messages.success(request, _("Programme marked done."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def inspection_plan(request: HttpRequest, pk: int) -> HttpResponse:
    c = _managed(request, pk)
    form = InspectionPlanForm(request.POST, committee=c)
    if not form.is_valid():
        return _page(request, c, status=400, inspection_form=form)
    data = form.cleaned_data
    try:
        services.inspection_plan(
            actor=request.user,
            committee=c,
            title=data["title"],
            planned_on=data["planned_on"],
            planned_until=data["planned_until"],
            content=data["content"],
            units=[(p, "") for p in data["units"]],
        )
    except DomainError as e:
        return _refused(request, c, e, inspection_form=form)
    messages.success(request, _("Inspection planned."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def inspection_record(request: HttpRequest, pk: int, inspection_pk: int) -> HttpResponse:
    c = _managed(request, pk)
    inspection = c.inspections.filter(pk=inspection_pk).first()
    if inspection is None:
        raise Http404
    form = InspectionRecordForm(request.POST)
    if not form.is_valid():
        return _page(request, c, status=400, record_form=form, record_for=inspection.pk)
    try:
        services.inspection_record(
            actor=request.user,
            inspection=inspection,
            done_on=form.cleaned_data["done_on"],
            findings=form.cleaned_data["findings"],
            recommendations=form.recommendation_list(),
        )
    except DomainError as e:
        return _refused(request, c, e, record_form=form, record_for=inspection.pk)
    messages.success(request, _("Findings recorded."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def recommendation_resolve(request: HttpRequest, pk: int, recommendation_pk: int) -> HttpResponse:
    c = _managed(request, pk)
    rec = Recommendation.objects.filter(inspection__committee=c, pk=recommendation_pk).first()
    if rec is None:
        raise Http404
    form = RecommendationResolveForm(request.POST)
    form.is_valid()
    try:
        services.recommendation_resolve(
            actor=request.user, recommendation=rec, resolution=form.cleaned_data.get("resolution", "")
        )
    except DomainError as e:
        return _refused(request, c, e)
    messages.success(request, _("Recommendation marked resolved."))
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def bright_spot_register(request: HttpRequest, pk: int) -> HttpResponse:
    c = _committee(request, pk)
    place = Place.objects.filter(code=request.POST.get("place", "")).first()
    try:
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
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def bright_spot_advance(request: HttpRequest, pk: int, spot_pk: int) -> HttpResponse:
    c = _committee(request, pk)
    spot = c.bright_spots.filter(pk=spot_pk).first()
    if spot is None:
        raise Http404
    try:
        services.bright_spot_advance(
            actor=request.user, spot=spot, to=request.POST.get("to", ""), note=request.POST.get("note", "")
        )
        messages.success(request, _("Saved."))
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("steering:committee", pk=c.pk)


@access("steering.manage")
@require_POST
def award_grant(request: HttpRequest, pk: int) -> HttpResponse:
    c = _committee(request, pk)
    place = Place.objects.filter(code=request.POST.get("place", "")).first()
    try:
        if place is None or not place.is_within(c.place):
            raise DomainError(_("Choose a place."))
        if not can_manage(request.user, c):
            raise DomainError(_("Only members of this steering committee may do this."))
        issued = dt.date.fromisoformat(request.POST.get("issued_on") or timezone.localdate().isoformat())
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
    except ValueError:
        messages.error(request, _("The date is not valid."))
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("steering:committee", pk=c.pk)
