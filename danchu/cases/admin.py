from __future__ import annotations

from django.contrib import admin

from .models import ApiKey, Case, Dialogue, Field, ReceptionLog, ReceptionSlot, RoutingRule


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "group", "open311", "active", "order")
    list_editable = ("open311", "active", "order")
    search_fields = ("code", "name")


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):
    list_display = ("field", "place", "unit", "handler")
    autocomplete_fields = ()
    raw_id_fields = ("place", "unit", "handler")


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Read-only: cases change only through the workflow (services), which audits each step.
    Submitter identity fields are not shown here; a denouncer's identity is not in these columns."""

    list_display = ("tracking_code", "case_type", "state", "unit", "received_at", "resolution_due")
    list_filter = ("case_type", "state", "channel")
    search_fields = ("tracking_code", "title")
    fields = (
        "tracking_code",
        "case_type",
        "state",
        "channel",
        "unit",
        "place",
        "field",
        "title",
        "received_at",
        "acceptance_due",
        "resolution_due",
        "resolved_at",
    )
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys are issued in the back office (/cases/office/apikeys/), which shows the key once."""

    list_display = ("name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at", "created_by")
    fields = ("name", "contact", "prefix", "digest", "created_by", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request) -> bool:  # noqa: ANN001
        return False


admin.site.register(ReceptionSlot)
admin.site.register(ReceptionLog)
admin.site.register(Dialogue)
