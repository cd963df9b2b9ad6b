"""Which unit is responsible for a case: routing rules (field × place), else the commune itself."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from danchu.accounts.permissions import unit_of
from danchu.core import sqlmemo
from danchu.places.models import Level, Place

from .models import Field, RoutingRule


def routing_rules(field: Field | None) -> list[RoutingRule]:
    """The rules that may route a case of `field`: those naming it and those for any field (compiled
    once per worker, core.sqlmemo: every submission reads them)."""
    if field is None:
        return sqlmemo.objects("cases.routing_rules.any", lambda: _rules(Q(field__isnull=True)))
    return sqlmemo.objects(
        "cases.routing_rules",
        lambda field: _rules(Q(field_id=field) | Q(field__isnull=True)),
        binds={"field": field.pk},
    )


def _rules(which: Q) -> QuerySet[RoutingRule]:
    return RoutingRule.objects.filter(which).select_related("place", "unit", "handler")


def route(place: Place, field: Field | None, rules: list[RoutingRule] | None = None) -> tuple[Place, Any]:
    """(responsible unit, default handler or None). `rules`: routing_rules(field), when already read."""
    rules = routing_rules(field) if rules is None else rules
    matching = [r for r in rules if place.path.startswith(r.place.path)]
    if matching:
        best = max(matching, key=lambda r: (len(r.place.path), r.field_id is not None))
        return best.unit, best.handler
    unit = unit_of(place)
    if unit.level > Level.COMMUNE and unit.parent_id:
        unit = unit.parent  # type: ignore[assignment]
    return unit, None
