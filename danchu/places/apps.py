from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "danchu.places"
    label = "places"
    verbose_name = _("Places")
