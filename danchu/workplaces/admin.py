"""The rules (quorum, passing share, due date, contents, dialogue frequency, employee-side tiers) are
data edited here; a new decree is a new row with its validity dates."""

from __future__ import annotations

from django.contrib import admin

from .models import ConferenceRule, DialogueRule, EmployeeSideTier, Unit


@admin.register(ConferenceRule)
class ConferenceRuleAdmin(admin.ModelAdmin):
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
