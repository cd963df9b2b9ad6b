"""Where disclosures appear in the back-office menu and on the page of a place."""

from __future__ import annotations

from typing import Any, cast

from django.utils.translation import gettext_lazy as _

from danchu.accounts.permissions import is_staff
from danchu.core.office import OFFICE_LINKS, OfficeLink
from danchu.places.links import PLACE_LINKS, PlaceLink
from danchu.places.models import Level


def _publishes(person: Any) -> bool:
    from .permissions import can_manage

    return can_manage(person)


def register() -> None:
    OFFICE_LINKS.register(
        "disclosures",
        OfficeLink("disclosures", cast(str, _("Disclosures")), "disclosures:office", 10, _publishes),
    )
    OFFICE_LINKS.register(
        "disclosures_compliance",
        OfficeLink(
            "disclosures_compliance",
            cast(str, _("Disclosure obligations")),
            "disclosures:office_compliance",
            11,
            is_staff,
        ),
    )
    PLACE_LINKS.register(
        "disclosures",
        PlaceLink(
            cast(str, _("Public disclosures")),  # lazy: translated when the page renders
            "disclosures:place",
            (Level.PROVINCE, Level.COMMUNE, Level.VILLAGE),
            10,
        ),
    )
