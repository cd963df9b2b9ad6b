"""Forms of the accounts app (thin: the rules are in services.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.places.fields import PlaceChoiceField
from danchu.places.models import Household, Place

from .models import Channel, Role


class SignupForm(forms.Form):
    """Extra fields of allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS): the full name and the
    language. allauth adds the phone, e-mail and password fields."""

    field_order = ["full_name", "phone", "email", "password1", "password2", "language"]

    full_name = forms.CharField(
        label=_("Full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, initial="vi", required=False
    )

    def clean_full_name(self) -> str:
        name = " ".join(self.cleaned_data["full_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Please enter your full name."))
        return name

    def signup(self, request: Any, user: Any) -> None:
        """Called by allauth after the user is saved; the adapter has already stored our fields."""


class HouseholdLinkRequestForm(forms.Form):
    village = forms.ModelChoiceField(
        label=_("Village or residential group"), queryset=Place.objects.villages(), widget=forms.HiddenInput
    )
    number = forms.CharField(label=_("Household number"), max_length=32)
    as_representative = forms.BooleanField(
        label=_("I ask to be the household's representative"), required=False
    )
    message = forms.CharField(
        label=_("Message to the village head (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", _("Confirm")), ("refuse", _("Refuse"))])
    reason = forms.CharField(
        label=_("Reason"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason for refusing: the resident will read it."))
        return data


class NotifyPreferenceForm(forms.Form):
    notify_channel = forms.ChoiceField(
        label=_("Notify me by"), choices=Channel.choices, widget=forms.RadioSelect
    )
    notify_digest = forms.BooleanField(
        label=_("Send me one message a day with everything new, instead of one message per event"),
        required=False,
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)


class TokenCreateForm(forms.Form):
    name = forms.CharField(label=_("What is this token for?"), max_length=100)


# Roles a commune chairman may give to people in their commune.
CHAIRMAN_GRANTABLE = (Role.COMMUNE_OFFICER, Role.VILLAGE_HEAD)


class GrantForm(forms.Form):
    login = forms.CharField(label=_("Phone number or e-mail of the person"), max_length=255)
    role = forms.ChoiceField(label=_("Role"), choices=[(r.value, r.label) for r in CHAIRMAN_GRANTABLE])
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none())
    title = forms.CharField(label=pgettext_lazy("job", "Title"), max_length=200, required=False)

    def __init__(self, *args: Any, places: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if places is not None:
            self.fields["place"].queryset = places  # type: ignore[attr-defined]


class WalkInForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    phone = forms.CharField(label=_("Phone number"), max_length=20, required=False)
    village = PlaceChoiceField(label=_("Village"), queryset=Place.objects.none(), required=False)
    household_number = forms.CharField(label=_("Household number (optional)"), max_length=32, required=False)

    def __init__(self, *args: Any, villages: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if villages is not None:
            self.fields["village"].queryset = villages  # type: ignore[attr-defined]


__all__ = ["SignupForm", "HouseholdLinkRequestForm", "DecisionForm", "NotifyPreferenceForm", "Household"]


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"), required=False, max_length=254)
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=20)


class CloseAccountForm(forms.Form):
    password = forms.CharField(label=_("Your password"), widget=forms.PasswordInput, max_length=200)
    confirm = forms.BooleanField(
        label=_("I understand that I can no longer sign in with this account"), label_suffix=""
    )


class PhoneCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class ResetBySmsRequestForm(forms.Form):
    phone = forms.CharField(
        label=_("Phone number of your account"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}),
    )


class ResetBySmsForm(ResetBySmsRequestForm):
    code = PhoneCodeForm.base_fields["code"]
    password1 = forms.CharField(
        label=_("New password"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("New password (again)"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords are not the same."))
        return data


class ClaimForm(ResetBySmsForm):
    """The code sent when an account was recorded for the person, and the password they choose."""

    phone = forms.CharField(
        label=_("Your phone number"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password (again)"),
        max_length=200,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
