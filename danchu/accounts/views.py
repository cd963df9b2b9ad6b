"""Pages of a person (/me/) and the accounts back office (/me/office/…)."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from danchu.core.access import SIGNED_IN, access
from danchu.core.home import my_page_for
from danchu.core.middleware import attempt, status_of
from danchu.core.text import query_text
from danchu.places.models import Level
from danchu.places.queries import Found, find_places

from . import permissions, queries, services
from .counter import COUNTER_SESSION_KEY
from .forms import (
    DecisionForm,
    GrantForm,
    HouseholdLinkRequestForm,
    NotifyPreferenceForm,
    TokenCreateForm,
    WalkInForm,
)
from .models import HouseholdLink, PersonalToken, User


def _me(request: HttpRequest) -> User:
    """The signed-in person (views below are behind login_required)."""
    return cast(User, request.user)


# --- The person's own pages ----------------------------------------------------------------------------


@access(SIGNED_IN)
@login_required
def home(request: HttpRequest) -> HttpResponse:
    from allauth.mfa.models import Authenticator

    person = _me(request)
    context = {
        "memberships": permissions.memberships(person),
        "links": queries.links_of(person),
        "verified": permissions.is_verified_resident(person),
        "tokens": PersonalToken.objects.filter(person=person, revoked_at__isnull=True),
        "mfa_enabled": Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists(),
        "is_staff": permissions.is_staff(person),
        "sections": my_page_for(person),
    }
    return render(request, "accounts/home.html", context)


@access(SIGNED_IN)
@login_required
def household_request(request: HttpRequest) -> HttpResponse:
    """Step 1: find the village by name; step 2: household number, representative, message."""
    village = queries.village_by_code(request.GET.get("village") or request.POST.get("village_code"))
    if request.method == "POST" and village is not None:
        data = request.POST.copy()
        data["village"] = str(village.pk)
        form = HouseholdLinkRequestForm(data)
        if form.is_valid():
            household = queries.active_household(village, form.cleaned_data["number"])
            if household is None:
                form.add_error(
                    "number", _("No household has this number in %(village)s.") % {"village": village.name}
                )
            else:
                link = attempt(
                    form,
                    lambda: services.household_link_request(
                        person=_me(request),
                        household=household,
                        as_representative=form.cleaned_data["as_representative"],
                        message=form.cleaned_data["message"],
                    ),
                )
                if link is not None:
                    messages.success(
                        request, _("Your request was sent. You will be notified of the decision.")
                    )
                    return redirect("accounts:home")
    else:
        form = HouseholdLinkRequestForm(initial={"village": village.pk if village else None})
    q = query_text(request, "q", label=_("Your village or residential group"))
    found = find_places(q, levels=[Level.VILLAGE], limit=30) if q and not village else Found([], False)
    return render(
        request,
        "accounts/household_request.html",
        {"form": form, "village": village, "q": q, "villages": found.places, "more": found.more},
        status=status_of(form),
    )


@access(SIGNED_IN)
@login_required
@require_POST
def household_end(request: HttpRequest, pk: int) -> HttpResponse:
    link = permissions.own_household_link_for(_me(request), pk)
    reason = request.POST.get("reason", "")
    services.household_link_end(actor=_me(request), link=link, reason=reason)
    messages.success(request, _("The household link was ended."))
    return redirect("accounts:home")


@access(SIGNED_IN)
@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    person = _me(request)
    form = NotifyPreferenceForm(
        request.POST or None,
        initial={
            "notify_channel": person.notify_channel,
            "notify_digest": person.notify_digest,
            "language": person.language,
        },
    )
    if request.method == "POST" and form.is_valid():
        if attempt(form, lambda: services.preferences_update(person=person, **form.cleaned_data)):
            messages.success(request, _("Your preferences were saved."))
            response = redirect("accounts:home")
            from django.conf import settings

            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                person.language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
            return response
    return render(request, "accounts/preferences.html", {"form": form}, status=status_of(form))


@access(SIGNED_IN)
@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        made = attempt(
            form, lambda: services.token_create(person=_me(request), name=form.cleaned_data["name"])
        )
        if made is not None:
            _token, created = made
            form = TokenCreateForm()
    rows = PersonalToken.objects.filter(person=_me(request))
    context = {"form": form, "created": created, "tokens": rows}
    return render(request, "accounts/tokens.html", context, status=status_of(form))


@access(SIGNED_IN)
@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = permissions.own_token_for(_me(request), pk)
    services.token_revoke(actor=_me(request), token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:tokens")


# --- Back office: household verification ------------------------------------------------------------


def _staff_or_403(request: HttpRequest, allowed: bool) -> HttpResponse | None:
    if allowed:
        return None
    return render(
        request,
        "core/error.html",
        {"status": 403, "message": _("This page is for the village head and commune staff.")},
        status=403,
    )


@access("accounts.decide_household_link")
@login_required
def office_links(request: HttpRequest) -> HttpResponse:
    denied = _staff_or_403(request, permissions.village_scope(_me(request)).exists())
    if denied:
        return denied
    pending = queries.pending_links_for(_me(request))
    return render(request, "accounts/office_links.html", {"pending": pending, "form": DecisionForm()})


@access("accounts.decide_household_link")
@login_required
def office_link_decide(request: HttpRequest, pk: int) -> HttpResponse:
    link = permissions.decided_household_link_for(_me(request), pk)  # missing and foreign look the same
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == "confirm":
            if attempt(form, lambda: services.household_link_confirm(actor=_me(request), link=link)):
                messages.success(
                    request, _("Confirmed: %(person)s is a verified resident.") % {"person": link.person}
                )
                return redirect("accounts:office_links")
        else:
            reason = form.cleaned_data["reason"]
            if attempt(
                form, lambda: services.household_link_refuse(actor=_me(request), link=link, reason=reason)
            ):
                messages.success(
                    request, _("Refused. %(person)s will be told the reason.") % {"person": link.person}
                )
                return redirect("accounts:office_links")
    members = link.household.members.filter(left_on__isnull=True)
    others = HouseholdLink.objects.confirmed().filter(household=link.household).select_related("person")
    return render(
        request,
        "accounts/office_link_decide.html",
        {"link": link, "form": form, "members": members, "others": others},
        status=status_of(form),
    )


# --- Back office: roles given by a commune chairman -------------------------------------------------


@access("accounts.manage_roles")
@login_required
def office_roles(request: HttpRequest) -> HttpResponse:
    places = queries.chairman_places(_me(request))
    denied = _staff_or_403(request, places.exists())
    if denied:
        return denied
    form = GrantForm(request.POST or None, places=places)
    if request.method == "POST" and form.is_valid():
        person = queries.find_account(form.cleaned_data["login"])
        if person is None:
            form.add_error("login", _("Nobody has signed up with this phone number or e-mail."))
        else:
            granted = attempt(
                form,
                lambda: services.membership_grant(
                    actor=_me(request),
                    person=person,
                    role=form.cleaned_data["role"],
                    place=form.cleaned_data["place"],
                    title=form.cleaned_data["title"],
                ),
            )
            if granted is not None:
                messages.success(request, _("%(person)s now holds the role.") % {"person": person})
                return redirect("accounts:office_roles")
    context = {"form": form, "roles": queries.roles_managed_by(_me(request))}
    return render(request, "accounts/office_roles.html", context, status=status_of(form))


@access("accounts.manage_roles")
@login_required
@require_POST
def office_role_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = permissions.managed_membership_for(_me(request), pk)
    services.membership_end(actor=_me(request), membership=membership)
    messages.success(request, _("The role was ended."))
    return redirect("accounts:office_roles")


# --- Back office: the counter -------------------------------------------------------------------------


@access("accounts.act_for_citizen")
@login_required
def office_counter(request: HttpRequest) -> HttpResponse:
    villages = permissions.village_scope(_me(request))
    denied = _staff_or_403(request, villages.exists())
    if denied:
        return denied
    q = query_text(request, "q", label=_("Name, phone number or household number"))
    found, more = queries.find_citizens(_me(request), q) if q else ([], False)
    form = WalkInForm(request.POST or None, villages=villages)
    if request.method == "POST" and form.is_valid():
        person = attempt(
            form,
            lambda: services.walk_in_register(
                actor=_me(request),
                full_name=form.cleaned_data["full_name"],
                phone=form.cleaned_data["phone"],
                village=form.cleaned_data["village"],
                household_number=form.cleaned_data["household_number"],
            ),
        )
        if person is not None:
            request.session[COUNTER_SESSION_KEY] = person.pk
            messages.success(
                request, _("%(person)s was recorded. You now act for them.") % {"person": person}
            )
            return redirect("accounts:office_counter")
    current = _counter_person(request)
    context = {
        "q": q,
        "found": found,
        "more": more,
        "form": form,
        "current": current,
        "current_is_walk_in": current is not None and services.is_walk_in(current),
    }
    return render(request, "accounts/office_counter.html", context, status=status_of(form))


def _counter_person(request: HttpRequest) -> Any:
    pk = request.session.get(COUNTER_SESSION_KEY)
    return permissions.counter_citizen_for(_me(request), pk)


@access("accounts.act_for_citizen")
@login_required
@require_POST
def office_counter_activate(request: HttpRequest) -> HttpResponse:
    """Give the person chosen at the counter a sign-in (staff checked who they are in person)."""
    person = _counter_person(request)
    if person is None:
        raise Http404(_("This person was not found."))
    password = services.walk_in_activate(actor=_me(request), person=person)
    messages.success(
        request,
        _(
            "%(person)s can now sign in with %(phone)s and the temporary password %(password)s (also sent by SMS)."
        )
        % {"person": person, "phone": person.phone_display, "password": password},
    )
    return redirect("accounts:office_counter")


@access("accounts.act_for_citizen")
@login_required
@require_POST
def office_counter_select(request: HttpRequest) -> HttpResponse:
    if request.POST.get("stop"):
        request.session.pop(COUNTER_SESSION_KEY, None)
        messages.success(request, _("You no longer act for a citizen."))
        return redirect("accounts:office_counter")
    text = request.POST.get("q", "")
    pk = request.POST.get("person")
    candidates = queries.find_citizens(_me(request), text)[0] if text else []
    person = next((p for p in candidates if str(p.pk) == pk), None)
    if person is None:
        raise Http404(_("This person was not found."))
    request.session[COUNTER_SESSION_KEY] = person.pk
    messages.success(
        request, _("You now act for %(person)s. Acts you record name them.") % {"person": person}
    )
    return redirect("accounts:office_counter")
