from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.core.office import OFFICE_LINKS, OfficeLink
from danchu.places.links import PLACE_LINKS, PlaceLink
from danchu.places.models import Level

from .permissions import has_office

LABEL: Any = _("Administrative reform")


def register() -> None:
    OFFICE_LINKS.register(
        "adminreform.office", OfficeLink("adminreform.office", LABEL, "adminreform:office", 72, has_office)
    )
    PLACE_LINKS.register(
        "adminreform",
        PlaceLink(LABEL, "adminreform:place", (Level.PROVINCE, Level.COMMUNE), 72),  # type: ignore[arg-type]
    )
