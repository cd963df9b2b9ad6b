from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.modules import Manifest, ModuleConfig


class AdminReformConfig(ModuleConfig):
    # apps.py also holds ModuleConfig (imported): with two candidates Django would fall back to a plain
    # AppConfig and the manifest would silently not load.
    default = True
    name = "danchu.adminreform"
    label = "adminreform"
    verbose_name = _("Administrative reform")
    manifest = Manifest(permissions="permissions", indicators="indicators", links="links", demo="demo")
