"""Writes to the tree below the commune: villages, households, their members and representatives.

Villages are never deleted: a village that is merged or dissolved gets an end date (`valid_to`),
so records made while it existed keep pointing at it. Households are never deleted either: they are
dissolved, and every change to members or the representative leaves a `HouseholdEvent`.
Callers have checked that `actor` may act in the commune (accounts.permissions).
"""

from __future__ import annotations

from .common import (  # noqa: F401
    _HOUSEHOLD_FIELDS,
    _MEMBER_FIELDS,
    _VILLAGE_FIELDS,
    VILLAGE_CODE,
    VILLAGE_KINDS,
    _label,
    clean_text,
)
from .households import (  # noqa: F401
    MemberData,
    NewHousehold,
    _check_open,
    _event,
    _new_member,
    _refresh_member,
    household_dissolve,
    household_register,
    household_update,
    household_upsert,
    households_register,
    member_add,
    member_leave,
    representative_change,
)
from .villages import _check_village, next_village_code, village_create, village_end, village_update  # noqa: F401
