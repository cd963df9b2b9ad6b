"""The back office menu: each app registers the entries it offers staff, in its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .registry import Registry


@dataclass(frozen=True)
class OfficeLink:
    key: str
    label: str  # lazily translated
    url_name: str
    order: int = 100
    visible: Callable[[Any], bool] | None = None  # predicate(person); None = any staff


OFFICE_LINKS: Registry[OfficeLink] = Registry("office links")


def office_links_for(person: Any) -> list[OfficeLink]:
    links = [link for link in OFFICE_LINKS if link.visible is None or link.visible(person)]
    return sorted(links, key=lambda link: link.order)


# A person acting in at most this many places sees a link for each place on the office pages (its
# public page, its dashboard, a new consultation there); above it (a national administrator acts in
# every unit: 3,321 communes and 34 provinces) the page offers one picker instead: a link per unit
# made the disclosures office page 1.2 MB.
FEW_PLACES = 12


def few(places: Any) -> bool:
    """Whether `places` are few enough to list a link for each (FEW_PLACES)."""
    return len(places) <= FEW_PLACES
