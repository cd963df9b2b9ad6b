"""Pages of steering: the committees a person may read, and one committee's work."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import can_read_place, readable_places
from danchu.core.access import STAFF, access
from danchu.core.errors import DomainError
from danchu.places.models import Place
from danchu.reporting.views import staff_required

from . import services
from .models import Award, BrightSpot, EmulationModel, SteeringCommittee
from .permissions import can_manage


def _committee(request: HttpRequest, pk: int) -> SteeringCommittee:
    c = SteeringCommittee.objects.filter(pk=pk).select_related("body__place").first()
    if c is None or not can_read_place(request.user, c.place):
        raise Http404
    return c


@access(STAFF)
@staff_required
def home(request: HttpRequest) -> HttpResponse:
    places = readable_places(request.user)
    committees = SteeringCommittee.objects.filter(body__place__in=places).select_related("body__place")
    return render(request, "steering/home.html", {"committees": committees})


@access(STAFF)
@staff_required
def committee(request: HttpRequest, pk: int) -> HttpResponse:
    c = _committee(request, pk)
    return render(
        request,
        "steering/committee.html",
        {
            "committee": c,
            "can_manage": can_manage(request.user, c),
            "programmes": c.programmes.all(),
            "inspections": c.inspections.prefetch_related("units__place"),
            "spots": c.bright_spots.select_related("place"),
            "flow": services.BRIGHT_SPOT_FLOW,
            "models": EmulationModel.objects.filter(place__path__startswith=c.place.path).select_related(
                "place"
            ),
            "awards": Award.objects.filter(place__path__startswith=c.place.path).select_related("place"),
            "places": Place.objects.within(c.place)
            .filter(level__lte=3)
            .current()
            .order_by("level", "name")[:500],
            "fields": BrightSpot.Field.choices,
            "award_kinds": Award.Kind.choices,
            "today": timezone.localdate(),
        },
    )


@access("steering.manage")
@staff_required
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
@staff_required
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
@staff_required
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
        )
        messages.success(request, _("Award recorded."))
    except ValueError:
        messages.error(request, _("The date is not valid."))
    except DomainError as e:
        messages.error(request, e.message)
    return redirect("steering:committee", pk=c.pk)
