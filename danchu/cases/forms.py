from __future__ import annotations

import re
from typing import Any, TypeVar

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.accounts.permissions import acting_places, is_admin
from danchu.core.forms import DayField, IdempotentForm, TypedIntegerField, skip_bad_rows_field
from danchu.places.models import Level, Place

from . import captcha
from .models import Channel, Field, ReceptionSlot
from .types import type_choices

T = TypeVar("T")


def place_queryset():  # noqa: ANN201
    return Place.objects.current().filter(level__in=(Level.COMMUNE, Level.VILLAGE)).order_by("path")


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Place) -> str:
        return f"— {obj.name}" if obj.level == Level.VILLAGE else obj.name


class MultiFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiFileField(forms.FileField):
    """Several files in one input (Django's documented pattern); contents are checked by the service."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultiFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class CaseForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Type"), choices=())
    place = PlaceChoiceField(label=_("Commune or village"), queryset=Place.objects.none())
    field = forms.ModelChoiceField(
        label=_("Field"), queryset=Field.objects.filter(active=True), required=False
    )
    title = forms.CharField(label=_("Subject"), max_length=200)
    description = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 6}))
    contested_decision = forms.CharField(
        label=_("Decision or act complained about (complaints)"), max_length=300, required=False
    )
    first_decision_on = DayField(
        label=_("First-time decision received on (second-time complaints)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    denounced = forms.CharField(
        label=_("Person or body denounced (denunciations)"), max_length=300, required=False
    )
    address = forms.CharField(label=_("Address or landmark"), max_length=300, required=False)
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90, widget=forms.HiddenInput
    )
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180, widget=forms.HiddenInput
    )
    photos = MultiFileField(
        label=_("Photos (JPEG, PNG; up to 5)"),
        required=False,
        widget=MultiFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    anonymous = forms.BooleanField(label=_("Send anonymously (feedback only)"), required=False)
    name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_type"].choices = type_choices()  # type: ignore[attr-defined]
        self.fields["place"].queryset = place_queryset()  # type: ignore[attr-defined]


class PublicCaseForm(IdempotentForm, CaseForm):
    """The public form. A visitor who is not signed in answers a small sum (captcha); a signed-in
    person is not asked (their account is the check, and the per-person rate limit still applies)."""

    captcha_token = forms.CharField(widget=forms.HiddenInput)
    captcha_answer = forms.CharField(label=_("Verification code"), max_length=4)

    def __init__(self, *args: Any, signed_in: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.asks_captcha = not signed_in
        if signed_in:
            del self.fields["captcha_token"], self.fields["captcha_answer"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.asks_captcha and not captcha.check(
            data.get("captcha_token", ""), data.get("captcha_answer", "")
        ):
            self.add_error(
                "captcha_answer", _("The answer to the verification question is wrong. Try the new one.")
            )
        return data


UNKNOWN_PLACE = _(
    "There is no commune or village “%(value)s” among the places where you act. Type its code "
    "(for example 24181) or its exact name."
)


class PlaceSearchField(forms.CharField):
    """Administrators act everywhere (thousands of communes and villages): instead of a giant select
    they type a place code or name, resolved on the server against current communes and villages."""

    default_error_messages = {  # noqa: RUF012
        "unknown": UNKNOWN_PLACE,
        "ambiguous": _("Several places match “%(value)s”: %(examples)s. Type the code instead."),
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "help_text", _("The code or the name of the commune or village, e.g. 24181 or Xã Krông Pắc.")
        )
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Place:  # type: ignore[override]
        from danchu.core.text import fold

        text = super().clean(value).strip()
        places = place_queryset()
        coded = re.search(r"\(([^()]+)\)\s*$", text)  # "Xã Krông Pắc (24181)"
        code = coded.group(1).strip() if coded else text
        found = places.filter(code=code).first()
        if found is not None:
            return found
        folded = fold(text)
        matches = list(places.filter(name_folded=folded)[:6]) or list(places.search(text)[:6])
        if len(matches) == 1:
            return matches[0]
        if not matches or not folded:
            raise forms.ValidationError(
                self.error_messages["unknown"], code="unknown", params={"value": text}
            )
        examples = ", ".join(f"{p.name} ({p.code})" for p in matches[:5])
        raise forms.ValidationError(
            self.error_messages["ambiguous"], code="ambiguous", params={"value": text, "examples": examples}
        )


class IntakeForm(IdempotentForm, CaseForm):
    """Reception staff record a case for a citizen who came, phoned or wrote. The place is limited to
    the places where the person acts (their commune and its villages); administrators, who act
    everywhere, type a code or name instead of scrolling a select of every commune and village."""

    place = PlaceChoiceField(
        label=_("Commune or village"),
        queryset=Place.objects.none(),
        to_field_name="code",
        error_messages={"invalid_choice": UNKNOWN_PLACE},
    )

    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=[(c, lbl) for c, lbl in Channel.choices if c in ("walk_in", "phone", "mail")],
    )
    address_of_submitter = forms.CharField(label=_("Citizen's address"), max_length=300, required=False)
    id_number = forms.CharField(label=_("Identity document number"), max_length=20, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_admin(user):
            self.fields["place"] = PlaceSearchField(label=_("Commune or village (code or name)"))
            return
        from .permissions import HANDLER_ROLES

        scope = Q(pk__in=[])
        for unit in acting_places(user, HANDLER_ROLES):
            scope |= Q(path__startswith=unit.path)
        self.fields["place"].queryset = place_queryset().filter(scope)  # type: ignore[attr-defined]


class TrackForm(forms.Form):
    code = forms.CharField(label=_("Tracking code"), max_length=16)
    # Optional: without it the page shows how the case is handled; with it, its content (receipts.py).
    key = forms.CharField(label=_("Secret key (printed on the receipt)"), max_length=40, required=False)


class LostKeyForm(forms.Form):
    address = forms.CharField(
        label=_("The phone number or e-mail address you gave with the case"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "email", "spellcheck": "false"}),
    )


class RateForm(forms.Form):
    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        coerce=int,
        # No rating is chosen for the person (issue #16): the empty first choice is refused as "required".
        choices=[
            ("", _("— choose a rating —")),
            (5, _("5 — very satisfied")),
            (4, _("4 — satisfied")),
            (3, _("3 — acceptable")),
            (2, _("2 — not satisfied")),
            (1, _("1 — not at all satisfied")),
        ],
    )
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX file"))
    skip_bad_rows = skip_bad_rows_field()


class SlotForm(forms.Form):
    date = DayField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    session = forms.ChoiceField(label=_("Session"), choices=ReceptionSlot.Session.choices)
    leader_name = forms.CharField(label=_("Leader"), max_length=200)
    leader_title = forms.CharField(label=_("Leader's title"), max_length=200, required=False)
    is_head = forms.BooleanField(label=_("Head of the unit (chairman)"), required=False, initial=True)
    location = forms.CharField(label=_("Location"), max_length=300, required=False)


class ReceptionLogForm(forms.Form):
    date = DayField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    leader_name = forms.CharField(label=_("Received by"), max_length=200)
    is_head = forms.BooleanField(label=_("Received by the head of the unit"), required=False, initial=True)
    persons = TypedIntegerField(label=_("Persons received"), min_value=1, initial=1)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.CharField(label=_("Result"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    case_codes = forms.CharField(label=_("Linked cases (tracking codes, comma-separated)"), required=False)


class DialogueForm(forms.Form):
    held_on = DayField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=300)
    leaders = forms.CharField(label=_("Leaders"), max_length=300)
    participants = TypedIntegerField(label=_("Participants"), min_value=0, initial=0)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 5}))


class DelegationForm(forms.Form):
    """The chairman names a vice-chairman (or another member of the committee) to sign for them."""

    delegate = forms.ChoiceField(
        label=_("Delegate"),
        error_messages={"invalid_choice": _("Choose a member of the commune's People's Committee.")},
    )
    valid_from = DayField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = DayField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    document = forms.CharField(label=_("Deciding document"), max_length=300, required=False)

    def __init__(self, *args: Any, people: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(p.pk): p for p in people}
        choices = [("", "—")] + [(k, str(p)) for k, p in self.people.items()]
        self.fields["delegate"].choices = choices  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    """Someone an overdue case reaches when the chairman's seat is vacant (the escalation chain)."""

    KINDS = (
        ("vice_chairman", _("vice-chairman of the commune")),
        ("party_secretary", _("party secretary of the commune")),
    )

    kind = forms.ChoiceField(
        label=pgettext_lazy("type", "Kind"),
        choices=KINDS,
        error_messages={"invalid_choice": _("Choose a vice-chairman or the party secretary.")},
    )
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=200)
    email = forms.CharField(label=_("E-mail"), max_length=254, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
