from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString, mark_safe

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


@register.filter
def body(html: str) -> SafeString:
    """A stored body, sanitised again as it is shown. It was sanitised when written
    (services.text.render_body); a row written around danchu — a restored or edited database —
    must still not put markup or scripts in a citizen's page (a few hundred microseconds)."""
    from danchu.disclosures.services.text import clean_html

    return mark_safe(clean_html(html or ""))  # noqa: S308 - nh3 output is safe HTML
