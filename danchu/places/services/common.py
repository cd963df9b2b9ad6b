"""Helpers shared by the writes of places."""

from __future__ import annotations

from typing import Any

from ..models import PlaceKind

VILLAGE_KINDS = (PlaceKind.VILLAGE, PlaceKind.RESIDENTIAL_GROUP)
# A village's code: it becomes a segment of every path below it ("/" would break the tree), and
# the form, the API schema and the import check it early with this same pattern.
VILLAGE_CODE = r"^[0-9A-Za-z._-]{1,32}$"
_VILLAGE_FIELDS = ("code", "name", "kind", "parent_id", "valid_from", "valid_to")
_HOUSEHOLD_FIELDS = (
    "village_id",
    "number",
    "address",
    "representative_id",
    "is_active",
    "registered_on",
    "dissolved_on",
)
_MEMBER_FIELDS = (
    "household_id",
    "full_name",
    "birth_date",
    "gender",
    "relation",
    "id_number",
    "phone",
    "joined_on",
    "left_on",
)


def clean_text(text: str | None, limit: int = 255) -> str:
    """One line of user text: single spaces, no NUL (PostgreSQL refuses it), at most `limit` characters."""
    return " ".join((text or "").replace("\x00", "").split())[:limit]


def _label(actor: Any) -> str:
    return str(actor) if getattr(actor, "is_authenticated", False) else "system"
