"""The back office where commune staff keep their villages and household registers.

Every page fetches its object through a getter that checks the scope and answers 404 for both a
missing and a foreign object, so codes cannot be probed.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import access, can
from danchu.core.middleware import attempt, status_of
from danchu.core.paging import page_for
from danchu.core.text import query_text

from .. import forms, importing, queries, services
from ..importing import samples
from ..importing.pages import warn_unread
from ..models import Household, HouseholdMember, Level, Place, PlaceKind
from ..permissions import (
    MANAGE_HOUSEHOLDS,
    MANAGE_VILLAGES,
    commune_for,
    household_for,
    register_places,
    village_for,
)

HOUSEHOLDS_PER_PAGE = 200


def _commune_code(village: Place) -> str:
    assert village.parent is not None  # villages always sit under a commune
    return village.parent.code


@access(MANAGE_HOUSEHOLDS)
def index(request: HttpRequest) -> HttpResponse:
    places = register_places(request.user)
    communes = sorted({p for p in places if p.level == Level.COMMUNE}, key=lambda p: p.name)
    villages = sorted({p for p in places if p.level == Level.VILLAGE}, key=lambda p: p.name)
    if not communes and not villages:
        raise Http404(_("You keep no village register."))
    if len(communes) == 1 and not villages:
        return redirect("places:office_villages", code=communes[0].code)
    if len(villages) == 1 and not communes:
        return redirect("places:office_households", code=villages[0].code)
    return render(request, "places/office/index.html", {"communes": communes, "villages": villages})


@access(MANAGE_VILLAGES)
def villages(request: HttpRequest, code: str) -> HttpResponse:
    commune = commune_for(request.user, code)
    kind = PlaceKind.RESIDENTIAL_GROUP if commune.kind == PlaceKind.WARD else PlaceKind.VILLAGE
    form = forms.VillageForm(request.POST or None, initial={"kind": kind})
    if request.method == "POST" and form.is_valid():
        village = attempt(
            form,
            lambda: services.village_create(
                actor=request.user,
                commune=commune,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                code=form.cleaned_data["code"] or None,
            ),
        )
        if village:
            messages.success(request, _("%(village)s was created.") % {"village": village.name})
            return redirect("places:office_villages", code=commune.code)
    context = {"commune": commune, "villages": queries.villages_of(commune, include_ended=True), "form": form}
    return render(request, "places/office/villages.html", context, status=status_of(form))


@access(MANAGE_VILLAGES)
def village_edit(request: HttpRequest, code: str) -> HttpResponse:
    village = village_for(request.user, code, MANAGE_VILLAGES)
    form = forms.VillageEditForm(request.POST or None, initial={"name": village.name, "kind": village.kind})
    end_form = forms.VillageEndForm(village=village)
    if request.method == "POST" and form.is_valid():
        saved = attempt(
            form,
            lambda: services.village_update(
                actor=request.user,
                village=village,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
            ),
        )
        if saved:
            messages.success(request, _("The village was saved."))
            return redirect("places:office_villages", code=_commune_code(village))
    context = {"village": village, "form": form, "end_form": end_form}
    return render(request, "places/office/village_edit.html", context, status=status_of(form))


@access(MANAGE_VILLAGES)
@require_POST
def village_end(request: HttpRequest, code: str) -> HttpResponse:
    village = village_for(request.user, code, MANAGE_VILLAGES)
    form = forms.VillageEndForm(request.POST, village=village)
    if form.is_valid():
        ended = attempt(
            request,
            lambda: services.village_end(
                actor=request.user,
                village=village,
                on=form.cleaned_data["on"],
                merged_into=form.cleaned_data["merged_into"],
            ),
        )
        if ended:
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
def households(request: HttpRequest, code: str) -> HttpResponse:
    village = village_for(request.user, code)
    form = forms.HouseholdForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        household = attempt(
            form,
            lambda: services.household_register(
                actor=request.user,
                village=village,
                number=form.cleaned_data["number"],
                address=form.cleaned_data["address"],
                members=[form.member_data()],
            ),
        )
        if household:
            messages.success(
                request, _("Household %(number)s was registered.") % {"number": household.number}
            )
            return redirect("places:office_household", pk=household.pk)
    q = query_text(request, "q", label=_("Search"))
    rows = queries.households_of(village, q=q, include_dissolved=bool(request.GET.get("all")))
    context = {
        "village": village,
        # A village head keeps the register of their village, not the commune's list of villages.
        "manages_commune": can(request.user, MANAGE_VILLAGES, village.parent),
        # Every household, a page at a time (a ward's residential group can pass a thousand; the list
        # used to stop at 500 and ask for a search).
        "households": page_for(request, rows, HOUSEHOLDS_PER_PAGE),
        "q": q,
        "form": form,
        "voter_count": queries.voter_count(village),
    }
    return render(request, "places/office/households.html", context, status=status_of(form))


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
def household(request: HttpRequest, pk: int) -> HttpResponse:
    return _household_page(request, household_for(request.user, pk))


def _act(request: HttpRequest, household: Household, action: Any, success: str) -> HttpResponse | None:
    if attempt(request, action) is None:
        return None
    messages.success(request, success)
    return redirect("places:office_household", pk=household.pk)


@access(MANAGE_HOUSEHOLDS)
@require_POST
def household_edit(request: HttpRequest, pk: int) -> HttpResponse:
    hh = household_for(request.user, pk)
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
    return _household_page(request, household_for(request.user, pk), 400, edit_form=form)


@access(MANAGE_HOUSEHOLDS)
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    hh = household_for(request.user, pk)
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
@require_POST
def member_leave(request: HttpRequest, pk: int, member_id: int) -> HttpResponse:
    hh = household_for(request.user, pk)
    member = HouseholdMember.objects.filter(household=hh, pk=member_id).first()
    if member is None:
        raise Http404(_("There is no such member."))
    form = forms.LeaveForm(request.POST)
    if form.is_valid():
        done = _act(
            request,
            hh,
            lambda: services.member_leave(
                actor=request.user, member=member, on=form.cleaned_data["on"], note=form.cleaned_data["note"]
            ),
            _("%(name)s left the household.") % {"name": member.full_name},
        )
        if done is not None:
            return done
    else:
        messages.error(request, _("Check the date."))
    return _household_page(request, household_for(request.user, pk), 400)


@access(MANAGE_HOUSEHOLDS)
@require_POST
def representative_change(request: HttpRequest, pk: int) -> HttpResponse:
    hh = household_for(request.user, pk)
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
    return _household_page(request, household_for(request.user, pk), 400, rep_form=form)


@access(MANAGE_HOUSEHOLDS)
@require_POST
def household_dissolve(request: HttpRequest, pk: int) -> HttpResponse:
    hh = household_for(request.user, pk)
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
    return _household_page(request, household_for(request.user, pk), 400, dissolve_form=form)


@access(MANAGE_VILLAGES)
def upload(request: HttpRequest, code: str) -> HttpResponse:
    commune = commune_for(request.user, code)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        run = (
            importing.import_villages
            if form.cleaned_data["what"] == "villages"
            else importing.import_households
        )
        result = attempt(
            form,
            lambda: run(
                f,
                filename=f.name,
                actor=request.user,
                skip_errors=form.cleaned_data["skip_errors"],
                only_commune=commune,
            ),
        )
        if result is not None:
            warn_unread(request, result.unread_columns)
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


@access(MANAGE_VILLAGES)
def upload_sample(request: HttpRequest, code: str, what: str) -> HttpResponse:
    """The sample workbook of the village or household import, with the commune's own codes."""
    commune = commune_for(request.user, code)
    if what not in samples.KINDS:
        raise Http404
    name = {"villages": "mau-thon", "households": "mau-ho-gia-dinh"}[what]
    return samples.download(samples.sample_workbook(what, commune), f"{name}-{commune.code}.xlsx")
