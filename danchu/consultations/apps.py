from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.modules import Manifest, ModuleConfig


class ConsultationsConfig(ModuleConfig):
    default = True  # ModuleConfig is imported here too: name the config Django should use
    name = "danchu.consultations"
    label = "consultations"
    verbose_name = _("Consultations")
    manifest = Manifest(
        permissions="permissions",
        indicators="indicators",
        links="links",
        home="home",
        demo="demo",
        tasks="tasks",
        discussions="discussions",
    )
