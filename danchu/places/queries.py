"""Reads of the administrative tree, villages and households."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from danchu.core import sqlmemo
from danchu.core.errors import NotFound
from danchu.core.text import SortKey, fold, quoted, vi_sort_key

from .models import Household, HouseholdEvent, HouseholdMember, Level, Place, PlaceKind, Succession

_PREFIXES = ("thanh pho ", "tinh ")


def sort_key(place: Place) -> SortKey:
    """Provinces sort by their proper name, in Vietnamese order: "Tỉnh An Giang" before "Thành phố
    Cần Thơ" before "Tỉnh Cà Mau", and "Thành phố Đà Nẵng" after every name in D (not among them)."""
    name = place.name_folded
    for prefix in _PREFIXES:
        if name.startswith(prefix):
            return vi_sort_key(place.name[len(prefix) :])
    return vi_sort_key(place.name)


def in_vietnamese_order(places: Iterable[Place]) -> list[Place]:
    """`places` sorted as a reader expects (sort_key), not by the database's collation."""
    return sorted(places, key=sort_key)


def current_provinces() -> list[Place]:
    """The current provinces in Vietnamese order of their proper names (sort_key): every list a
    reader picks a province from (the home page, the API, open data, case forms) shows this order,
    not the database's collation, which puts "Đ" after "Z"."""
    provinces = sqlmemo.objects(  # compiled once per worker; the home page asks on every view
        "places.current_provinces",
        lambda on: (
            Place.objects.current(on).filter(level=Level.PROVINCE).only("code", "name", "name_folded", "kind")
        ),
        binds={"on": dt.date.today()},
    )
    return sorted(provinces, key=sort_key)


def sitemap_codes() -> list[str]:
    """Codes of the current provinces and communes, for sitemap.xml."""
    return list(
        Place.objects.current()
        .filter(level__in=(Level.PROVINCE, Level.COMMUNE))
        .order_by("path")
        .values_list("code", flat=True)
    )


def clean_input(text: str, limit: int = 100) -> str:
    """User text safe to put in a query: PostgreSQL refuses NUL characters (a 500 otherwise)."""
    return text.replace("\x00", "")[:limit].strip()


CODE_LENGTH = Place._meta.get_field("code").max_length or 32


def place_or_none(code: str | None, **filters: Any) -> Place | None:
    """The place with exactly this code (and `filters`), or None — also for a code no place can have
    (a NUL, which PostgreSQL refuses with an error, or longer than a code): a form's chosen place."""
    code = code or ""
    if not code or "\x00" in code or len(code) > CODE_LENGTH:
        return None
    return Place.objects.filter(code=code, **filters).first()


def chosen_province(request: Any, name: str = "province") -> Place | None:
    """The province chosen in the address (`?province=66`), None when none is; a code that names no
    province is refused (400), not read as "every province" in silence."""
    code = request.GET.get(name, "").strip()
    if not code:
        return None
    province = place_or_none(code, level=Level.PROVINCE)
    if province is None:
        message = _("There is no province with the code “%(code)s”.") % {"code": quoted(code, 20)}
        raise NotFound(message, status=400)
    return province


def place_with_parent(code: str | None) -> Place | None:
    """The place with exactly this code, its parent read with it, or None (also for a code no place
    can have). Compiled once per worker (core.sqlmemo): case intake asks on every submission."""
    code = code or ""
    if not code or "\x00" in code or len(code) > CODE_LENGTH:
        return None
    found = sqlmemo.objects(
        "places.place_with_parent",
        lambda code: Place.objects.select_related("parent").filter(code=code).order_by("pk")[:1],
        binds={"code": code},
    )
    return found[0] if found else None


def place_by_code(code: str, *, on: dt.date | None = None) -> Place:
    """The place with this code, or NotFound with a message that names the code.

    With `on`, the unit that existed that day under this code, current or former: "24490" on
    1 March 2021 is the former Thị trấn Phước An (our code L24490), on 1 March 2026 Xã Krông Pắc;
    "L24490" and "654" are accepted too. A unit known by the code but not alive that day is refused
    with its validity (NotFound)."""
    code = clean_input(code, 64)
    if not code:
        raise NotFound(_("There is no unit with the code %(code)s.") % {"code": code})
    qs = Place.objects.select_related("parent", "merged_into")
    if on is None:
        place = qs.filter(code=code).first()
        if place is None:
            raise NotFound(_("There is no unit with the code %(code)s.") % {"code": code})
        return place
    official = code[1:] if code[:1] in "Ll" and code[1:].isdigit() else code
    candidates = list(qs.filter(Q(code=code) | Q(code=official) | Q(official_code=official)))
    alive = [p for p in candidates if existed_during(p, on, on)]
    if alive:
        return sorted(alive, key=lambda p: (p.code != code, p.level))[0]
    if candidates:
        raise NotFound(
            _("No unit had the code %(code)s on %(date)s. %(validity)s")
            % {
                "code": code,
                "date": on.strftime("%d/%m/%Y"),
                "validity": " ".join(validity_text(p) for p in candidates),
            }
        )
    raise NotFound(_("There is no unit with the code %(code)s.") % {"code": code})


def existed_during(place: Place, start: dt.date, end: dt.date) -> bool:
    """Whether the unit existed on every day from `start` to `end` (a unit with no recorded start
    existed since before our records)."""
    return (place.valid_from is None or place.valid_from <= start) and (
        place.valid_to is None or place.valid_to >= end
    )


def validity_text(place: Place) -> str:
    """ "Xã Ea Kly (mã 24496) existed until 30/06/2025." — for refusal messages."""
    values = {
        "name": place.name,
        "code": place.official_code or place.code,
        "start": place.valid_from.strftime("%d/%m/%Y") if place.valid_from else "",
        "end": place.valid_to.strftime("%d/%m/%Y") if place.valid_to else "",
    }
    if place.valid_from and place.valid_to:
        return _("%(name)s (code %(code)s) existed from %(start)s to %(end)s.") % values
    if place.valid_to:
        return _("%(name)s (code %(code)s) existed until %(end)s.") % values
    if place.valid_from:
        return _("%(name)s (code %(code)s) exists since %(start)s.") % values
    return _("%(name)s (code %(code)s) has no recorded start or end.") % values


def unit_during(code: str, start: dt.date, end: dt.date) -> Place:
    """The unit with `code` that existed between `start` and `end`: the code as given, or the code of a
    unit before 1 July 2025 stored with the "L" prefix (places/data/legacy_sample.csv). When neither
    existed then, the one found (the caller refuses it with its validity); NotFound when none has it."""
    return UnitsByCode([code]).during(code, start, end)


def _code_candidates(code: str) -> tuple[str, ...]:
    """The codes a unit given as `code` may have: as given, or with the "L" of a unit before 1 July 2025."""
    return tuple(c for c in ((code,) if code.startswith("L") else (code, f"L{code}")) if c)


class UnitsByCode:
    """unit_during() for the many codes of a spreadsheet: the units they name read once (500 codes a
    query), then each row's unit found in memory by the same rule."""

    def __init__(self, codes: Iterable[str]) -> None:
        tried = sorted({c for code in codes for c in _code_candidates(clean_input(code, 64))})
        self.places: dict[str, Place] = {}
        for i in range(0, len(tried), 500):
            found = Place.objects.select_related("parent").filter(code__in=tried[i : i + 500])
            self.places.update((p.code, p) for p in found)

    def during(self, code: str, start: dt.date, end: dt.date) -> Place:
        code = clean_input(code, 64)
        found = [p for c in _code_candidates(code) if (p := self.places.get(c)) is not None]
        if not found:
            raise NotFound(_("There is no unit with the code %(code)s.") % {"code": code})
        # alive some day of the period (a year crossing the 1 July 2025 reform finds the old unit)
        alive = (
            p
            for p in found
            if (p.valid_from is None or p.valid_from <= end) and (p.valid_to is None or start <= p.valid_to)
        )
        return next(alive, found[0])

    def ids(self) -> set[int]:
        return {p.pk for p in self.places.values()}


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


@dataclass(frozen=True)
class Found:
    """The first places a search lists, and whether more match (the page says so, and how to narrow
    the search, rather than dropping the rest in silence)."""

    places: list[Place]
    more: bool


def find_places(text: str, *, levels: Iterable[int] | None = None, limit: int = 50) -> Found:
    """Places whose name matches `text`, ignoring case and diacritics: those named exactly so first,
    then by level and name. What follows a comma narrows by the unit above: "Thôn 1, Ea Kly" is a
    Thôn 1 whose commune's (or province's) name holds "Ea Kly" — a name like "Thôn 1" is in thousands
    of communes. Each query walks the (level, name) index and stops after `limit` + 1 rows."""
    name, comma, above = clean_input(text).partition(",")
    wanted = [Level.PROVINCE, Level.COMMUNE, Level.VILLAGE] if levels is None else list(levels)
    found = _found(fold(name), fold(above), wanted, limit)
    words = name.split()
    # Without the comma ("Thôn 1 Krông Pắc"), the words at the end may name the unit above: each
    # split is tried, the longest name first, only when the whole text matched nothing (a few words).
    for cut in range(len(words) - 1, 0, -1) if not (found.places or comma) and len(words) <= 6 else ():
        found = _found(fold(" ".join(words[:cut])), fold(" ".join(words[cut:])), wanted, limit)
        if found.places:
            break
    return found


def _found(folded: str, above_folded: str, wanted: Iterable[int], limit: int) -> Found:
    if len(folded) < 2:
        return Found([], False)
    qs = (
        Place.objects.current()
        .filter(level__in=wanted, name_folded__contains=folded)
        .select_related("parent")
    )
    if above_folded:
        qs = qs.filter(
            Q(parent__name_folded__contains=above_folded)
            | Q(parent__parent__name_folded__contains=above_folded)
        )
    exact = list(qs.filter(name_folded=folded).order_by("level", "name")[: limit + 1])
    rest = list(qs.exclude(name_folded=folded).order_by("level", "name")[: limit + 1 - len(exact)])
    places = exact + rest
    return Found(places[:limit], len(places) > limit)


def search_places(text: str, *, limit: int = 50) -> list[Place]:
    """Provinces, communes and villages whose name matches `text` (find_places' first `limit`)."""
    return find_places(text, limit=limit).places


def children_on(place: Place, on: dt.date, *, kinds: Iterable[str] | None = None) -> QuerySet[Place]:
    """The units directly below `place` that existed on `on`, optionally of these kinds: the register
    denominator of a report for that day (the 15 xã of the former Krông Pắc district in 2021 with
    kinds=["commune"]; its township is a separate kind)."""
    qs = place.children.current(on)
    if kinds is not None:
        qs = qs.filter(kind__in=[str(k) for k in kinds])
    return qs.order_by("name_folded")


# --- The 2025 reorganisation (Succession) ------------------------------------------------------------------


def successor_links(place: Place) -> list[Succession]:
    """Where the old unit went, with share, basis and main successor; for a former district, where its
    communes went (share unknown: the district's own split is not recorded)."""
    links = list(Succession.objects.filter(old=place).select_related("new").order_by("-is_main", "new__name"))
    if links or place.level != Level.DISTRICT:
        return links
    seen: dict[int, Succession] = {}
    for link in Succession.objects.filter(old__parent=place).select_related("new").order_by("new__name"):
        seen.setdefault(link.new_id, Succession(old=place, new=link.new, share=None, is_main=False))
    return list(seen.values())


def predecessor_links(place: Place) -> list[Succession]:
    return list(Succession.objects.filter(new=place).select_related("old__parent").order_by("old__name"))


def history_links(place: Place) -> tuple[list[Succession], list[Succession]]:
    """(where the unit went, what it was formed from) in one query: a place page's history."""
    links = list(
        Succession.objects.filter(Q(old=place) | Q(new=place))
        .select_related("old__parent", "new")
        .order_by("-is_main", "new__name", "old__name")
    )
    went = [link for link in links if link.old_id == place.pk]
    if not went and place.level == Level.DISTRICT:
        went = successor_links(place)
    return went, sorted((link for link in links if link.new_id == place.pk), key=lambda k: k.old.name)


def successors(old_place: Place) -> list[tuple[Place, Decimal | None]]:
    """[(new unit, share of the old unit that went into it, or None when not known)]."""
    return [(link.new, link.share) for link in successor_links(old_place)]


def predecessors(place: Place) -> list[tuple[Place, Decimal | None]]:
    """[(old unit, share of that old unit that went into `place`, or None when not known)]: a new
    commune's 2024 figure is the sum of its predecessors' figures times these shares."""
    return [(link.old, link.share) for link in predecessor_links(place)]


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
