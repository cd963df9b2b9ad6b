"""Django admin for system administrators: people, bodies, roles, household links, tokens, outbox.

Roles given here go through the same services as the back office, so they are audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from danchu.core.audit import audit, snapshot

from . import services
from .models import Body, HouseholdLink, Membership, OutboxMessage, PersonalToken, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["place", "body"]
    fields = ["role", "place", "body", "title", "valid_from", "valid_to"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["full_name"]
    list_display = ["full_name", "phone", "email", "language", "notify_channel", "is_active", "is_superuser"]
    list_filter = ["is_active", "is_superuser", "language", "notify_channel", "memberships__role"]
    search_fields = ["full_name", "phone", "email"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("full_name", "phone", "email", "password")}),
        (_("Preferences"), {"fields": ("language", "notify_channel")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("full_name", "phone", "email", "password1", "password2")}),
    )
    filter_horizontal = ()

    def save_formset(self, request: Any, form: Any, formset: Any, change: bool) -> None:
        # Roles added or changed in the admin leave an audit entry like those given in the back office.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            audit(
                actor=request.user,
                action="accounts.membership_delete",
                obj=obj,
                before=snapshot(obj, services.MEMBERSHIP_FIELDS),
            )
            obj.delete()
        for obj in instances:
            before = snapshot(obj, services.MEMBERSHIP_FIELDS) if obj.pk else None
            obj.save()
            audit(
                actor=request.user,
                action="accounts.membership_grant" if before is None else "accounts.membership_change",
                obj=obj,
                before=before,
                after=snapshot(obj, services.MEMBERSHIP_FIELDS),
            )
        formset.save_m2m()


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "place", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "place__name", "place__code"]
    autocomplete_fields = ["place"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["person", "role", "place", "body", "title", "valid_from", "valid_to"]
    list_filter = ["role", "place__level"]
    search_fields = ["person__full_name", "person__phone", "person__email", "place__name", "body__name"]
    autocomplete_fields = ["person", "place", "body"]
    list_select_related = ["person", "place", "body"]

    def save_model(self, request: Any, obj: Membership, form: Any, change: bool) -> None:
        before = snapshot(Membership.objects.get(pk=obj.pk), services.MEMBERSHIP_FIELDS) if change else None
        super().save_model(request, obj, form, change)
        audit(
            actor=request.user,
            action="accounts.membership_change" if change else "accounts.membership_grant",
            obj=obj,
            before=before,
            after=snapshot(obj, services.MEMBERSHIP_FIELDS),
        )

    def delete_model(self, request: Any, obj: Membership) -> None:
        audit(
            actor=request.user,
            action="accounts.membership_delete",
            obj=obj,
            before=snapshot(obj, services.MEMBERSHIP_FIELDS),
        )
        super().delete_model(request, obj)


@admin.register(HouseholdLink)
class HouseholdLinkAdmin(admin.ModelAdmin):
    list_display = [
        "person",
        "household",
        "as_representative",
        "status",
        "requested_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "as_representative"]
    search_fields = ["person__full_name", "person__phone", "household__number", "household__village__name"]
    list_select_related = ["person", "household__village", "decided_by"]
    # Decisions go through the back office (services with notification and audit), not raw edits.
    readonly_fields = [
        "person",
        "household",
        "member",
        "as_representative",
        "status",
        "message",
        "reason",
        "decided_by",
        "decided_at",
        "requested_at",
        "ended_at",
    ]

    def has_add_permission(self, request: Any) -> bool:
        return False


@admin.register(PersonalToken)
class PersonalTokenAdmin(admin.ModelAdmin):
    list_display = ["person", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["person__full_name", "person__phone", "name", "prefix"]
    readonly_fields = ["person", "name", "prefix", "digest", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: Any) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: Any, queryset: Any) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            services.token_revoke(actor=request.user, token=token)


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "channel", "recipient", "person", "subject", "sent_at"]
    list_filter = ["channel", ("sent_at", admin.EmptyFieldListFilter)]
    search_fields = ["recipient", "subject", "body", "person__full_name"]
    readonly_fields = ["channel", "recipient", "person", "subject", "body", "created_at"]
