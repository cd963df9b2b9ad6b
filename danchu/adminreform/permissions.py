"""Who may do what with administrative-reform figures: the figures are public; a commune's staff keep
its one-stop desk; imports and departments belong to staff of the province (they hold the one-stop
system's exports for all units); a commune's staff may import their own commune's rows."""

from __future__ import annotations

from typing import Any

from danchu.accounts.permissions import COMMUNE_STAFF, acts_above, can_act_in_place, has_role_above
from danchu.core.access import PUBLIC, get_for, rule
from danchu.places.models import Level, Place
from danchu.places.queries import clean_input


def can_manage(person: Any, place: Place) -> bool:
    """Record a unit's desk or figures: its own staff, or staff above it."""
    if place.level == Level.COMMUNE:
        return can_act_in_place(person, place, COMMUNE_STAFF) or acts_above(person, place)
    return place.level == Level.PROVINCE and acts_above(person, place)


def can_manage_departments(person: Any, place: Place) -> bool:
    return place.level == Level.PROVINCE and acts_above(person, place)


def has_office(person: Any) -> bool:
    return has_role_above(person)


def may_import(person: Any) -> bool:
    """Whether some unit's figures are the person's to import: staff above the communes, or a
    commune's staff (their own commune's rows). Other staff (an enterprise's representative) are told
    so on the page rather than shown a form whose every row would be refused."""
    return has_office(person) or has_role_above(person, COMMUNE_STAFF)


def register() -> None:
    rule("adminreform.view", lambda person, obj: True, who=PUBLIC)
    rule("adminreform.manage", can_manage)
    rule("adminreform.departments", can_manage_departments)


def place_for(person: Any, code: str, action: str = "adminreform.view") -> Place:
    return get_for(person, Place.objects.select_related("parent"), action, code=clean_input(code, 64))
