from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.modules import Manifest, ModuleConfig


class WorksConfig(ModuleConfig):
    # apps.py also holds ModuleConfig (imported): with two candidates Django would fall back to a plain
    # AppConfig and the manifest would silently not load.
    default = True
    name = "danchu.works"
    label = "works"
    verbose_name = _("Community works")
    manifest = Manifest(
        permissions="permissions",
        indicators="indicators",
        links="links",
        home="home",
        demo="demo",
        case_types="case_types",
    )
