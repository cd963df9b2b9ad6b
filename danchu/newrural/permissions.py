"""Who may do what with new-rural records: the figures and recognitions are public; a commune's staff
record its own assessments and evidence; recognitions and imports belong to staff above the communes
(province, or district before 2025), since the provincial People's Committee's chairman recognises a
commune (Decision 318/QĐ-TTg [U]); reading evidence follows the place tree."""

from __future__ import annotations

from typing import Any

from danchu.accounts.permissions import (
    COMMUNE_STAFF,
    acts_above,
    can_act_in_place,
    can_read_place,
    has_role_above,
)
from danchu.core.access import PUBLIC, get_for, rule
from danchu.places.models import Level, Place
from danchu.places.queries import clean_input

from .models import Evidence


def can_assess(person: Any, place: Place) -> bool:
    """A commune's own staff, or staff above it, record its assessment and evidence."""
    return place.level == Level.COMMUNE and (
        can_act_in_place(person, place, COMMUNE_STAFF) or acts_above(person, place)
    )


def can_recognise(person: Any, place: Place) -> bool:
    return place.level in (Level.COMMUNE, Level.DISTRICT) and acts_above(person, place)


def can_read_evidence(person: Any, evidence: Evidence) -> bool:
    return can_read_place(person, evidence.assessment.commune)


def has_office(person: Any) -> bool:
    return has_role_above(person)


def register() -> None:
    rule("newrural.view", lambda person, obj: True, who=PUBLIC)
    rule("newrural.assess", can_assess)
    rule("newrural.recognise", can_recognise)
    rule("newrural.evidence", can_read_evidence)


def place_for(person: Any, code: str, action: str = "newrural.view") -> Place:
    return get_for(person, Place.objects.select_related("parent"), action, code=clean_input(code, 64))


def evidence_for(person: Any, pk: Any) -> Evidence:
    qs = Evidence.objects.select_related("assessment__commune")
    return get_for(person, qs, "newrural.evidence", memo="newrural.evidence_for", pk=pk)
