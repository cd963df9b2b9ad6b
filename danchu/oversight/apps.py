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
        links="links",
        demo="demo",
        tasks="tasks",
    )
