"""Forms of the committee page. They only parse input; the rules live in services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import DayField
from danchu.places.fields import PlaceMultipleChoiceField
from danchu.places.models import Place

from .models import SteeringCommittee
from .queries import inspectable_places


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    start_on = DayField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end_on = DayField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))
    reference = forms.CharField(label=_("Document number and symbol"), max_length=120, required=False)
    targets = forms.CharField(label=_("Targets"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class InspectionPlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    planned_on = DayField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    planned_until = DayField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}), required=False)
    units = PlaceMultipleChoiceField(
        label=_("Units inspected"),
        queryset=Place.objects.none(),
        to_field_name="code",
        error_messages={
            "invalid_choice": _("“%(value)s” is not a place within the committee's area."),
            "required": _("Name at least one unit to inspect."),
        },
    )
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, committee: SteeringCommittee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = inspectable_places(committee)  # type: ignore[attr-defined]


class InspectionRecordForm(forms.Form):
    done_on = DayField(label=_("Carried out on"), widget=forms.DateInput(attrs={"type": "date"}))
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendations = forms.CharField(
        label=_("Recommendations, one per line"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def recommendation_list(self) -> list[str]:
        return [line for line in self.cleaned_data.get("recommendations", "").splitlines() if line.strip()]


class RecommendationResolveForm(forms.Form):
    resolution = forms.CharField(label=_("How it was resolved"), max_length=2000, required=False)
