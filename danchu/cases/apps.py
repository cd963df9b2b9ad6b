from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.modules import Manifest, ModuleConfig


class CasesConfig(ModuleConfig):
    default = True
    name = "danchu.cases"
    label = "cases"
    verbose_name = _("Cases")
    manifest = Manifest(
        permissions="permissions",
        indicators="indicators",
        case_types="types",
        links="links",
        home="home",
        demo="demo",
        tasks="tasks",
        clocks="clocks",
    )

    def ready(self) -> None:
        super().ready()
        # The key that seals denouncers' identities: a valid Fernet key, and not the public
        # development key when DEBUG is off. Refused at start-up, never discovered at the first seal.
        from django.core import checks

        from .checks import day_settings
        from .vault import check_keys

        check_keys()
        checks.register(day_settings)
