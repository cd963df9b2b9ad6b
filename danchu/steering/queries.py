"""Reads of steering: one getter per object kind that combines lookup and scope (404 for both)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from danchu.accounts.models import Role
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


def awaiting_answer(person: Any) -> list[Recommendation]:
    """The open recommendations not yet answered that `person` answers for the inspected unit: a
    representative of an inspected agency or enterprise, or the chairman or an officer of an inspected
    commune (services.work.can_answer decides; the query only narrows to the candidates)."""
    from danchu.accounts.permissions import memberships

    from .services.work import ANSWERING_ROLES, can_answer

    mine = memberships(person)
    bodies = {m.body_id for m in mine if m.role == Role.WORKPLACE_REP and m.body_id}
    communes = [m.place for m in mine if m.role in ANSWERING_ROLES and m.place is not None]
    if not bodies and not communes:
        return []
    covers = Q(inspection__units__body_id__in=bodies)
    for commune in communes:
        covers |= Q(
            inspection__units__body__isnull=True, inspection__units__place__path__startswith=commune.path
        )
    candidates = (
        Recommendation.objects.filter(covers, status=Recommendation.Status.OPEN, answer="")
        .select_related("inspection__committee__body__place")
        .prefetch_related("inspection__units__place__parent")
        .distinct()
        .order_by("inspection__done_on", "pk")
    )
    return [r for r in candidates if can_answer(person, r)]
