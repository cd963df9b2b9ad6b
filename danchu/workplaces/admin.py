"""The rules (quorum, passing share, due date, contents, dialogue frequency, employee-side tiers) are
data edited here; a new decree is a new row with its validity dates."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import ConferenceRule, DialogueRule, EmployeeSideTier, Ownership, Unit


class ConferenceRuleForm(forms.ModelForm):
    """A rule every conference page and the compliance list compute with: a due date that is not a
    date (month 13) or a checklist item without its key made each of them a 500."""

    class Meta:
        model = ConferenceRule
        fields = [
            "kind",
            "quorum_num",
            "quorum_den",
            "pass_percent",
            "all_staff_up_to",
            "pass_base",
            "due_month",
            "due_day",
            "contents",
            "article",
            "valid_from",
            "valid_to",
        ]

    def clean_contents(self) -> Any:
        contents = self.cleaned_data["contents"]
        message = _('A list of {key, label} items; an item with "ownership" (a list) applies to those only.')
        if not isinstance(contents, list):
            raise forms.ValidationError(message)
        for item in contents:
            if not (
                isinstance(item, dict)
                and all(isinstance(item.get(k), str) and item[k].strip() for k in ("key", "label"))
                and (
                    "ownership" not in item
                    or isinstance(item["ownership"], list)
                    and all(o in Ownership.values for o in item["ownership"])
                )
            ):
                raise forms.ValidationError(message)
        return contents

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        month, day = d.get("due_month"), d.get("due_day")
        if month is not None and not 1 <= month <= 12:
            self.add_error("due_month", _("A month from 1 to 12."))
        if day is not None and not 1 <= day <= 31:
            self.add_error("due_day", _("A day from 1 to 31."))
        num, den = d.get("quorum_num"), d.get("quorum_den")
        if num is not None and den is not None and not 0 < num <= den:
            self.add_error("quorum_num", _("The quorum is a fraction from above 0 up to 1."))
        if d.get("pass_percent") is not None and d["pass_percent"] > 99:
            self.add_error("pass_percent", _("No vote passes with more than 100 per cent in favour."))
        if d.get("valid_from") and d.get("valid_to") and d["valid_to"] < d["valid_from"]:
            self.add_error("valid_to", _("The end comes after the start."))
        return d


@admin.register(ConferenceRule)
class ConferenceRuleAdmin(admin.ModelAdmin):
    form = ConferenceRuleForm
    list_display = (
        "kind",
        "quorum_num",
        "quorum_den",
        "pass_percent",
        "pass_base",
        "due_month",
        "due_day",
        "valid_from",
        "valid_to",
    )


@admin.register(DialogueRule)
class DialogueRuleAdmin(admin.ModelAdmin):
    list_display = ("per_year", "employer_side_min", "article", "valid_from", "valid_to")


@admin.register(EmployeeSideTier)
class EmployeeSideTierAdmin(admin.ModelAdmin):
    list_display = ("employees_from", "employees_to", "members_min")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("code", "body", "unit_type", "ownership", "employees")
    search_fields = ("code", "body__name")
    raw_id_fields = ("body",)
