from __future__ import annotations

from typing import Any

from django import template

from danchu.disclosures.categories import period_label as _period_label

register = template.Library()


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)


@register.filter
def period_label(key: str) -> str:
    return _period_label(key) if key else ""


@register.filter
def category_name(code: str) -> str:
    from danchu.disclosures.categories import get

    cat = get(code)
    return str(cat.name) if cat else code
