from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorksConfig(AppConfig):
    name = "danchu.works"
    label = "works"
    verbose_name = _("Community works")
