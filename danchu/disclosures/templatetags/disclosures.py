from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.utils import dateformat, timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

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


@register.simple_tag
def disclosure_items(disclosures: Iterable[Any]) -> SafeString:
    """`{% disclosure_items list %}`: the `<li>` of each disclosure of a list (the commune page's board
    and latest items, a category, the archive, the items citing a document), escaped as a template
    escapes. One markup for the four lists (place.html inlined it twice, the others included a template
    per row); measured, the commune page is as fast as with its template loops: its cost per item is
    the category's translated name and the date, not the loop (issue #17)."""
    badges = {
        "withdrawn": format_html(' · <span class="badge bad">{}</span>', _("withdrawn")),
        "ended": format_html(' · <span class="badge">{}</span>', _("posting ended")),
    }
    return format_html_join(
        "",
        '<li class="disc"><a href="{}">{}</a>\n<small>{} · {}{}</small></li>',
        (
            (
                d.get_absolute_url(),
                d.title,
                dateformat.format(timezone.localtime(d.published_at), "d/m/Y") if d.published_at else "",
                d.category_name,
                badges.get(d.status, ""),
            )
            for d in disclosures
        ),
    )
