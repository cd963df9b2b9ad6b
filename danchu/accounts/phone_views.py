"""Phone numbers proved by SMS code (/me/phone/), password reset by SMS (/me/reset-by-sms/) and
accounts recorded for someone, claimed with the code sent to them (/me/claim/)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from danchu.core.access import PUBLIC, SIGNED_IN, access
from danchu.core.middleware import attempt, status_of
from danchu.core.text import query_text

from . import services
from .forms import ClaimForm, PhoneCodeForm, ResetBySmsForm, ResetBySmsRequestForm
from .models import PhoneCode, User
from .phones import display_phone, normalize_phone


@access(SIGNED_IN)
@login_required
def phone(request: HttpRequest) -> HttpResponse:
    """Type the code sent to one's phone; or ask for a new one."""
    person = cast(User, request.user)
    form = PhoneCodeForm(request.POST if request.POST.get("action") == "verify" else None)
    if request.method == "POST" and request.POST.get("action") == "send":
        if attempt(
            request, lambda: services.phone_code_send(person=person, purpose=PhoneCode.Purpose.VERIFY)
        ):
            messages.success(
                request, _("A new code was sent to %(phone)s.") % {"phone": person.phone_display}
            )
        return redirect("accounts:phone")
    if form.is_bound and form.is_valid():
        if attempt(form, lambda: services.phone_verify(person=person, code=form.cleaned_data["code"])):
            messages.success(request, _("Your phone number is verified."))
            return redirect("accounts:home")
    return render(request, "accounts/phone.html", {"form": form}, status=status_of(form))


# Codes asked for from one address per hour, whatever the numbers (each number has its own limit
# too): a commune office behind one address stays well below it, a script sending SMS does not.
RESET_REQUESTS_PER_ADDRESS_HOUR = 20


def _address_allows_another_request(request: HttpRequest) -> bool:
    from django.core.cache import cache

    from danchu.core.net import client_ip

    key = f"danchu:sms-reset:{client_ip(request)}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, 3600)
        count = 1
    return count <= RESET_REQUESTS_PER_ADDRESS_HOUR


@access(PUBLIC, "anyone who forgot their password and holds the account's phone")
def reset_by_sms(request: HttpRequest) -> HttpResponse:
    """Step 1: the phone number. A code goes to it when an account has it; the answer is the same
    either way, so the page does not tell who has an account."""
    form = ResetBySmsRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        number = normalize_phone(form.cleaned_data["phone"])
        if not _address_allows_another_request(request):
            form.add_error(None, _("Too many requests from this address. Please try again in an hour."))
            form.status = 429  # type: ignore[attr-defined]
        elif number is None:
            form.add_error("phone", _("Enter a phone number such as 0912 345 678 or +84 912 345 678."))
        else:
            person = services.person_by_phone(number)
            sent = person is None or (
                attempt(
                    form, lambda: services.phone_code_send(person=person, purpose=PhoneCode.Purpose.RESET)
                )
                is not None
            )
            if sent:
                messages.success(
                    request,
                    _("If an account has the number %(phone)s, a code was sent to it by SMS.")
                    % {"phone": display_phone(number)},
                )
                return redirect(reverse("accounts:reset_by_sms_code") + "?" + urlencode({"phone": number}))
    return render(request, "accounts/reset_by_sms.html", {"form": form}, status=status_of(form))


@access(PUBLIC, "anyone who forgot their password and holds the account's phone")
def reset_by_sms_code(request: HttpRequest) -> HttpResponse:
    """Step 2: the code and the new password."""
    form = ResetBySmsForm(request.POST or None, initial={"phone": _phone_asked(request)})
    if request.method == "POST" and form.is_valid():
        person = services.person_by_phone(form.cleaned_data["phone"])
        if person is None:
            # The same words as a wrong code: the form does not tell who has an account.
            form.add_error("code", _("This code is not right. Check the SMS and try again."))
        elif attempt(
            form,
            lambda: services.password_reset_by_sms(
                person=person, code=form.cleaned_data["code"], password=form.cleaned_data["password1"]
            ),
        ):
            messages.success(request, _("Your password was changed. Sign in with the new one."))
            return redirect("account_login")
    return render(request, "accounts/reset_by_sms_code.html", {"form": form}, status=status_of(form))


@access(PUBLIC, "a person an account was recorded for, holding the phone it was recorded with")
def claim(request: HttpRequest) -> HttpResponse:
    """Take over the account recorded for oneself (e.g. elected to a unit's board without one): the
    code sent by SMS when the phone was recorded, and a password. The answer to a number without
    such an account is that of a wrong code: the page does not tell who has one."""
    form = ClaimForm(request.POST or None, initial={"phone": _phone_asked(request)})
    if request.method == "POST" and form.is_valid():
        person = services.claimable_by_phone(form.cleaned_data["phone"])
        if person is None:
            form.add_error("code", _("This code is not right. Check the SMS and try again."))
        elif attempt(
            form,
            lambda: services.account_claim(
                person=person, code=form.cleaned_data["code"], password=form.cleaned_data["password1"]
            ),
        ):
            messages.success(
                request,
                _(
                    "The account is yours. Sign in with your phone number and password; if your role "
                    "needs it, you will then set up two-step verification."
                ),
            )
            return redirect("account_login")
    return render(request, "accounts/claim.html", {"form": form}, status=status_of(form))


def _phone_asked(request: HttpRequest) -> str:
    """The phone number a link fills in (`?phone=`): refused when too long, never cut to fit."""
    return query_text(request, "phone", label=_("Phone number"), limit=20)
