"""Helpers shared by reporting pages."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from danchu.places.models import Place

from .. import queries
from ..periods import Period, PeriodType, parse
from ..registry import Section


def _period(request: HttpRequest, default_type: str = PeriodType.YEAR) -> Period:
    """The period asked for, else the current one of `default_type`; a period that does not exist is
    refused with its message (400), not replaced by the current one in silence."""
    code = request.GET.get("period") or request.POST.get("period") or ""
    return parse(code) if code.strip() else Period.containing(timezone.localdate(), default_type)


def _by_section(figs: list[queries.Figure]) -> list[tuple[str, list[queries.Figure]]]:
    labels = dict(Section.choices)
    groups: dict[str, list[queries.Figure]] = {}
    for f in figs:
        groups.setdefault(f.indicator.section, []).append(f)
    return [(str(labels.get(key, key)), items) for key, items in groups.items()]


def _tile_url() -> str:
    from django.conf import settings

    return settings.MAP_TILE_URL


def _period_choices(period: Period) -> list[Period]:
    year = timezone.localdate().year
    out = []
    for y in (year, year - 1):
        out.append(Period.year(y))
        out += [Period.six_months(y, h) for h in (1, 2)]
        out += [Period.quarter(y, q) for q in (1, 2, 3, 4)]
    if period not in out:
        out.insert(0, period)
    return out


def place_url(place: Place) -> str:
    from django.urls import reverse

    return reverse("reporting:dashboard", kwargs={"code": place.code})


def chart_json(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False)
