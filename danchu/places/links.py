"""Links from a place's public page to the public pages other modules keep for it.

A module registers, in its AppConfig.ready():

    from danchu.places.links import PLACE_LINKS, PlaceLink
    PLACE_LINKS.register("disclosures", PlaceLink(_("Public disclosures"), "disclosures:commune", (Level.COMMUNE,)))

`url_name` is reversed with `code=<place code>`. `levels` says on which pages the link shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from django.urls import NoReverseMatch, reverse

from danchu.core.registry import Registry

from .models import Level, Place


@dataclass(frozen=True)
class PlaceLink:
    label: str  # lazily translated
    url_name: str
    levels: tuple[int, ...] = (Level.COMMUNE,)
    order: int = 100


PLACE_LINKS: Registry[PlaceLink] = Registry("place links")


class ResolvedLink(NamedTuple):
    label: str
    url: str


def links_for(place: Place) -> list[ResolvedLink]:
    found = []
    for link in sorted(PLACE_LINKS, key=lambda link: (link.order, str(link.label))):
        if place.level not in link.levels:
            continue
        try:
            found.append(ResolvedLink(str(link.label), reverse(link.url_name, kwargs={"code": place.code})))
        except NoReverseMatch:
            continue  # a module registered a page it has not built yet: leave it out rather than fail
    return found
