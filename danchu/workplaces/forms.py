from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.forms import DayField, TypedIntegerField, skip_bad_rows_field
from danchu.places.models import Level, Place
from danchu.places.queries import sort_key as place_sort_key

from .checks import ISSUES_MAX, SIDE_MAX
from .models import Dialogue, Ownership, UnitType


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=255)
    unit_type = forms.ChoiceField(label=_("Type"), choices=UnitType.choices)
    ownership = forms.ChoiceField(label=_("Ownership"), choices=Ownership.choices)
    place = forms.ModelChoiceField(label=_("Place"), queryset=Place.objects.none(), to_field_name="code")
    employees = TypedIntegerField(label=_("Employees"), min_value=0, max_value=1_000_000)
    dispersed = forms.BooleanField(
        label=_("Staff work in dispersed places (the unit may convene delegates whatever its size)"),
        required=False,
    )
    head_name = forms.CharField(label=pgettext_lazy("workplace", "Head"), max_length=200, required=False)
    union_chair_name = forms.CharField(label=_("Trade union chair"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)

    def __init__(self, *args: Any, places: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ids = [p.pk for p in places]
        qs = Place.objects.filter(pk__in=ids)
        for p in places:
            qs = qs | Place.objects.within(p).filter(level__in=(Level.PROVINCE, Level.COMMUNE)).current()
        field: Any = self.fields["place"]
        field.queryset = qs.distinct()

        def in_vietnamese_order() -> list[tuple[str, str]]:
            # The database's collation puts "Đ" after "Y"; the queryset still validates the choice.
            ordered = sorted(field.queryset, key=lambda p: (p.level, place_sort_key(p)))
            return [("", field.empty_label)] + [(p.code, field.label_from_instance(p)) for p in ordered]

        field.choices = in_vietnamese_order  # read when the form is shown, not when it is posted


class UnitEditForm(forms.Form):
    """A registered unit's details that change (its code, type and place stay)."""

    name = forms.CharField(label=_("Name"), max_length=255)
    ownership = forms.ChoiceField(label=_("Ownership"), choices=Ownership.choices)
    employees = TypedIntegerField(label=_("Employees"), min_value=0, max_value=1_000_000)
    dispersed = UnitForm.base_fields["dispersed"]
    head_name = forms.CharField(label=pgettext_lazy("workplace", "Head"), max_length=200, required=False)
    union_chair_name = forms.CharField(label=_("Trade union chair"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)


class ImportForm(forms.Form):
    what = forms.ChoiceField(
        label=_("What the file holds"), choices=[("units", _("Units")), ("activities", _("Activities"))]
    )
    file = forms.FileField(label=_("XLSX or CSV file"))
    skip_bad = skip_bad_rows_field()


class RegulationForm(forms.Form):
    reference = forms.CharField(label=_("Document number and symbol"), max_length=120)
    issued_on = DayField(label=_("Issued on"), widget=forms.DateInput(attrs={"type": "date"}))
    consulted_on = DayField(
        label=_("Employees' representatives consulted on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    summary = forms.CharField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=20000
    )
    file = forms.FileField(label=_("File"), required=False)


class ConveneForm(forms.Form):
    year = TypedIntegerField(label=_("Year"), min_value=2000, max_value=2100)
    planned_on = DayField(label=_("Planned for"), widget=forms.DateInput(attrs={"type": "date"}))
    delegates_convened = TypedIntegerField(label=_("Delegates convened"), min_value=1, max_value=100_000)
    venue = forms.CharField(label=_("Venue"), max_length=255, required=False)
    extraordinary = forms.BooleanField(label=_("Extraordinary"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year


class HoldForm(forms.Form):
    held_on = DayField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    delegates_present = TypedIntegerField(label=_("Delegates present"), min_value=0, max_value=100_000)
    chair = forms.CharField(label=_("Chaired by"), max_length=200, required=False)
    secretary = forms.CharField(label=_("Secretary"), max_length=200, required=False)
    contents = forms.MultipleChoiceField(
        label=_("Contents covered"), required=False, widget=forms.CheckboxSelectMultiple
    )
    proceedings = forms.CharField(
        label=_("Proceedings"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=20000
    )

    def __init__(self, *args: Any, contents: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contents"].choices = [(c["key"], c["label"]) for c in contents]  # type: ignore[attr-defined]


class ResolutionForm(forms.Form):
    """Put a resolution to the vote; the counts come from the vote records, not from this form."""

    title = forms.CharField(label=pgettext_lazy("decision", "Resolution"), max_length=500)


class RoomCountForm(forms.Form):
    """The show of hands of the delegates voting in the room (not those who voted online)."""

    votes_for = TypedIntegerField(label=_("In favour"), min_value=0, max_value=100_000)
    votes_against = TypedIntegerField(label=_("Against"), min_value=0, max_value=100_000, initial=0)
    votes_abstain = TypedIntegerField(label=_("Abstaining"), min_value=0, max_value=100_000, initial=0)


class MotionVoteForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("Your vote"),
        choices=[("for", _("In favour")), ("against", _("Against")), ("abstain", _("Abstaining"))],
        widget=forms.RadioSelect,
    )


class DialogueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Dialogue.Kind.choices)
    event = forms.ChoiceField(label=_("Event"), choices=Dialogue.Event.choices, required=False)
    held_on = DayField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    employer_side = TypedIntegerField(label=_("Employer side"), min_value=0, max_value=SIDE_MAX)
    employee_side = TypedIntegerField(label=_("Employee side"), min_value=0, max_value=SIDE_MAX)
    participants = forms.CharField(
        label=_("Participants"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=20000
    )
    issues = forms.CharField(
        label=_("Issues raised"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=20000
    )
    issues_received = TypedIntegerField(
        label=_("Issues received"), min_value=0, max_value=ISSUES_MAX, initial=0
    )
    issues_resolved = TypedIntegerField(
        label=_("Issues resolved"), min_value=0, max_value=ISSUES_MAX, initial=0
    )
    agreements = forms.CharField(
        label=_("Agreements"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=20000
    )
    follow_up = forms.CharField(
        label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=20000
    )


class DelegateForm(forms.Form):
    person = forms.CharField(label=_("Phone number or e-mail of the delegate"), max_length=254)

    def clean_person(self) -> Any:
        from danchu.accounts.queries import account_by_contact

        return account_by_contact(self.cleaned_data["person"])


class RepresentativeForm(DelegateForm):
    person = forms.CharField(label=_("Phone number or e-mail of the representative"), max_length=254)
    title = forms.CharField(
        label=pgettext_lazy("job", "Title"),
        max_length=200,
        required=False,
        help_text=_("e.g. Head of the unit, Chair of the trade union"),
    )


class BoardElectionForm(forms.Form):
    candidates = forms.CharField(
        label=_("Candidates, one per line"), widget=forms.Textarea(attrs={"rows": 5}), max_length=10000
    )
    seats = TypedIntegerField(label=_("Members to elect"), min_value=1, max_value=20, initial=3)
    paper = forms.BooleanField(
        label=_("Paper ballots counted by the vote-counting team (delegates listed may also vote online)"),
        required=False,
        initial=True,
    )
