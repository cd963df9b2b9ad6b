from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    ApiKey,
    Case,
    Contact,
    Delegation,
    Dialogue,
    Field,
    ReceptionLog,
    ReceptionSlot,
    RoutingRule,
)
from .services.authority import contact_saved, delegation_grant, delegation_revoke


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


@admin.register(Delegation)
class DelegationAdmin(admin.ModelAdmin):
    """Delegations are granted and revoked through the services (which check who may and audit)."""

    list_display = ("unit", "delegate", "kind", "valid_from", "valid_to", "document", "revoked_at")
    list_filter = ("kind",)
    raw_id_fields = ("unit", "delegate")
    fields = ("unit", "delegate", "kind", "valid_from", "valid_to", "document")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Delegation, form: Any, change: bool) -> None:
        saved = delegation_grant(
            by=request.user,
            unit=obj.unit,
            delegate=obj.delegate,
            kind=obj.kind,
            valid_from=obj.valid_from,
            valid_to=obj.valid_to,
            document=obj.document,
        )
        obj.pk = saved.pk

    @admin.action(description=_("Revoke the selected delegations"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Delegation]) -> None:
        for d in queryset.filter(revoked_at__isnull=True):
            delegation_revoke(by=request.user, delegation=d)

    actions = ["revoke"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    """Whom an escalation reaches when a seat is vacant: vice-chairmen, party secretary, province office."""

    list_display = ("place", "kind", "person", "name", "email", "phone", "active")
    list_filter = ("kind", "active")
    raw_id_fields = ("place", "person")

    def save_model(self, request: HttpRequest, obj: Contact, form: Any, change: bool) -> None:
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            contact_saved(by=request.user, contact=obj, created=not change)
