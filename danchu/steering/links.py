"""The back-office menu entry of steering, and the assignments on each commune's page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.office import OFFICE_LINKS, OfficeLink


def register() -> None:
    if "steering.committees" not in OFFICE_LINKS:
        OFFICE_LINKS.register(
            "steering.committees",
            OfficeLink(
                "steering.committees",
                _("Steering committees"),  # type: ignore[arg-type]
                "steering:home",
                59,
            ),
        )
