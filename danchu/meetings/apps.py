from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.modules import Manifest, ModuleConfig


class MeetingsConfig(ModuleConfig):
    name = "danchu.meetings"
    default = True
    label = "meetings"
    verbose_name = _("Village meetings")
    manifest = Manifest(
        permissions="permissions",
        indicators="indicators",
        links="links",
        home="home",
        demo="demo",
        tasks="tasks",
        clocks="clocks",
    )
