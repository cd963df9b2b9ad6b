from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.modules import Manifest, ModuleConfig


class DisclosuresConfig(ModuleConfig):
    name = "danchu.disclosures"
    label = "disclosures"
    default = True  # apps.py also imports ModuleConfig: tell Django which config is ours
    verbose_name = _("Disclosures")
    manifest = Manifest(
        permissions="permissions",
        indicators="indicators",
        categories="categories",
        links="links",
        home="home",
        demo="demo",
        tasks="tasks",
        clocks="clocks",
    )
