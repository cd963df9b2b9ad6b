from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontConfig(AppConfig):
    """The site's shell: home page, back-office home, error pages, health check. It sits above every
    module (healthchecks' hc.front), so the kernel below imports no domain app."""

    name = "danchu.front"
    label = "front"
    verbose_name = _("Front")
