from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.forms import DayField, skip_bad_rows_field

DATE = forms.DateInput(attrs={"type": "date"})


class ImportForm(forms.Form):
    file = forms.FileField(label=_("CSV or XLSX export of the one-stop system"))
    skip_bad = skip_bad_rows_field()


class CentreForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    opened_on = DayField(label=_("Opened on"), widget=DATE)


class DepartmentForm(forms.Form):
    code = forms.CharField(label=_("Code in the one-stop system"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=255)
