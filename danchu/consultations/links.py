"""Back-office menu entries. The Front officer finds the Front's records and consultations here."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.accounts.models import Role
from danchu.accounts.permissions import COMMUNE_STAFF, has_role, is_admin
from danchu.core.office import OFFICE_LINKS, OfficeLink


def _commune_staff_or_front(person: Any) -> bool:
    return is_admin(person) or has_role(person, COMMUNE_STAFF | {Role.FRONT_OFFICER})


def _commune_staff(person: Any) -> bool:
    return is_admin(person) or has_role(person, COMMUNE_STAFF)


def register() -> None:
    items = [
        (
            "consultations.drafts",
            _("Consultations on drafts"),
            "consultations:index",
            45,
            _commune_staff_or_front,
        ),
        (
            "consultations.front",
            _("Front comments and critique conferences"),
            "consultations:front",
            46,
            _commune_staff_or_front,
        ),
        ("consultations.surveys", _("Satisfaction surveys"), "consultations:surveys", 47, _commune_staff),
        ("consultations.maps", _("Opinion maps"), "consultations:maps", 48, _commune_staff),
    ]
    for key, label, url, order, visible in items:
        if key not in OFFICE_LINKS:
            OFFICE_LINKS.register(key, OfficeLink(key, label, url, order, visible))  # type: ignore[arg-type]
