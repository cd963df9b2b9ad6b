from __future__ import annotations

from django.contrib import admin

from .models import (
    Attachment,
    Bulletin,
    Disclosure,
    DisclosureVersion,
    Document,
    Follow,
    Obligation,
    Proof,
    Question,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class VersionInline(ReadOnlyInline):
    model = DisclosureVersion
    fields = ("number", "title", "note", "created_at")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    model = Attachment
    fields = ("name", "content_type", "size", "sha256", "uploaded_at")
    readonly_fields = fields


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    """Read-only: changes go through the services (audit, versions, index), i.e. the back office."""

    list_display = (
        "title",
        "place",
        "category",
        "status",
        "published_at",
        "view_count",
        "audio_status",
        "poster_status",
    )
    list_filter = ("status", "category", "audio_status", "poster_status")
    search_fields = ("title", "place__name", "place__code")
    inlines = [VersionInline, AttachmentInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("symbol", "type_name", "issuer_name", "issued_on", "form")
    search_fields = ("symbol", "issuer_name")
    list_filter = ("form", "doc_type")


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ("disclosure", "asker", "status", "asked_at")
    list_filter = ("status",)
    readonly_fields = ("disclosure", "asker", "text", "asked_at")


admin.site.register(
    Obligation,
    list_display=("place", "category", "period_key", "due_on", "met_on"),
    list_filter=("category",),
)
admin.site.register(Proof, list_display=("disclosure", "kind", "place", "at"))
admin.site.register(Follow, list_display=("person", "place", "category"))
admin.site.register(Bulletin, list_display=("place", "day", "status"))
