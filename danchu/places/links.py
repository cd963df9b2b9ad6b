"""Links from a place's public page to the public pages other modules keep for it.

A module registers, in its AppConfig.ready():

    from danchu.places.links import PLACE_LINKS, PlaceLink
    PLACE_LINKS.register("disclosures", PlaceLink(_("Public disclosures"), "disclosures:commune", (Level.COMMUNE,)))

`url_name` is reversed with `code=<place code>`. `levels` says on which pages the link shows.
A link to a page that not everyone may open names the `permission` (a rule of core.access) its
reader must hold on the place: the place's page shows it only to those readers, and is then not
kept in shared caches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NamedTuple

from django.urls import NoReverseMatch, reverse

from danchu.core.access import can, is_signed_in
from danchu.core.registry import Registry

from .models import Level, Place


@dataclass(frozen=True)
class PlaceLink:
    label: str  # lazily translated
    url_name: str
    levels: tuple[int, ...] = (Level.COMMUNE,)
    order: int = 100
    permission: str = ""  # "" : a public page


PLACE_LINKS: Registry[PlaceLink] = Registry("place links")


class ResolvedLink(NamedTuple):
    label: str
    url: str
    personal: bool = False  # shown because of who reads the page


def links_for(place: Place, person: Any = None) -> list[ResolvedLink]:
    """The links of `place`'s page that `person` (None: an anonymous reader) may follow."""
    found = []
    for link in sorted(PLACE_LINKS, key=lambda link: (link.order, str(link.label))):
        if place.level not in link.levels:
            continue
        if link.permission and not (is_signed_in(person) and can(person, link.permission, place)):
            continue
        try:
            url = reverse(link.url_name, kwargs={"code": place.code})
            found.append(ResolvedLink(str(link.label), url, bool(link.permission)))
        except NoReverseMatch:
            continue  # a module registered a page it has not built yet: leave it out rather than fail
    return found
