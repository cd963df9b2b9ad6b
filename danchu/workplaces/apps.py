from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.modules import Manifest, ModuleConfig


class WorkplacesConfig(ModuleConfig):
    name = "danchu.workplaces"
    label = "workplaces"
    default = True  # ModuleConfig is imported here too: Django must pick this class
    verbose_name = _("Agencies and enterprises")
    manifest = Manifest(
        permissions="permissions",
        indicators="indicators",
        links="links",
        demo="demo",
        tasks="tasks",
        home="home",
    )
