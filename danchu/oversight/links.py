"""The back-office entry of oversight and the public board page of each commune."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.office import OFFICE_LINKS, OfficeLink
from danchu.places.links import PLACE_LINKS, PlaceLink
from danchu.places.models import Level

from .permissions import works_in_oversight


def register() -> None:
    OFFICE_LINKS.register(
        "oversight.office",
        OfficeLink(
            "oversight.office",
            _("Inspection and supervision"),  # type: ignore[arg-type]
            "oversight:office",
            55,
            works_in_oversight,
        ),
    )
    PLACE_LINKS.register(
        "oversight.board",
        PlaceLink(_("People's Inspection Board"), "oversight:commune", (Level.COMMUNE,), 55),  # type: ignore[arg-type]
    )
