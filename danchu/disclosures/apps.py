from __future__ import annotations

from pathlib import Path
from typing import cast

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosuresConfig(AppConfig):
    name = "danchu.disclosures"
    label = "disclosures"
    verbose_name = _("Disclosures")

    def ready(self) -> None:
        from danchu.accounts.permissions import is_staff
        from danchu.core.office import OFFICE_LINKS, OfficeLink

        from . import categories, permissions

        categories.register_defaults()
        permissions.register()

        def publishes(person: object) -> bool:
            from .queries import managed_places

            return bool(managed_places(person))

        OFFICE_LINKS.register(
            "disclosures",
            OfficeLink("disclosures", cast(str, _("Disclosures")), "disclosures:office", 10, publishes),
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

        here = Path(__file__).resolve().parent
        if (here.parent / "places" / "links.py").exists():
            from danchu.places.links import PLACE_LINKS, PlaceLink
            from danchu.places.models import Level

            PLACE_LINKS.register(
                "disclosures",
                PlaceLink(
                    cast(str, _("Public disclosures")),  # lazy: translated when the page renders
                    "disclosures:place",
                    (Level.PROVINCE, Level.COMMUNE, Level.VILLAGE),
                    10,
                ),
            )

        from . import demo  # noqa: F401  (registers the demo step)

        if (here.parent / "reporting" / "registry.py").exists():
            from . import indicators  # noqa: F401
