from __future__ import annotations

from django.contrib import admin

from .models import CriteriaSet, Criterion


class CriterionInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name", "decision", "valid_from", "valid_to", "issued")
    inlines = [CriterionInline]
