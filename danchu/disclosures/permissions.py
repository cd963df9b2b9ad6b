"""Who may do what with disclosures (registered with accounts.permissions.rule in ready())."""

from __future__ import annotations

from typing import Any

from danchu.accounts.models import Role
from danchu.accounts.permissions import can_act_in_place, can_read_place, rule

# Commune staff publish for their commune (and its villages); acting is not inherited downwards.
COMMUNE_DISCLOSERS = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN})
# Who reads a unit's compliance calendar: its staff and the steering committees above it.
COMPLIANCE_READERS = frozenset(
    {
        Role.COMMUNE_OFFICER,
        Role.COMMUNE_CHAIRMAN,
        Role.STEERING_MEMBER,
        Role.FRONT_OFFICER,
        Role.INSPECTION_MEMBER,
    }
)


def can_manage(person: Any, place: Any) -> bool:
    return place is not None and can_act_in_place(person, place, COMMUNE_DISCLOSERS)


def can_read_compliance(person: Any, place: Any) -> bool:
    return place is not None and can_read_place(person, place, COMPLIANCE_READERS)


def register() -> None:
    rule("disclosures.manage", can_manage)
    rule("disclosures.read_compliance", can_read_compliance)
