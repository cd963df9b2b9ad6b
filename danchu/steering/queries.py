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


def inspections_of_place(place: Place) -> QuerySet[Inspection]:
    """The inspections by a committee above `place` that covered it or a place within it, with their
    recommendations (the inspected commune reads and answers them)."""
    return (
        Inspection.objects.filter(units__body__isnull=True, units__place__path__startswith=place.path)
        .exclude(committee__body__place=place)
        .select_related("committee__body__place")
        .prefetch_related(
            "units__place", Prefetch("recommendations", queryset=Recommendation.objects.order_by("pk"))
        )
        .order_by("-planned_on", "-pk")
        .distinct()
    )
