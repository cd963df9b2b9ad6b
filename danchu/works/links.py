from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.core.office import OFFICE_LINKS, OfficeLink
from danchu.places.links import PLACE_LINKS, PlaceLink
from danchu.places.models import Level

from .permissions import has_boards

LABEL: Any = _("Community works and supervision boards")


def register() -> None:
    OFFICE_LINKS.register(
        "works.office",
        OfficeLink("works.office", LABEL, "works:office", 45, has_boards),
    )
    PLACE_LINKS.register(
        "works",
        PlaceLink(_("Community works"), "works:place", (Level.COMMUNE, Level.VILLAGE), 40),  # type: ignore[arg-type]
    )
