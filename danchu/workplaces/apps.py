from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplacesConfig(AppConfig):
    name = "danchu.workplaces"
    label = "workplaces"
    verbose_name = _("Agencies and enterprises")
