from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "danchu.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from danchu.core.office import OFFICE_LINKS, OfficeLink

        from . import demo, permissions, personal_data, retention  # noqa: F401  (registers the demo step and the foundation rules)

        personal_data.register()
        retention.register()

        def acts_in_villages(person: object) -> bool:
            return permissions.village_scope(person).exists()

        OFFICE_LINKS.register(
            "accounts.links",
            OfficeLink(
                "accounts.links",
                _("Household verification requests"),  # type: ignore[arg-type]
                "accounts:office_links",
                20,
                acts_in_villages,
            ),
        )
        OFFICE_LINKS.register(
            "accounts.counter",
            OfficeLink(
                "accounts.counter",
                _("Counter: act for a citizen"),  # type: ignore[arg-type]
                "accounts:office_counter",
                21,
                acts_in_villages,
            ),
        )
        OFFICE_LINKS.register(
            "accounts.roles",
            OfficeLink(
                "accounts.roles",
                _("Officers and village heads"),  # type: ignore[arg-type]
                "accounts:office_roles",
                22,
                lambda person: permissions.has_role(person, "commune_chairman"),
            ),
        )
        from danchu.core.home import office_todo

        from .queries import pending_links_for

        office_todo(
            "accounts.links",
            _("Household links to verify"),
            count=lambda person: pending_links_for(person).count() if person.is_authenticated else 0,
            url="accounts:office_links",
            order=15,
        )
