from __future__ import annotations

from django.contrib import admin

from .models import Household, HouseholdEvent, HouseholdMember, Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level", "kind")
    search_fields = ("code", "name", "name_folded")
    raw_id_fields = ("parent", "merged_into")
    readonly_fields = ("path", "name_folded")


class MemberInline(admin.TabularInline):
    model = HouseholdMember
    extra = 0
    fields = ("full_name", "birth_date", "gender", "relation", "joined_on", "left_on")
    readonly_fields = fields
    can_delete = False


class EventInline(admin.TabularInline):
    model = HouseholdEvent
    extra = 0
    fields = ("on", "kind", "member", "previous_member", "note", "actor_label")
    readonly_fields = fields
    can_delete = False


@admin.register(Household)
class HouseholdAdmin(admin.ModelAdmin):
    """Read-only: households change through the back office services, which keep history and audit."""

    list_display = ("number", "village", "representative", "is_active")
    search_fields = ("number", "village__code", "village__name")
    raw_id_fields = ("village", "representative")
    inlines = [MemberInline, EventInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
