from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.modules import Manifest, ModuleConfig


class OversightConfig(ModuleConfig):
    default = True
    name = "danchu.oversight"
    label = "oversight"
    verbose_name = _("Oversight")
    manifest = Manifest(
        permissions="permissions",
        indicators="indicators",
        case_types="case_types",
        links="links",
        home="home",
        demo="demo",
        tasks="tasks",
        clocks="clocks",
    )
