from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "danchu.steering"
    label = "steering"
    verbose_name = _("Steering committees")

    def ready(self) -> None:
        from danchu.core.office import OFFICE_LINKS, OfficeLink

        from . import demo, indicators, permissions  # noqa: F401  (registrations)

        permissions.register()
        OFFICE_LINKS.register(
            "steering.committees",
            OfficeLink("steering.committees", _("Steering committees"), "steering:home", 59),  # type: ignore[arg-type]
        )
