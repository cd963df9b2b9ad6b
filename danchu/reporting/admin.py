from __future__ import annotations

from django.contrib import admin

from .models import (
    DataElement,
    FormAssignment,
    FormElement,
    IndicatorDefinition,
    ReportForm,
    ValidationRule,
)


@admin.register(DataElement)
class DataElementAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "section", "aggregation", "version", "public")
    readonly_fields = ("version",)


@admin.register(IndicatorDefinition)
class IndicatorDefinitionAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "name", "formula", "numerator", "denominator")


class FormElementInline(admin.TabularInline):
    model = FormElement
    extra = 0


class ValidationRuleInline(admin.TabularInline):
    model = ValidationRule
    extra = 0


class FormAssignmentInline(admin.TabularInline):
    model = FormAssignment
    extra = 0
    raw_id_fields = ("scope", "committee")


@admin.register(ReportForm)
class ReportFormAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "period_type", "due_days", "active")
    inlines = [FormElementInline, ValidationRuleInline, FormAssignmentInline]
