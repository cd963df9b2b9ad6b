"""The cases module's entries in the back-office menu and on a commune's page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.accounts.permissions import is_admin
from danchu.core.office import OFFICE_LINKS, OfficeLink
from danchu.places.links import PLACE_LINKS, PlaceLink
from danchu.places.models import Level

from .permissions import can_open_office, sees_cases, sees_escalations

OFFICE = (
    (
        "cases",
        _("Cases (feedback, petitions, complaints, denunciations)"),
        "cases:staff_list",
        40,
        sees_cases,
    ),
    ("cases_dashboard", _("Case deadlines dashboard"), "cases:dashboard", 41, can_open_office),
    ("cases_intake", _("Record a case for a citizen"), "cases:intake", 42, can_open_office),
    ("cases_reception", _("Citizen reception and dialogues"), "cases:reception", 43, can_open_office),
    ("cases_import", _("Import cases"), "cases:import", 44, can_open_office),
    ("cases_apikeys", _("Open311 API keys"), "cases:apikeys", 45, is_admin),
    ("cases_escalations", _("Escalations nobody acted on"), "cases:escalations", 46, sees_escalations),
)


def register() -> None:
    for key, label, url_name, order, visible in OFFICE:
        if key not in OFFICE_LINKS:
            OFFICE_LINKS.register(key, OfficeLink(key, label, url_name, order, visible))  # type: ignore[arg-type]
    if "cases" not in PLACE_LINKS:
        link = PlaceLink(_("Feedback and answers"), "cases:place", (Level.COMMUNE,), 40)  # type: ignore[arg-type]
        PLACE_LINKS.register("cases", link)
