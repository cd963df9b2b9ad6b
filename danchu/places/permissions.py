"""The getters of places: every page, endpoint and command reaches a commune, a village or a
household through these, which look it up and check the person's scope in one step and answer 404
for both a missing and a foreign object, so codes and ids cannot be probed.

The rules themselves ("places.manage_villages", "places.manage_households") are registered by
accounts, which knows the roles; places asks them through the kernel (danchu.core.access).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from danchu.core.access import get_for, places_for

from .models import Household, Level, Place
from .queries import clean_input, households_with_history

MANAGE_VILLAGES = "places.manage_villages"
MANAGE_HOUSEHOLDS = "places.manage_households"


def _no_unit(code: str) -> str:
    return _("There is no unit with the code %(code)s.") % {"code": clean_input(code, 64)}


def commune_for(person: Any, code: str, action: str = MANAGE_VILLAGES) -> Place:
    return get_for(
        person,
        Place.objects.select_related("parent"),
        action,
        not_found=_no_unit(code),
        memo="places.commune_for",
        code=clean_input(code, 64),
        level=Level.COMMUNE,
    )


def village_for(person: Any, code: str, action: str = MANAGE_HOUSEHOLDS) -> Place:
    return get_for(
        person,
        Place.objects.select_related("parent"),
        action,
        not_found=_no_unit(code),
        memo="places.village_for",
        code=clean_input(code, 64),
        level=Level.VILLAGE,
    )


def household_for(person: Any, pk: int, action: str = MANAGE_HOUSEHOLDS) -> Household:
    """A household with its members and events, if the person keeps its village's register."""
    queryset = households_with_history()
    return get_for(
        person,
        queryset,
        action,
        subject=lambda h: h.village,
        not_found=_("There is no such household."),
        pk=pk,
    )


def register_places(person: Any) -> list[Place]:
    """The communes and villages whose registers the person keeps."""
    return places_for(person, MANAGE_HOUSEHOLDS)


def keeps_registers(person: Any) -> bool:
    return bool(register_places(person))
