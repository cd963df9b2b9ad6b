from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.modules import Manifest, ModuleConfig


class NewRuralConfig(ModuleConfig):
    # apps.py also holds ModuleConfig (imported): with two candidates Django would fall back to a plain
    # AppConfig and the manifest would silently not load.
    default = True
    name = "danchu.newrural"
    label = "newrural"
    verbose_name = _("New-rural development")
    manifest = Manifest(
        permissions="permissions",
        indicators="indicators",
        report_sections="sections",
        links="links",
        demo="demo",
    )
