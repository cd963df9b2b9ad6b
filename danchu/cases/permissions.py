"""Who may do what with cases. Named permissions are registered in CasesConfig.ready()."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from danchu.accounts.models import Role
from danchu.accounts.permissions import COMMUNE_STAFF, can_act_in_place, can_read_place, rule
from danchu.places.models import Place

from .models import Case

HANDLER_ROLES = COMMUNE_STAFF
HEAD_ROLES = frozenset({Role.COMMUNE_CHAIRMAN})


def is_unit_staff(person: Any, unit: Place) -> bool:
    """Commune officers and the chairman act on their unit's cases (not inherited downwards)."""
    return can_act_in_place(person, unit, HANDLER_ROLES)


def is_case_handler(person: Any, case: Case) -> bool:
    return getattr(person, "is_authenticated", False) and case.handler_id == person.pk


def can_read_case(person: Any, case: Case) -> bool:
    return can_read_place(person, case.unit)


def register() -> None:
    rule("cases.read_case", lambda p, case: can_read_case(p, case))
    rule("cases.handle_case", lambda p, case: is_unit_staff(p, case.unit))
    rule("cases.sign_reply", lambda p, case: is_unit_staff(p, case.unit))
    # Denouncer identity: only the assigned handler (Luật Tố cáo 2018, Art. 9, 47–48 [U]).
    rule("cases.reveal_identity", lambda p, case: is_case_handler(p, case))
    rule("cases.record_intake", lambda p, place: is_unit_staff(p, place))
    rule("cases.manage_reception", lambda p, unit: is_unit_staff(p, unit))


def get_case_for(person: Any, code: str, permission: str = "cases.read_case") -> Case:
    """The case by tracking code if `person` holds `permission` on it; 404 for missing and forbidden
    alike, so codes cannot be probed."""
    from danchu.accounts.permissions import can

    case = (
        Case.objects.select_related("unit", "place", "field", "handler", "merged_into")
        .filter(tracking_code=str(code).upper().strip())
        .first()
    )
    if case is None or not can(person, permission, case):
        raise Http404
    return case


def can_open_office(person: Any) -> bool:
    from danchu.accounts.permissions import acting_places

    return any(p.level <= 3 for p in acting_places(person, HANDLER_ROLES))
