"""Reads of steering: one getter per object kind that combines lookup and scope (404 for both)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from danchu.places.models import Level, Place

from .models import Inspection, Programme, Recommendation, SteeringCommittee


def programmes(committee: SteeringCommittee) -> QuerySet[Programme]:
    return committee.programmes.all()


def inspections(committee: SteeringCommittee) -> QuerySet[Inspection]:
    return committee.inspections.prefetch_related(
        "units__place", Prefetch("recommendations", queryset=Recommendation.objects.order_by("pk"))
    )


def inspectable_places(committee: SteeringCommittee) -> QuerySet[Place]:
    """The places below the committee's place a unit to inspect is chosen from (down to communes,
    or to villages for a commune's committee)."""
    place = committee.place
    deepest = max(Level.COMMUNE, place.level + 1)
    return (
        Place.objects.within(place, include_self=False)
        .current()
        .filter(level__lte=deepest)
        .order_by("level", "name")
    )


def inspections_of(body: Any) -> QuerySet[Inspection]:
    """The inspections that covered an agency or enterprise, with their recommendations."""
    return (
        Inspection.objects.filter(units__body=body)
        .select_related("committee__body")
        .prefetch_related(Prefetch("recommendations", queryset=Recommendation.objects.order_by("pk")))
        .distinct()
    )
