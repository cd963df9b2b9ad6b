"""Vietnamese formatting in templates: {% load vn %}

{{ 3509|number }} → 3.509 · {{ 2.3|percent }} → 2,3% · {{ day|longdate }} → ngày 05 tháng 02 năm 2026 ·
{{ day|shortdate }} → 05/02/2026 · {{ this_year|change:last_year }} → tăng 2,3% so với cùng kỳ ·
{{ reported|ratio:units }} → 24/24 (100%). Each follows the active language (see core/formats.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from danchu.core import formats

register = template.Library()


@register.filter
def number(value: Any, decimals: Any = None) -> str:
    if value in (None, ""):
        return formats.MISSING
    return formats.number(_numeric(value), None if decimals in (None, "") else int(decimals))


@register.filter
def percent(value: Any, decimals: Any = 1) -> str:
    if value in (None, ""):
        return formats.MISSING
    return formats.percent(_numeric(value), int(decimals))


@register.filter
def longdate(value: dt.date | dt.datetime | None) -> str:
    return formats.long_date(value)


@register.filter
def shortdate(value: dt.date | dt.datetime | None) -> str:
    return formats.short_date(value)


@register.filter
def change(current: Any, previous: Any) -> str:
    return formats.change(_numeric(current), _numeric(previous))


@register.filter
def ratio(part: Any, whole: Any) -> str:
    return formats.ratio(_numeric(part), _numeric(whole))


def _numeric(value: Any) -> Any:
    """Template values may arrive as strings ("2.3"); numbers pass through."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        from decimal import Decimal, InvalidOperation

        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value
