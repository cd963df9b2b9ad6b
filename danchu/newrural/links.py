from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.core.office import OFFICE_LINKS, OfficeLink
from danchu.places.links import PLACE_LINKS, PlaceLink
from danchu.places.models import Level

from .permissions import has_office

LABEL: Any = _("New-rural development")


def register() -> None:
    OFFICE_LINKS.register(
        "newrural.office", OfficeLink("newrural.office", LABEL, "newrural:office", 70, has_office)
    )
    PLACE_LINKS.register(
        "newrural",
        PlaceLink(LABEL, "newrural:place", (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE), 70),  # type: ignore[arg-type]
    )
