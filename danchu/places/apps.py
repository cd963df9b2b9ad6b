from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "danchu.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from danchu.core.office import OFFICE_LINKS, OfficeLink

        from . import demo  # noqa: F401  registers the demo step
        from .permissions import keeps_registers

        OFFICE_LINKS.register(
            "places",
            OfficeLink("places", _("Villages and households"), "places:office", 10, keeps_registers),  # type: ignore[arg-type]  # a lazy label
        )
