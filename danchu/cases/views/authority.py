"""The commune chairman's own pages (issue #18): the delegations to sign (grant, revoke) and the
escalation contacts an overdue case reaches when the chairman's seat is vacant. Only the chairman of
the unit (or an administrator) opens them; every change goes through the services and is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _

from danchu.core.access import access
from danchu.core.middleware import attempt, status_of
from danchu.places.models import Place

from .. import queries, services
from ..forms import ContactForm, DelegationForm
from ..permissions import authority_units, contact_for, delegation_for, unit_for

AUTHORITY = "cases.manage_authority"


def _unit(request: HttpRequest) -> Place:
    """The commune named in the request (if the person is its chairman), else their first; 404."""
    code = request.GET.get("unit") or request.POST.get("unit")
    if code:
        return unit_for(request.user, code, AUTHORITY)
    units = authority_units(request.user)
    if not units:
        raise Http404
    return units[0]


def _back(request: HttpRequest, unit: Place) -> HttpResponse:
    return HttpResponseRedirect(f"{request.path}?unit={unit.code}")


@access(AUTHORITY, "the commune's chairman delegates signing to a vice-chairman and ends delegations")
def delegations(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    people = [p for p in queries.unit_handlers(unit) if p.pk != request.user.pk]
    form = DelegationForm(people=people)
    if request.method == "POST" and request.POST.get("revoke"):
        d = delegation_for(request.user, request.POST["revoke"][:20])
        if d.unit_id != unit.pk:
            raise Http404
        services.delegation_revoke(by=request.user, delegation=d)
        messages.success(request, _("The delegation was revoked."))
        return _back(request, unit)
    if request.method == "POST":
        form = DelegationForm(request.POST, people=people)
        if form.is_valid() and attempt(form, lambda: _grant(request, unit, form)):
            messages.success(request, _("The delegation was recorded."))
            return _back(request, unit)
    context = {
        "unit": unit,
        "units": authority_units(request.user),
        "form": form,
        "delegations": queries.unit_delegations(unit),
        "in_force": set(queries.unit_delegations(unit).in_force().values_list("pk", flat=True)),
    }
    return render(request, "cases/delegations.html", context, status=status_of(form))


def _grant(request: HttpRequest, unit: Place, form: DelegationForm) -> Any:
    d = form.cleaned_data
    return services.delegation_grant(
        by=request.user,
        unit=unit,
        delegate=form.people[d["delegate"]],
        valid_from=d["valid_from"],
        valid_to=d["valid_to"],
        document=d["document"],
    )


@access(AUTHORITY, "the commune's chairman names whom an overdue case reaches when the seat is vacant")
def contacts(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    form = ContactForm()
    toggle = request.POST.get("deactivate") or request.POST.get("activate")
    if request.method == "POST" and toggle:
        contact = contact_for(request.user, toggle[:20])
        if contact.place_id != unit.pk:
            raise Http404
        active = bool(request.POST.get("activate"))
        if attempt(
            request, lambda: services.contact_set_active(by=request.user, contact=contact, active=active)
        ):
            messages.success(request, _("Saved."))
        return _back(request, unit)
    if request.method == "POST":
        form = ContactForm(request.POST)
        added = (
            attempt(form, lambda: services.contact_add(by=request.user, unit=unit, **form.cleaned_data))
            if form.is_valid()
            else None
        )
        if added is not None:
            messages.success(request, _("Saved."))
            return _back(request, unit)
    context = {
        "unit": unit,
        "units": authority_units(request.user),
        "form": form,
        "contacts": queries.unit_contacts(unit),
    }
    return render(request, "cases/contacts.html", context, status=status_of(form))
