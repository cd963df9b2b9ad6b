from __future__ import annotations

from django.contrib import admin

from .models import (
    Assignment,
    Award,
    Briefing,
    BrightSpot,
    Criterion,
    EmulationModel,
    Inspection,
    Programme,
    SteeringCommittee,
    Task,
)

admin.site.register([SteeringCommittee, Programme, Inspection, BrightSpot, EmulationModel, Award])
admin.site.register([Assignment, Briefing, Task])


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    """The province's criteria for bright spots and models, as data with validity dates."""

    list_display = ("kind", "code", "text", "order", "valid_from", "valid_to")
    list_filter = ("kind",)
