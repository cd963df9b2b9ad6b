"""Forms check the shape of the input (types, dates); the rules live in the services."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.forms import (
    DayField,
    IdempotentForm,
    TypedIntegerField,
    TypedNumberField,
    skip_bad_rows_field,
)
from danchu.places.fields import PlaceChoiceField, PlaceMultipleChoiceField
from danchu.places.models import Place

from .checklist import CHECKLIST
from .models import BoardMember, Payment, Pledge, Rate, Recommendation, Work

DATE = forms.DateInput(attrs={"type": "date"})


class WorkForm(IdempotentForm):
    commune = PlaceChoiceField(Place.objects.none(), label=_("Commune"))
    villages = PlaceMultipleChoiceField(Place.objects.none(), label=_("Villages"))
    title = forms.CharField(label=pgettext_lazy("work", "Title"), max_length=255)
    kind = forms.ChoiceField(label=pgettext_lazy("work", "Kind"), choices=Work.Kind.choices)
    purpose = forms.CharField(label=_("Purpose"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
    investor = forms.CharField(label=_("Investor"), max_length=255)
    contractor = forms.CharField(label=_("Contractor"), max_length=255, required=False)
    consultant = forms.CharField(label=_("Supervision consultant"), max_length=255, required=False)
    budget_state = TypedNumberField(label=_("State budget (VND)"), min_value=0, decimal_places=0, initial=0)
    budget_people = TypedNumberField(
        label=_("People's money (VND)"), min_value=0, decimal_places=0, initial=0
    )
    budget_labour = TypedNumberField(
        label=_("Labour days valued (VND)"), min_value=0, decimal_places=0, initial=0
    )
    budget_sponsors = TypedNumberField(label=_("Sponsors (VND)"), min_value=0, decimal_places=0, initial=0)
    land_m2 = TypedNumberField(label=_("Donated land (m²)"), min_value=0, decimal_places=2, initial=0)
    planned_start = DayField(label=_("Planned start"), widget=DATE, required=False)
    planned_end = DayField(label=_("Planned end"), widget=DATE, required=False)
    plan = forms.CharField(
        label=_("Plan and schedule"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=64)
    decision_date = DayField(label=_("Decision date"), widget=DATE)
    decision_issuer = forms.CharField(label=_("Issued by"), max_length=255)
    decision_ref = forms.CharField(label=_("Meeting item"), max_length=64, required=False)
    decided_item = forms.TypedChoiceField(
        label=_("Decided at the village meeting"), coerce=int, empty_value=None, required=False
    )
    location = forms.CharField(
        label=_("Location (GeoJSON)"),
        widget=forms.Textarea(
            attrs={"rows": 2, "placeholder": '{"type": "Point", "coordinates": [108.05, 12.68]}'}
        ),
        required=False,
    )

    def __init__(self, *args: Any, communes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        communes = communes if communes is not None else Place.objects.none()
        cast(forms.ModelChoiceField, self.fields["commune"]).queryset = communes
        villages = Place.objects.villages().filter(parent__in=communes)
        cast(forms.ModelMultipleChoiceField, self.fields["villages"]).queryset = villages
        from danchu.meetings.queries import work_decisions

        cast(forms.TypedChoiceField, self.fields["decided_item"]).choices = [
            ("", _("— not decided at a meeting recorded here —")),
            *(
                (i.pk, f"{i.meeting.meeting_day:%d/%m/%Y} · {i.meeting.village.name} · {i.title}")
                for i in work_decisions(villages)[:200]
            ),
        ]


class ProgressForm(forms.Form):
    on = DayField(label=_("Date"), widget=DATE)
    percent = TypedIntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AcceptForm(forms.Form):
    on = DayField(label=_("Accepted on"), widget=DATE)
    note = forms.CharField(label=_("Acceptance record"), widget=forms.Textarea(attrs={"rows": 2}))


class HandOverForm(forms.Form):
    on = DayField(label=_("Handed over on"), widget=DATE)
    to = forms.CharField(label=_("Handed over to"), max_length=255)


class RateForm(forms.Form):
    basis = forms.ChoiceField(label=_("Basis"), choices=Rate.Basis.choices)
    amount = TypedNumberField(label=_("Amount per unit (VND)"), min_value=1, decimal_places=0)
    labour_day_value = TypedNumberField(
        label=_("Value of a labour day (VND)"), min_value=0, decimal_places=0, initial=0
    )
    decided_on = DayField(label=_("Decided on"), widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    frontage = forms.CharField(
        label=_("Frontage per household (m²), one per line: household number = m²"),
        help_text=_(
            "When a household number is in several villages of the work, add the village in brackets."
        ),
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "HGD0001 = 12,5\nHGD0002 (Thôn 1) = 8"}),
        max_length=20000,
        required=False,
    )


class PaymentForm(IdempotentForm):
    household = forms.CharField(label=_("Household number"), max_length=32)
    village = PlaceChoiceField(
        Place.objects.none(),
        label=_("Village"),
        required=False,
        help_text=_("Needed only when the household number is in several villages of the work."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Payment.Kind.choices)
    amount = TypedNumberField(label=_("Amount (VND)"), min_value=0, decimal_places=0, required=False)
    quantity = TypedNumberField(label=_("Labour days or m²"), min_value=0, decimal_places=2, required=False)
    received_on = DayField(label=_("Received on"), widget=DATE)
    voluntary = forms.BooleanField(label=_("Voluntary, beyond the pledge"), required=False)
    note = forms.CharField(label=_("Note"), max_length=255, required=False)

    def __init__(self, *args: Any, work: Work | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if work is not None:
            cast(forms.ModelChoiceField, self.fields["village"]).queryset = work.villages.all()


class ReduceForm(forms.Form):
    reduction = forms.ChoiceField(label=_("Reduction"), choices=Pledge.Reduction.choices)
    percent = TypedIntegerField(label=_("Reduction (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Reason"), max_length=255, required=False)


class ReverseForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=255)


class ImportForm(IdempotentForm):
    file = forms.FileField(
        label=_("XLSX or CSV file"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"})
    )
    skip_errors = skip_bad_rows_field()


class BoardForm(forms.Form):
    decision_number = forms.CharField(label=_("Front decision number"), max_length=64)
    established_on = DayField(label=_("Established on"), widget=DATE)


RELATIONS = [
    ("", _("None")),
    ("decision_maker", _("Investment decision-maker or a relative")),
    ("investor", _("Investor or a relative")),
    ("consultant", _("Investor's consultant or a relative")),
    ("contractor", _("Contractor or a relative")),
    ("supervision_consultant", _("Supervision consultant or a relative")),
]


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.ChoiceField(label=_("Position"), choices=BoardMember.Position.choices)
    represents = forms.ChoiceField(label=_("Represents"), choices=BoardMember.Represents.choices)
    village = PlaceChoiceField(Place.objects.none(), label=_("Village"), required=False)
    elected_on = DayField(label=_("Elected on"), widget=DATE, required=False)
    election_record = forms.CharField(label=_("Election record"), max_length=255, required=False)
    election_ref = forms.CharField(label=_("Meeting item"), max_length=64, required=False)
    relation = forms.ChoiceField(
        label=_("Declared relation with the project"), required=False, choices=RELATIONS
    )

    def __init__(self, *args: Any, work: Work | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if work is not None:
            self.fields["village"].queryset = work.villages.all()  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("Declared relation with the project"), choices=RELATIONS, required=False
    )
    reason = forms.CharField(label=_("Reason"), max_length=255, required=False)


class PlanForm(forms.Form):
    plan = forms.CharField(label=_("Supervision plan"), widget=forms.Textarea(attrs={"rows": 3}))


class SessionForm(forms.Form):
    held_on = DayField(label=_("Held on"), widget=DATE)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    violation = forms.BooleanField(label=_("Violation found"), required=False)

    def checklist(self, data: Any) -> dict[str, dict[str, str]]:
        return {
            code: {"status": str(data.get(f"check_{code}", "na")), "note": str(data.get(f"note_{code}", ""))}
            for code, _label in CHECKLIST
        }


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 2}))
    addressee = forms.ChoiceField(
        label=pgettext_lazy("addressee", "To"), choices=Recommendation.Addressee.choices
    )
    due_on = DayField(label=_("Answer due"), widget=DATE)
    suspension = forms.BooleanField(label=_("Proposal to suspend"), required=False)
    session = TypedIntegerField(required=False, widget=forms.HiddenInput)


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 2}))


class CloseForm(forms.Form):
    follow_up = forms.CharField(label=_("Follow-up"), widget=forms.Textarea(attrs={"rows": 2}))


class BoardCloseForm(forms.Form):
    on = DayField(label=_("Closed on"), widget=DATE)
    note = forms.CharField(label=_("Closing report"), widget=forms.Textarea(attrs={"rows": 2}))


class InformationForm(forms.Form):
    text = forms.CharField(
        label=_("Information for the board"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
