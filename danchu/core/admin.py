from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from . import clocks
from .audit import audit
from .models import AnchorDelivery, AuditEntry, DayOff, HolidaySchedule, WitnessedAnchor


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):
    """Days off move legal deadlines: every change goes through core.clocks, which audits it and
    recomputes the stored deadlines it touches (notifying their handlers)."""

    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: DayOff, form: Any, change: bool) -> None:
        if change:
            original = DayOff.objects.filter(pk=obj.pk).values_list("date", flat=True).first()
            if original is not None and original != obj.date:
                clocks.day_off_remove(actor=request.user, date=original)
        clocks.day_off_set(
            actor=request.user, date=obj.date, name=obj.name, is_working_day=obj.is_working_day
        )
        saved = DayOff.objects.get(date=obj.date)
        obj.pk = saved.pk

    def delete_model(self, request: HttpRequest, obj: DayOff) -> None:
        clocks.day_off_remove(actor=request.user, date=obj.date)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DayOff]) -> None:
        with transaction.atomic():
            for day in list(queryset.values_list("date", flat=True)):
                clocks.day_off_remove(actor=request.user, date=day)


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    """The year's official schedule; its days are entered as days off (or `danchu import_holidays`)."""

    list_display = ["year", "document", "decided_on", "entered_at"]

    def save_model(self, request: HttpRequest, obj: HolidaySchedule, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit(
                actor=request.user,
                action="core.holiday_schedule_change" if change else "core.holiday_schedule_record",
                obj=obj,
                after={"year": obj.year, "document": obj.document},
            )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only (the database refuses changes too)."""

    list_display = ["at", "actor_label", "on_behalf_of", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_label", "action", "object_type", "object_id"]
    date_hierarchy = "at"
    list_select_related = ["on_behalf_of"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class _ReadOnly(admin.ModelAdmin):
    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AnchorDelivery)
class AnchorDeliveryAdmin(_ReadOnly):
    """Whether each signed audit head reached each witness (one row per attempt)."""

    list_display = ["at", "count", "url", "attempt", "outcome", "status"]
    list_filter = ["outcome", "url"]
    date_hierarchy = "at"


@admin.register(WitnessedAnchor)
class WitnessedAnchorAdmin(_ReadOnly):
    """The heads other danchu instances sent this one, their witness; `conflict` marks a rewritten log."""

    list_display = ["received_at", "sender", "count", "hash", "conflict"]
    list_filter = ["conflict", "sender"]
    search_fields = ["sender", "hash"]
