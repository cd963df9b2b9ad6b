from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "danchu.reporting"
    label = "reporting"
    verbose_name = _("Reporting")

    def ready(self) -> None:
        from danchu.core.office import OFFICE_LINKS, OfficeLink

        from . import demo, permissions, sections  # noqa: F401  (registrations)

        permissions.register()
        from django.db.models.signals import post_delete, post_save

        from danchu.places.models import Place

        from .models import DataElement, IndicatorDefinition, RollupVersion

        def changed(sender: Any, using: str, **kw: Any) -> None:
            RollupVersion.bump(using)  # every province's reads

        def catalogue_changed(sender: Any, using: str, **kw: Any) -> None:
            RollupVersion.bump_scopes([RollupVersion.CATALOGUE], using)

        # A place's roll-up rows go with it (CASCADE): what was read from them must go too. The
        # catalogue kept in the database is read under a version of its own (catalogue._stored()).
        post_delete.connect(changed, sender=Place, weak=False, dispatch_uid="reporting.rollups.place_deleted")
        for model in (DataElement, IndicatorDefinition):
            for signal in (post_save, post_delete):
                signal.connect(
                    catalogue_changed,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"reporting.catalogue.{model.__name__}",
                )
        from . import home

        home.register()  # the office home's to-do (danchu/core/home.py)
        OFFICE_LINKS.register(
            "reporting.dashboard",
            OfficeLink("reporting.dashboard", _("Dashboards and reports"), "reporting:home", 60),  # type: ignore[arg-type]
        )
        OFFICE_LINKS.register(
            "reporting.catalogue",
            OfficeLink("reporting.catalogue", _("Indicator catalogue"), "reporting:catalogue", 61),  # type: ignore[arg-type]
        )
        OFFICE_LINKS.register(
            "reporting.history",
            OfficeLink(
                "reporting.history",
                _("Import figures of past years"),  # type: ignore[arg-type]
                "reporting:history",
                62,
                visible=permissions.can_import_history,
            ),
        )
