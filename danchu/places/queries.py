"""Reads of the administrative tree, villages and households."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from danchu.core.errors import NotFound
from danchu.core.text import fold

from .models import Household, HouseholdEvent, HouseholdMember, Level, Place, PlaceKind

_PREFIXES = ("thanh pho ", "tinh ")


def sort_key(place: Place) -> str:
    """Provinces sort by their proper name: "Tỉnh An Giang" before "Thành phố Cần Thơ" before "Tỉnh Cà Mau"."""
    name = place.name_folded
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def provinces_for_home() -> list[Place]:
    provinces = (
        Place.objects.current().filter(level=Level.PROVINCE).only("code", "name", "name_folded", "kind")
    )
    return sorted(provinces, key=sort_key)


def clean_input(text: str, limit: int = 100) -> str:
    """User text safe to put in a query: PostgreSQL refuses NUL characters (a 500 otherwise)."""
    return text.replace("\x00", "")[:limit].strip()


def place_by_code(code: str) -> Place:
    """The place with this code, or NotFound with a message that names the code."""
    code = clean_input(code, 64)
    place = Place.objects.select_related("parent", "merged_into").filter(code=code).first() if code else None
    if place is None:
        raise NotFound(_("There is no unit with the code %(code)s.") % {"code": code})
    return place


def children_of(place: Place, *, on: dt.date | None = None) -> QuerySet[Place]:
    return place.children.current(on).only("code", "name", "name_folded", "kind", "level", "parent_id")


def children_by_kind(place: Place) -> list[tuple[Any, list[Place]]]:
    """The units directly below `place`, grouped by kind (communes, wards, special zones…), by name.
    For a unit that has ended (a district before 2025), the units below it on its last day."""
    groups: dict[str, list[Place]] = {}
    for child in sorted(children_of(place, on=place.valid_to), key=sort_key):
        groups.setdefault(child.kind, []).append(child)
    order = [k.value for k in PlaceKind]
    return [
        (PlaceKind(kind).label, items)
        for kind, items in sorted(groups.items(), key=lambda kv: order.index(kv[0]))
    ]


def search_places(text: str, *, limit: int = 50) -> list[Place]:
    """Provinces, communes and villages whose name matches `text`, ignoring case and diacritics."""
    folded = fold(clean_input(text))
    if len(folded) < 2:
        return []
    return list(
        Place.objects.current()
        .filter(level__in=[Level.PROVINCE, Level.COMMUNE, Level.VILLAGE], name_folded__contains=folded)
        .select_related("parent")
        .order_by("level", "name")[:limit]
    )


# --- Subtrees -----------------------------------------------------------------------------------------------


def places_within(
    place: Place, *, level: int | None = None, on: dt.date | None = None, include_self: bool = False
) -> QuerySet[Place]:
    qs = Place.objects.within(place, include_self=include_self).current(on)
    return qs.filter(level=level) if level is not None else qs


def communes_of(place: Place, *, on: dt.date | None = None) -> QuerySet[Place]:
    return places_within(place, level=Level.COMMUNE, on=on, include_self=True)


def villages_of(commune: Place, *, on: dt.date | None = None, include_ended: bool = False) -> QuerySet[Place]:
    qs = Place.objects.filter(parent=commune, level=Level.VILLAGE)
    if not include_ended:
        qs = qs.current(on)
    return qs.annotate(household_count=Count("households", filter=Q(households__is_active=True))).order_by(
        "valid_to", "name"
    )


def village_in(commune: Place, code: str) -> Place:
    village = Place.objects.filter(parent=commune, level=Level.VILLAGE, code=clean_input(code, 64)).first()
    if village is None:
        raise NotFound(_("There is no unit with the code %(code)s.") % {"code": code})
    return village


# --- Households ---------------------------------------------------------------------------------------------


def households_of(village: Place, *, q: str = "", include_dissolved: bool = False) -> QuerySet[Household]:
    """Households of a village with their representative and number of current members; `q` matches the
    household number, the address or a member's name (without diacritics)."""
    qs = Household.objects.filter(village=village).select_related("representative")
    if not include_dissolved:
        qs = qs.filter(is_active=True)
    q = clean_input(q)
    if q:
        folded = fold(q)
        qs = qs.filter(
            Q(number__icontains=q) | Q(address__icontains=q) | Q(members__full_name_folded__contains=folded)
        ).distinct()
    return qs.annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True))).order_by(
        "number"
    )


def households_with_history() -> QuerySet[Household]:
    """Households with their village, representative, members and events (a household's page)."""
    return Household.objects.select_related("village__parent", "representative").prefetch_related(
        Prefetch("members", queryset=HouseholdMember.objects.order_by("left_on", "id")),
        Prefetch(
            "events",
            queryset=HouseholdEvent.objects.select_related("member", "previous_member").order_by(
                "-at", "-id"
            ),
        ),
    )


@dataclass(frozen=True)
class Voter:
    household: Household
    representative: HouseholdMember | None


def voter_list(village: Place, *, on: dt.date | None = None) -> list[Voter]:
    """The households of the village on a day, each with its representative then: the denominator of
    every village vote (one household, one vote; DOMAIN.md §3.3). Three queries whatever the size."""
    today = dt.date.today()
    on = on or today
    households = list(
        Household.objects.filter(village=village)
        .filter(Q(registered_on__isnull=True) | Q(registered_on__lte=on))
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
        .filter(Q(is_active=True) | Q(dissolved_on__isnull=False))
        .select_related("representative")
        .order_by("number")
    )
    if on >= today:
        return [Voter(h, h.representative) for h in households]
    # In the past: the representative named by the last registration or change on or before that day.
    events = (
        HouseholdEvent.objects.filter(
            household__in=households,
            on__lte=on,
            kind__in=[HouseholdEvent.Kind.CREATED, HouseholdEvent.Kind.REPRESENTATIVE_CHANGED],
        )
        .select_related("member")
        .order_by("on", "at", "id")
    )
    then: dict[int, HouseholdMember | None] = {}
    for event in events:
        then[event.household_id] = event.member
    return [Voter(h, then.get(h.pk, h.representative)) for h in households]


def voter_count(village: Place, *, on: dt.date | None = None) -> int:
    return len(voter_list(village, on=on))
