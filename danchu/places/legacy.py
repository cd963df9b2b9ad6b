"""The administrative tree before 1 July 2025 and the 2025 old→new mapping, from `vietnamadminunits`.

Before the two-tier reform the country had 63 provinces, about 700 districts and about 10,000
communes. `load_legacy()` makes the database match the package (docs/decisions/0002-legacy-tree.md
says why this package): every old unit ends on 30 June 2025, old provinces and communes get an "L"
before their official code (the new units often kept the number), districts keep their bare 3-digit
code, and every unit keeps its official GSO code in `official_code`. The mapping goes into
`Succession`: a commune that went whole into a new one has share 1; one split between several has no
share (the package does not give population or households), its main successor marked.

The package's data is read directly (an SQLite file and a JSON file it ships), without importing the
package: it would import shapely and geopy for nothing.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from danchu.core.audit import audit

from .loading import COUNTRY_CODE, LoadResult, _clean, ensure_loaded, sync_rows
from .models import TWO_TIER_START, Place, PlaceKind, Succession

PACKAGE = "vietnamadminunits"
LEGACY_END = TWO_TIER_START - dt.timedelta(days=1)
LEGACY_PREFIX = "L"

_DISTRICT_KIND = PlaceKind.DISTRICT
_WARD_KINDS = {"Phường": PlaceKind.WARD, "Thị trấn": PlaceKind.TOWNSHIP, "Xã": PlaceKind.COMMUNE}
# Obvious typing slips in the package's names, put right.
_NAME_FIXES = {"KRông": "Krông", "BHốk": "Bhốk"}


@dataclass
class LegacyResult(LoadResult):
    links_created: int = 0
    links_updated: int = 0
    unmatched: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        text = (
            f"{self.created} created, {self.updated} updated; "
            f"mapping: {self.links_created} created, {self.links_updated} updated"
        )
        if self.unmatched:
            text += f"; {len(self.unmatched)} old communes without a new one in the package"
        return text


def legacy_code(level: int, official: str) -> str:
    """Our code for a pre-2025 unit: "L66" (province), "654" (district), "L24490" (commune)."""
    return official if level == 2 else f"{LEGACY_PREFIX}{official}"


def data_dir() -> Path:
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"The {PACKAGE} package is not installed (pip install -r requirements.lock).")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def source() -> str:
    from importlib.metadata import version

    return f"{PACKAGE} {version(PACKAGE)}"


def _name(text: str) -> str:
    text = _clean(text)
    for wrong, right in _NAME_FIXES.items():
        text = text.replace(wrong, right)
    return text


def _read(table: str) -> list[dict[str, Any]]:
    with sqlite3.connect(f"file:{data_dir() / 'dataset.db'}?mode=ro", uri=True) as db:
        db.row_factory = sqlite3.Row
        return [dict(r) for r in db.execute(f"SELECT * FROM {table}")]  # noqa: S608 - fixed names


def legacy_rows(districts: set[str] | None = None) -> list[dict[str, Any]]:
    """Provinces, then districts, then communes before 1 July 2025 (of `districts` only, if given).

    A commune's coordinates are kept only when no other unit has the same point: a shared point is the
    geocoder's fallback (the district's centre), not the commune's own position."""
    rows = [r for r in _read("admin_units_legacy") if r["provinceCode"]]
    points = Counter((r["wardLat"], r["wardLon"]) for r in rows if r["wardCode"])
    if districts is not None:
        rows = [r for r in rows if r["districtCode"] in districts]
    common = {"valid_from": None, "valid_to": LEGACY_END, "codename": ""}
    provinces: dict[str, dict[str, Any]] = {}
    units: dict[str, dict[str, Any]] = {}
    communes: list[dict[str, Any]] = []
    for r in rows:
        p_code = legacy_code(1, r["provinceCode"])
        if p_code not in provinces:
            name = _name(r["province"])
            provinces[p_code] = {
                **common,
                "code": p_code,
                "official_code": r["provinceCode"],
                "name": name,
                "kind": PlaceKind.CITY if name.startswith("Thành phố") else PlaceKind.PROVINCE,
                "parent": COUNTRY_CODE,
            }
        d_code = legacy_code(2, r["districtCode"])
        if d_code not in units:
            units[d_code] = {
                **common,
                "code": d_code,
                "official_code": r["districtCode"],
                "name": _name(r["district"]),
                "kind": _DISTRICT_KIND,
                "parent": p_code,
            }
        if not r["wardCode"]:  # an island district without communes (Bạch Long Vĩ, Côn Đảo…)
            continue
        point = (r["wardLat"], r["wardLon"])
        own_point = point[0] is not None and points[point] == 1
        communes.append(
            {
                **common,
                "code": legacy_code(3, r["wardCode"]),
                "official_code": r["wardCode"],
                "name": _name(r["ward"]),
                "kind": _WARD_KINDS.get(r["wardType"] or "", PlaceKind.COMMUNE),
                "parent": d_code,
                "latitude": point[0] if own_point else None,
                "longitude": point[1] if own_point else None,
            }
        )
    return [*provinces.values(), *units.values(), *sorted(communes, key=lambda c: c["code"])]


@dataclass(frozen=True)
class Link:
    old: str  # our code of the old unit
    new: str  # our code of the new unit
    share: Decimal | None
    basis: str
    is_main: bool


def mapping_rows() -> list[Link]:
    """Old province → new province (whole), old commune → new commune(s), by official codes."""
    with (data_dir() / "converter_2025.json").open(encoding="utf-8") as f:
        converter = json.load(f)
    legacy = [r for r in _read("admin_units_legacy") if r["wardCode"]]
    current = _read("admin_units")
    old_by_key = {f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey']}": r["wardCode"] for r in legacy}
    old_province = {r["provinceKey"]: r["provinceCode"] for r in legacy}
    ours = _our_new_codes(current)
    new_by_key = {(r["provinceKey"], r["wardKey"]): ours.get(r["wardCode"]) for r in current}
    new_province = {r["provinceKey"]: r["provinceCode"] for r in current}
    whole, one = Succession.Basis.WHOLE, Decimal(1)
    links: list[Link] = []
    for new_key, old_keys in converter["DICT_PROVINCE"].items():
        for old_key in old_keys:
            links.append(Link(legacy_code(1, old_province[old_key]), new_province[new_key], one, whole, True))
    for p_key, wards in converter["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, old_keys in wards.items():
            new = new_by_key.get((p_key, ward_key))
            for old_key in old_keys:
                old = old_by_key.get(old_key)
                if new and old:
                    links.append(Link(legacy_code(3, old), new, one, whole, True))
    for p_key, olds in converter["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old_key, parts in olds.items():
            old = old_by_key.get(old_key)
            for part in parts:
                new = new_by_key.get((p_key, part["newWardKey"]))
                if new and old:
                    links.append(
                        Link(
                            legacy_code(3, old),
                            new,
                            None,
                            Succession.Basis.UNKNOWN,
                            bool(part["isDefaultNewWard"]),
                        )
                    )
    return _merged(links)


def _merged(links: list[Link]) -> list[Link]:
    """One link per (old, new) pair: two package units matched to one of ours give one link, whole only
    if both say so."""
    pairs: dict[tuple[str, str], Link] = {}
    for link in links:
        seen = pairs.get((link.old, link.new))
        if seen is not None and seen != link:
            same = seen.share == link.share and seen.basis == link.basis
            link = Link(
                link.old,
                link.new,
                link.share if same else None,
                link.basis if same else Succession.Basis.UNKNOWN,
                seen.is_main or link.is_main,
            )
        pairs[(link.old, link.new)] = link
    return list(pairs.values())


def _our_new_codes(current: list[dict[str, Any]]) -> dict[str, str]:
    """The package's code of each new commune → ours (from vietnam-provinces). They agree but for about a
    hundred units renumbered after the package's release; those are matched by province and name."""
    from danchu.core.text import fold

    places = Place.objects.filter(valid_to__isnull=True, level=3).values_list("code", "name_folded", "path")
    codes = {code for code, _, _ in places}
    by_name = {(path.split("/")[2], _key(name)): code for code, name, path in places}
    result: dict[str, str] = {}
    for r in current:
        code = r["wardCode"]
        if code in codes:
            result[code] = code
        elif (found := by_name.get((r["provinceCode"], _key(fold(_name(r["ward"])))))) is not None:
            result[code] = found
    return result


def _key(folded: str) -> str:
    """A name to compare: letters and digits only ("Chân Mây – Lăng Cô" = "Chân Mây - Lăng Cô")."""
    return re.sub(r"[^a-z0-9]", "", folded)


_RECORDED = (Succession.Basis.POPULATION, Succession.Basis.HOUSEHOLDS)


def _sync_links(links: list[Link], result: LegacyResult, source_text: str) -> None:
    codes = {link.old for link in links} | {link.new for link in links}
    ids = dict(Place.objects.filter(code__in=codes).values_list("code", "pk"))
    existing = {(s.old_id, s.new_id): s for s in Succession.objects.filter(old_id__in=ids.values())}
    new: list[Succession] = []
    changed: list[Succession] = []
    for link in links:
        old_id, new_id = ids.get(link.old), ids.get(link.new)
        if old_id is None or new_id is None:
            continue
        values = {
            "share": link.share,
            "basis": link.basis,
            "is_main": link.is_main,
            "effective_on": TWO_TIER_START,
            "source": source_text,
        }
        row = existing.get((old_id, new_id))
        if row is not None and row.basis in _RECORDED:
            # A share recorded by the province (import_shares) is better than the package's "unknown".
            values = {"is_main": link.is_main, "effective_on": TWO_TIER_START}
        if row is None:
            new.append(Succession(old_id=old_id, new_id=new_id, **values))
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            changed.append(row)
    Succession.objects.bulk_create(new, batch_size=1000)
    Succession.objects.bulk_update(changed, ["share", "basis", "is_main", "effective_on", "source"], 1000)
    result.links_created += len(new)
    result.links_updated += len(changed)


def load_legacy(*, districts: set[str] | None = None, actor: Any = None) -> LegacyResult:
    """Create or update the pre-2025 units (all, or those of `districts` by official code) and their
    links to the new units. Idempotent: a second run creates and changes nothing."""
    ensure_loaded()
    rows = legacy_rows(districts)
    loaded = {r["code"] for r in rows}
    links = [link for link in mapping_rows() if link.old in loaded]
    result = LegacyResult()
    source_text = source()
    with transaction.atomic():
        by_code = {p.code: p for p in Place.objects.filter(code__in=[COUNTRY_CODE, *loaded])}
        for level in (1, 2, 3):
            level_rows = [r for r in rows if _level(r) == level]
            sync_rows(level_rows, by_code, result)
        _sync_links(links, result, source_text)
        linked = set(Succession.objects.filter(old__code__in=loaded).values_list("old__code", flat=True))
        result.unmatched = sorted(r["code"] for r in rows if _level(r) == 3 and r["code"] not in linked)
        if result.created or result.updated or result.links_created or result.links_updated:
            audit(
                actor=actor,
                action="places.legacy_loaded",
                object_type="places.place",
                object_id=",".join(sorted(districts)) if districts else COUNTRY_CODE,
                after={
                    "created": result.created,
                    "updated": result.updated,
                    "links_created": result.links_created,
                    "links_updated": result.links_updated,
                    "source": source_text,
                },
            )
    return result


def _level(row: dict[str, Any]) -> int:
    return 2 if row["kind"] == _DISTRICT_KIND else 1 if row["parent"] == COUNTRY_CODE else 3


def fill_coordinates() -> int:
    """Give current provinces and communes the package's coordinates where they have none (an office's
    own correction is never overwritten). Returns the number of units given a position."""
    current = _read("admin_units")
    ours = _our_new_codes(current)
    points: dict[str, tuple[float, float]] = {}
    doubtful: set[str] = set()  # two package units matched to one of ours: which point is unclear
    for r in current:
        code = ours.get(r["wardCode"])
        if code is not None:
            if points.get(code, (r["wardLat"], r["wardLon"])) != (r["wardLat"], r["wardLon"]):
                doubtful.add(code)
            points[code] = (r["wardLat"], r["wardLon"])
        points[r["provinceCode"]] = (r["provinceLat"], r["provinceLon"])
    for code in doubtful:
        del points[code]
    missing = list(
        Place.objects.filter(code__in=points, valid_to__isnull=True, latitude__isnull=True).only(
            "pk", "code", "latitude", "longitude"
        )
    )
    for place in missing:
        place.latitude, place.longitude = points[place.code]
    Place.objects.bulk_update(missing, ["latitude", "longitude"], batch_size=1000)
    return len(missing)
