"""The back-office menu entry of steering, and the assignments on each commune's page."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.core.office import OFFICE_LINKS, OfficeLink


def _reads_committees(person: Any) -> bool:
    """Holds a role that reads a committee's work: a unit's representative, who does not, was offered a
    list that said there was no committee (their recommendations to answer are on their own page)."""
    from danchu.accounts.permissions import has_role, is_admin

    from .permissions import READERS

    return is_admin(person) or has_role(person, READERS)


def register() -> None:
    from danchu.places.links import PLACE_LINKS, PlaceLink
    from danchu.places.models import Level

    if "steering.assignments" not in PLACE_LINKS:
        PLACE_LINKS.register(
            "steering.assignments",
            PlaceLink(
                _("Steering committee members assigned here"),  # type: ignore[arg-type]
                "steering:place_assignments",
                (Level.COMMUNE,),
                80,
                "steering.view_place",
            ),
        )
    if "steering.recommendations" not in PLACE_LINKS:
        PLACE_LINKS.register(
            "steering.recommendations",
            PlaceLink(
                _("Inspections by the steering committee and its recommendations"),  # type: ignore[arg-type]
                "steering:place_recommendations",
                (Level.COMMUNE,),
                81,
                "steering.view_place",
            ),
        )
    if "steering.committees" not in OFFICE_LINKS:
        OFFICE_LINKS.register(
            "steering.committees",
            OfficeLink(
                "steering.committees",
                _("Steering committees"),  # type: ignore[arg-type]
                "steering:home",
                59,
                _reads_committees,
            ),
        )
