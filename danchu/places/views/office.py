"""The back office where commune staff keep their villages and household registers.

Every page fetches its object through a getter that checks the scope and answers 404 for both a
missing and a foreign object, so codes cannot be probed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.accounts.permissions import COMMUNE_STAFF, Role, acting_places, can
from danchu.core.access import access
from danchu.core.errors import DomainError

from .. import forms, importing, queries, services
from ..models import Household, HouseholdMember, Level, Place, PlaceKind

MANAGE_VILLAGES = "places.manage_villages"
MANAGE_HOUSEHOLDS = "places.manage_households"


def _not_found(code: str) -> Http404:
    return Http404(_("There is no unit with the code %(code)s.") % {"code": code})


def get_commune(request: HttpRequest, code: str, permission: str = MANAGE_VILLAGES) -> Place:
    place = (
        Place.objects.filter(code=queries.clean_input(code, 64), level=Level.COMMUNE)
        .select_related("parent")
        .first()
    )
    if place is None or not can(request.user, permission, place):
        raise _not_found(code)
    return place


def get_village(request: HttpRequest, code: str, permission: str = MANAGE_HOUSEHOLDS) -> Place:
    place = (
        Place.objects.filter(code=queries.clean_input(code, 64), level=Level.VILLAGE)
        .select_related("parent")
        .first()
    )
    if place is None or not can(request.user, permission, place):
        raise _not_found(code)
    return place


def get_household(request: HttpRequest, pk: int) -> Household:
    household = queries.household_detail(pk)
    if household is None or not can(request.user, MANAGE_HOUSEHOLDS, household.village):
        raise Http404(_("There is no such household."))
    return household


def _commune_code(village: Place) -> str:
    assert village.parent is not None  # villages always sit under a commune
    return village.parent.code


def _fail(request: HttpRequest, error: DomainError) -> None:
    messages.error(request, error.message)


@access(MANAGE_HOUSEHOLDS)
@login_required
def index(request: HttpRequest) -> HttpResponse:
    places = acting_places(request.user, COMMUNE_STAFF | {Role.VILLAGE_HEAD})
    communes = sorted({p for p in places if p.level == Level.COMMUNE}, key=lambda p: p.name)
    villages = sorted({p for p in places if p.level == Level.VILLAGE}, key=lambda p: p.name)
    if not communes and not villages:
        raise Http404(_("You keep no village register."))
    if len(communes) == 1 and not villages:
        return redirect("places:office_villages", code=communes[0].code)
    if len(villages) == 1 and not communes:
        return redirect("places:office_households", code=villages[0].code)
    return render(request, "places/office/index.html", {"communes": communes[:200], "villages": villages})


@access(MANAGE_VILLAGES)
@login_required
def villages(request: HttpRequest, code: str) -> HttpResponse:
    commune = get_commune(request, code)
    kind = PlaceKind.RESIDENTIAL_GROUP if commune.kind == PlaceKind.WARD else PlaceKind.VILLAGE
    form = forms.VillageForm(request.POST or None, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        try:
            village = services.village_create(
                actor=request.user,
                commune=commune,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                code=form.cleaned_data["code"] or None,
            )
        except DomainError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("%(village)s was created.") % {"village": village.name})
            return redirect("places:office_villages", code=commune.code)
    context = {"commune": commune, "villages": queries.villages_of(commune, include_ended=True), "form": form}
    return render(request, "places/office/villages.html", context)


@access(MANAGE_VILLAGES)
@login_required
def village_edit(request: HttpRequest, code: str) -> HttpResponse:
    village = get_village(request, code, MANAGE_VILLAGES)
    form = forms.VillageEditForm(request.POST or None, initial={"name": village.name, "kind": village.kind})
    end_form = forms.VillageEndForm(village=village)
    if request.method == "POST" and form.is_valid():
        try:
            services.village_update(
                actor=request.user,
                village=village,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
            )
        except DomainError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, _("The village was saved."))
            return redirect("places:office_villages", code=_commune_code(village))
    return render(
        request, "places/office/village_edit.html", {"village": village, "form": form, "end_form": end_form}
    )


@access(MANAGE_VILLAGES)
@login_required
@require_POST
def village_end(request: HttpRequest, code: str) -> HttpResponse:
    village = get_village(request, code, MANAGE_VILLAGES)
    form = forms.VillageEndForm(request.POST, village=village)
    if form.is_valid():
        try:
            services.village_end(
                actor=request.user,
                village=village,
                on=form.cleaned_data["on"],
                merged_into=form.cleaned_data["merged_into"],
            )
        except DomainError as e:
            _fail(request, e)
        else:
            messages.success(request, _("%(village)s was ended.") % {"village": village.name})
            return redirect("places:office_villages", code=_commune_code(village))
    edit = forms.VillageEditForm(initial={"name": village.name, "kind": village.kind})
    return render(
        request,
        "places/office/village_edit.html",
        {"village": village, "form": edit, "end_form": form},
        status=400 if form.errors else 200,
    )


@access(MANAGE_HOUSEHOLDS)
@login_required
def households(request: HttpRequest, code: str) -> HttpResponse:
    village = get_village(request, code)
    form = forms.HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            household = services.household_register(
                actor=request.user,
                village=village,
                number=form.cleaned_data["number"],
                address=form.cleaned_data["address"],
                members=[form.member_data()],
            )
        except DomainError as e:
            form.add_error(None, e.message)
        else:
            messages.success(
                request, _("Household %(number)s was registered.") % {"number": household.number}
            )
            return redirect("places:office_household", pk=household.pk)
    q = request.GET.get("q", "")[:100]
    rows = queries.households_of(village, q=q, include_dissolved=bool(request.GET.get("all")))
    context = {
        "village": village,
        "households": rows[:500],
        "total": rows.count(),
        "q": q,
        "form": form,
        "voter_count": queries.voter_count(village),
    }
    return render(request, "places/office/households.html", context)


def _household_page(
    request: HttpRequest, household: Household, status: int = 200, **forms_: Any
) -> HttpResponse:
    context = {
        "household": household,
        "members": list(household.members.all()),
        "events": list(household.events.all()),
        "member_form": forms_.get("member_form") or forms.MemberForm(),
        "edit_form": forms_.get("edit_form")
        or forms.HouseholdEditForm(initial={"number": household.number, "address": household.address}),
        "rep_form": forms_.get("rep_form") or forms.RepresentativeForm(household=household),
        "leave_form": forms.LeaveForm(),
        "dissolve_form": forms_.get("dissolve_form") or forms.DissolveForm(),
    }
    return render(request, "places/office/household.html", context, status=status)


@access(MANAGE_HOUSEHOLDS)
@login_required
def household(request: HttpRequest, pk: int) -> HttpResponse:
    return _household_page(request, get_household(request, pk))


def _act(request: HttpRequest, household: Household, action: Any, success: str) -> HttpResponse | None:
    try:
        action()
    except DomainError as e:
        _fail(request, e)
        return None
    messages.success(request, success)
    return redirect("places:office_household", pk=household.pk)


@access(MANAGE_HOUSEHOLDS)
@login_required
@require_POST
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hh = get_household(request, pk)
    form = forms.HouseholdEditForm(request.POST)
    if form.is_valid():
        done = _act(
            request,
            hh,
            lambda: services.household_update(
                actor=request.user,
                household=hh,
                number=form.cleaned_data["number"],
                address=form.cleaned_data["address"],
            ),
            _("The household was saved."),
        )
        if done:
            return done
    return _household_page(request, get_household(request, pk), 400, edit_form=form)


@access(MANAGE_HOUSEHOLDS)
@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    hh = get_household(request, pk)
    form = forms.MemberForm(request.POST)
    if form.is_valid():
        done = _act(
            request,
            hh,
            lambda: services.member_add(actor=request.user, household=hh, data=form.member_data()),
            _("%(name)s was added.") % {"name": form.cleaned_data["full_name"]},
        )
        if done:
            return done
    return _household_page(request, hh, 400, member_form=form)


@access(MANAGE_HOUSEHOLDS)
@login_required
@require_POST
def member_leave(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    hh = get_household(request, pk)
    member = HouseholdMember.objects.filter(household=hh, pk=member_id).first()
    if member is None:
        raise Http404(_("There is no such member."))
    form = forms.LeaveForm(request.POST)
    if form.is_valid():
        _act(
            request,
            hh,
            lambda: services.member_leave(
                actor=request.user, member=member, on=form.cleaned_data["on"], note=form.cleaned_data["note"]
            ),
            _("%(name)s left the household.") % {"name": member.full_name},
        )
    else:
        messages.error(request, _("Check the date."))
    return redirect("places:office_household", pk=hh.pk)


@access(MANAGE_HOUSEHOLDS)
@login_required
@require_POST
def representative_change(request: HttpRequest, pk: int) -> HttpResponse:
    hh = get_household(request, pk)
    form = forms.RepresentativeForm(request.POST, household=hh)
    if form.is_valid():
        done = _act(
            request,
            hh,
            lambda: services.representative_change(
                actor=request.user,
                household=hh,
                member=form.cleaned_data["member"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            ),
            _("The representative was changed."),
        )
        if done:
            return done
    return _household_page(request, get_household(request, pk), 400, rep_form=form)


@access(MANAGE_HOUSEHOLDS)
@login_required
@require_POST
def household_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    hh = get_household(request, pk)
    form = forms.DissolveForm(request.POST)
    if form.is_valid():
        done = _act(
            request,
            hh,
            lambda: services.household_dissolve(
                actor=request.user, household=hh, on=form.cleaned_data["on"], note=form.cleaned_data["note"]
            ),
            _("The household was dissolved."),
        )
        if done:
            return done
    return _household_page(request, get_household(request, pk), 400, dissolve_form=form)


@access(MANAGE_VILLAGES)
@login_required
def upload(request: HttpRequest, code: str) -> HttpResponse:
    commune = get_commune(request, code)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        run = (
            importing.import_villages
            if form.cleaned_data["what"] == "villages"
            else importing.import_households
        )
        try:
            result = run(
                f,
                filename=f.name,
                actor=request.user,
                skip_errors=form.cleaned_data["skip_errors"],
                only_commune=commune,
            )
        except DomainError as e:
            form.add_error("file", e.message)
        else:
            if result.imported:
                messages.success(request, _("Imported: %(summary)s.") % {"summary": result.summary()})
                if not result.errors:
                    return redirect("places:office_villages", code=commune.code)
    status = 400 if (form.errors or (result and not result.imported)) else 200
    return render(
        request,
        "places/office/upload.html",
        {"commune": commune, "form": form, "result": result},
        status=status,
    )
