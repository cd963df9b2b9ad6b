from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest

from .audit import audit, snapshot
from .models import AuditEntry, DayOff

DAY_OFF_FIELDS = ["date", "name", "is_working_day"]


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):
    """Days off move legal deadlines, so every change leaves an audit entry."""

    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day"]
    search_fields = ["name"]
    date_hierarchy = "date"

    def save_model(self, request: HttpRequest, obj: DayOff, form: Any, change: bool) -> None:
        before = snapshot(DayOff.objects.get(pk=obj.pk), DAY_OFF_FIELDS) if change else None
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit(
                actor=request.user,
                action="core.day_off_change" if change else "core.day_off_add",
                obj=obj,
                before=before,
                after=snapshot(obj, DAY_OFF_FIELDS),
            )

    def delete_model(self, request: HttpRequest, obj: DayOff) -> None:
        with transaction.atomic():
            audit(
                actor=request.user,
                action="core.day_off_delete",
                obj=obj,
                before=snapshot(obj, DAY_OFF_FIELDS),
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DayOff]) -> None:
        with transaction.atomic():
            for obj in queryset:
                audit(
                    actor=request.user,
                    action="core.day_off_delete",
                    obj=obj,
                    before=snapshot(obj, DAY_OFF_FIELDS),
                )
            super().delete_queryset(request, queryset)


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
