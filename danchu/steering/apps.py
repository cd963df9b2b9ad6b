from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SteeringConfig(AppConfig):
    name = "danchu.steering"
    label = "steering"
    verbose_name = _("Steering committees")
