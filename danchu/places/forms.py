from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danchu.core.formats import BORN_SINCE
from danchu.core.forms import DayField, skip_bad_rows_field

from . import importing
from .fields import PlaceChoiceField
from .models import HouseholdMember, Place, PlaceKind
from .services import VILLAGE_CODE, MemberData


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kw: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kw)


def _date_field(label: Any, required: bool = False, initial: Any = None, **kw: Any) -> DayField:
    return DayField(
        label=label,
        required=required,
        widget=DateInput(),
        initial=initial,  # day first: core/input_formats
        **kw,
    )


class VillageForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=200, help_text=_("e.g. Thôn 3, Buôn Ea Kmát, Tổ dân phố 5")
    )
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=[
            (PlaceKind.VILLAGE, _("Village (thôn, bản, ấp, buôn…)")),
            (PlaceKind.RESIDENTIAL_GROUP, _("Residential group (tổ dân phố, khu phố…)")),
        ],
    )
    code = forms.RegexField(
        label=_("Code"),
        required=False,
        max_length=32,
        regex=VILLAGE_CODE,
        help_text=_("Leave empty to number it automatically (commune code-001, -002…)."),
        error_messages={"invalid": _('Use only letters, digits, ".", "-" and "_".')},
    )


class VillageEditForm(VillageForm):
    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        del self.fields["code"]


class VillageEndForm(forms.Form):
    on = _date_field(_("Ends on"), required=True)
    merged_into = PlaceChoiceField(
        label=_("Merged into"),
        queryset=Place.objects.none(),
        required=False,
        empty_label=_("(not merged: dissolved)"),
    )

    def __init__(self, *args: Any, village: Place, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["merged_into"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Place.objects.filter(
            parent_id=village.parent_id, level=village.level, valid_to__isnull=True
        ).exclude(pk=village.pk)


class MemberForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    birth_date = _date_field(_("Date of birth"), earliest=BORN_SINCE)
    gender = forms.ChoiceField(
        label=_("Gender"), choices=[("", "—"), *HouseholdMember.Gender.choices], required=False
    )
    relation = forms.ChoiceField(
        label=_("Relation to the head of household"),
        choices=HouseholdMember.Relation.choices,
        initial=HouseholdMember.Relation.OTHER,
    )
    id_number = forms.CharField(label=_("Citizen ID number"), max_length=20, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def clean_birth_date(self) -> dt.date | None:
        value = self.cleaned_data.get("birth_date")
        if value and value > dt.date.today():
            raise forms.ValidationError(_("The date of birth is in the future."))
        return value

    def clean_id_number(self) -> str:
        try:
            return importing.parse_id_number(self.cleaned_data.get("id_number", ""))
        except importing.Invalid as e:
            raise forms.ValidationError(str(e)) from None

    def clean_phone(self) -> str:
        try:
            return importing.parse_phone(self.cleaned_data.get("phone", ""))
        except importing.Invalid as e:
            raise forms.ValidationError(str(e)) from None

    def member_data(self) -> MemberData:
        d = self.cleaned_data
        return MemberData(
            full_name=d["full_name"],
            birth_date=d.get("birth_date"),
            gender=d.get("gender", ""),
            relation=d["relation"],
            id_number=d.get("id_number", ""),
            phone=d.get("phone", ""),
        )


class HouseholdForm(MemberForm):
    """A new household and its first member, who represents it (usually the head of household)."""

    number = forms.CharField(label=_("Household number"), max_length=32)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    field_order = ["number", "address", "full_name", "birth_date", "gender", "relation", "id_number", "phone"]

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["full_name"].label = _("Representative's full name")
        self.fields["relation"].initial = HouseholdMember.Relation.HEAD


class HouseholdEditForm(forms.Form):
    number = forms.CharField(label=_("Household number"), max_length=32)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)


class LeaveForm(forms.Form):
    on = _date_field(_("Left on"))
    note = forms.CharField(
        label=_("Reason"),
        max_length=255,
        required=False,
        help_text=_("e.g. moved to another commune, deceased"),
    )


class RepresentativeForm(forms.Form):
    member = forms.ModelChoiceField(label=_("New representative"), queryset=HouseholdMember.objects.none())
    on = _date_field(_("From"))
    note = forms.CharField(label=_("Reason"), max_length=255, required=False)

    def __init__(self, *args: Any, household: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = household.members.filter(left_on__isnull=True).exclude(
            pk=household.representative_id
        )


class DissolveForm(forms.Form):
    on = _date_field(_("Dissolved on"))
    note = forms.CharField(label=_("Reason"), max_length=255, required=True)


class UploadForm(forms.Form):
    what = forms.ChoiceField(
        label=_("The file lists"),
        choices=[("villages", _("villages")), ("households", _("households and their members"))],
    )
    file = forms.FileField(label=_("CSV (UTF-8) or XLSX file"))
    skip_errors = skip_bad_rows_field()

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if not f.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a CSV (UTF-8) or XLSX file."))
        if f.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return f
