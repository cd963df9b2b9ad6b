from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "danchu.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from danchu.core.office import OFFICE_LINKS, OfficeLink

        from . import permissions
        from .types import register_case_types

        register_case_types()
        permissions.register()
        from .permissions import can_open_office

        for key, label, url_name, order in (
            ("cases", _("Cases (feedback, petitions, complaints, denunciations)"), "cases:staff_list", 40),
            ("cases_dashboard", _("Case deadlines dashboard"), "cases:dashboard", 41),
            ("cases_intake", _("Record a case for a citizen"), "cases:intake", 42),
            ("cases_reception", _("Citizen reception and dialogues"), "cases:reception", 43),
            ("cases_import", _("Import cases"), "cases:import", 44),
        ):
            if key not in OFFICE_LINKS:
                OFFICE_LINKS.register(key, OfficeLink(key, label, url_name, order, can_open_office))  # type: ignore[arg-type]
        if "cases_apikeys" not in OFFICE_LINKS:
            from danchu.accounts.permissions import is_admin

            OFFICE_LINKS.register(
                "cases_apikeys",
                OfficeLink("cases_apikeys", _("Open311 API keys"), "cases:apikeys", 45, is_admin),  # type: ignore[arg-type]
            )
        from . import demo, indicators, tasks  # noqa: F401  (registration side effects)

        try:
            from danchu.places import links as place_links  # type: ignore[attr-defined]
        except ImportError:
            return
        from .views import register_place_link

        register_place_link(place_links)
