"""`{% load clocks %}{% calendar_warning %}`: the office home's warning when next year's official
holiday schedule is missing (from October); `{{ day|projected_mark }}`: " (dự kiến)" after a
deadline whose year has no official schedule yet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import gettext as _

from danchu.core.calendar import Calendar
from danchu.core.clocks import schedule_warning

register = template.Library()


@register.inclusion_tag("core/calendar_warning.html")
def calendar_warning() -> dict[str, Any]:
    return {"warning": schedule_warning()}


@register.filter
def projected_mark(day: Any) -> str:
    if not isinstance(day, dt.date):
        return ""
    return " " + _("(projected)") if Calendar().is_projected(day.year) else ""
