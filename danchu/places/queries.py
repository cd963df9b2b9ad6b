"""Reads of the administrative tree."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Level, Place


def provinces_for_home() -> QuerySet[Place]:
    return Place.objects.current().filter(level=Level.PROVINCE).order_by("name")


def search_places(text: str, *, limit: int = 50) -> list[Place]:
    """Communes and villages whose name matches `text`, ignoring case and diacritics."""
    from danchu.core.text import fold

    folded = fold(text)
    if len(folded) < 2:
        return []
    return list(
        Place.objects.current()
        .filter(level__in=[Level.PROVINCE, Level.COMMUNE, Level.VILLAGE], name_folded__contains=folded)
        .select_related("parent")
        .order_by("level", "name")[:limit]
    )
