"""The back-office menu entry: a unit's representatives and the staff of its place find their units."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.core.office import OFFICE_LINKS, OfficeLink


def _sees_units(person: Any) -> bool:
    from danchu.accounts.models import Role
    from danchu.accounts.permissions import has_role, is_admin

    from .permissions import REGISTRARS

    return is_admin(person) or has_role(person, REGISTRARS | {Role.WORKPLACE_REP})


def register() -> None:
    if "workplaces.units" not in OFFICE_LINKS:
        OFFICE_LINKS.register(
            "workplaces.units",
            OfficeLink(
                "workplaces.units",
                _("Agencies and enterprises"),  # type: ignore[arg-type]
                "workplaces:units",
                58,
                _sees_units,
            ),  # type: ignore[arg-type]
        )
