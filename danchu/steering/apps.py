from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.modules import Manifest, ModuleConfig


class SteeringConfig(ModuleConfig):
    name = "danchu.steering"
    label = "steering"
    default = True  # ModuleConfig is imported here too: Django must pick this class
    verbose_name = _("Steering committees")
    manifest = Manifest(
        permissions="permissions",
        indicators="indicators",
        links="links",
        demo="demo",
        tasks="tasks",
        home="home",
    )
