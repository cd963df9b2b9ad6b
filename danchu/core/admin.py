from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEntry, DayOff


@admin.register(DayOff)
class DayOffAdmin(admin.ModelAdmin):
    list_display = ["date", "name", "is_working_day"]
    list_filter = ["is_working_day"]
    search_fields = ["name"]
    date_hierarchy = "date"


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
