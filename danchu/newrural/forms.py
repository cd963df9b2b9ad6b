from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import DayField, TypedIntegerField, skip_bad_rows_field

from .models import RuralLevel

DATE = forms.DateInput(attrs={"type": "date"})


class ImportForm(forms.Form):
    file = forms.FileField(label=_("XLSX or CSV file"))
    skip_bad = skip_bad_rows_field()


class AssessForm(forms.Form):
    year = TypedIntegerField(label=_("Year"), min_value=2010, max_value=2100)
    level = forms.ChoiceField(
        label=_("Level"),
        choices=[
            (RuralLevel.STANDARD.value, RuralLevel.STANDARD.label),
            (RuralLevel.ADVANCED.value, RuralLevel.ADVANCED.label),
        ],
    )
    met_count = TypedIntegerField(label=_("Criteria met"), min_value=0, max_value=99)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    evidence = forms.FileField(label=_("Evidence (PDF, DOCX, XLSX or photo)"), required=False)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["year"].initial = dt.date.today().year


class RecogniseForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=RuralLevel.choices)
    recognised_on = DayField(label=_("Decision date"), widget=DATE)
    decision_number = forms.CharField(label=_("Decision number"), max_length=100)
    issuer = forms.CharField(label=_("Issued by"), max_length=255)
