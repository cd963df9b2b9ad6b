"""Loading the official administrative tree from the `vietnam-provinces` package.

Since 1 July 2025 the country has 34 provincial-level units and 3,321 commune-level units
(Decision 19/2025/QĐ-TTg; DOMAIN.md §10). `load_places()` makes the database match the package:
missing units are created, changed names/kinds/parents are updated, and a second run changes
nothing. Bulk queries keep the whole country under a few seconds on SQLite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from danchu.core.audit import audit
from danchu.core.text import fold

from .models import KIND_LEVEL, TWO_TIER_START, Place, PlaceKind

COUNTRY_CODE = "VN"
COUNTRY_NAME = "Việt Nam"

_SPACES = re.compile(r"\s+")

# Fields the loader owns; anything else (coordinates, villages below) is left alone.
_FIELDS = (
    "name",
    "name_folded",
    "kind",
    "level",
    "parent_id",
    "path",
    "codename",
    "valid_from",
    "official_code",
)
# Fields a row may carry in addition (the legacy tree: its end, and coordinates when known).
_OPTIONAL = ("valid_to", "latitude", "longitude")


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    located: int = 0  # units given coordinates

    def __str__(self) -> str:
        located = f", {self.located} given coordinates" if self.located else ""
        return f"{self.created} created, {self.updated} updated{located}"


def _clean(name: str) -> str:
    return _SPACES.sub(" ", name).strip()


def province_kind(division_type: Any) -> str:
    return PlaceKind.CITY if division_type.name == "THANH_PHO_TRUNG_UONG" else PlaceKind.PROVINCE


def commune_kind(division_type: Any) -> str:
    return {"PHUONG": PlaceKind.WARD, "DAC_KHU": PlaceKind.SPECIAL_ZONE}.get(
        division_type.name, PlaceKind.COMMUNE
    )


def province_name(name: str, kind: str) -> str:
    """The package writes cities as "Thành phố Hà Nội" but provinces bare ("Đắk Lắk"); we name both fully."""
    name = _clean(name)
    if kind == PlaceKind.PROVINCE and not fold(name).startswith("tinh "):
        return f"Tỉnh {name}"
    return name


def official_rows() -> list[dict[str, Any]]:
    """The country, then provinces, then communes: each a dict of the fields the loader owns."""
    from vietnam_provinces import Province, Ward

    rows: list[dict[str, Any]] = [
        {
            "code": COUNTRY_CODE,
            "name": COUNTRY_NAME,
            "kind": PlaceKind.COUNTRY,
            "parent": None,
            "codename": "viet_nam",
            "official_code": "",
            "valid_from": None,
        }
    ]
    for p in sorted(Province.iter_all(), key=lambda p: int(p.code)):
        kind = province_kind(p.division_type)
        rows.append(
            {
                "code": f"{int(p.code):02d}",
                "official_code": f"{int(p.code):02d}",
                "name": province_name(p.name, kind),
                "kind": kind,
                "parent": COUNTRY_CODE,
                "codename": p.codename,
                "valid_from": TWO_TIER_START,
            }
        )
    for w in sorted(Ward.iter_all(), key=lambda w: int(w.code)):
        rows.append(
            {
                "code": f"{int(w.code):05d}",
                "official_code": f"{int(w.code):05d}",
                "name": _clean(w.name),
                "kind": commune_kind(w.division_type),
                "parent": f"{int(w.province_code):02d}",
                "codename": w.codename,
                "valid_from": TWO_TIER_START,
            }
        )
    return rows


def sync_rows(rows: list[dict[str, Any]], by_code: dict[str, Place], result: LoadResult) -> None:
    """Create or update the places of one level (parents are in `by_code` already)."""
    now = timezone.now()
    fields = list(_FIELDS)
    new: list[Place] = []
    changed: list[Place] = []
    for row in rows:
        parent = by_code[row["parent"]] if row["parent"] else None
        values: dict[str, Any] = {
            "name": row["name"],
            "name_folded": fold(row["name"]),
            "kind": str(row["kind"]),
            "level": int(KIND_LEVEL[PlaceKind(row["kind"])]),
            "parent_id": parent.pk if parent else None,
            "path": (parent.path if parent else "/") + row["code"] + "/",
            "codename": row["codename"],
            "valid_from": row["valid_from"],
            "official_code": row["official_code"],
        }
        for name in _OPTIONAL:
            if row.get(name) is not None:
                values[name] = row[name]
                if name not in fields:
                    fields.append(name)
        place = by_code.get(row["code"])
        if place is None:
            new.append(Place(code=row["code"], **values))
        elif any(getattr(place, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(place, f, v)
            place.updated_at = now
            changed.append(place)
    if new:
        Place.objects.bulk_create(new, batch_size=500)
        # Not every backend returns primary keys from a bulk insert; read them back by code.
        for place in Place.objects.filter(code__in=[p.code for p in new]):
            by_code[place.code] = place
    if changed:
        Place.objects.bulk_update(changed, [*fields, "updated_at"], batch_size=500)
    result.created += len(new)
    result.updated += len(changed)


def load_places(*, actor: Any = None) -> LoadResult:
    """Create or update the country, the provinces and the communes. Idempotent."""
    rows = official_rows()
    result = LoadResult()
    with transaction.atomic():
        by_code = {p.code: p for p in Place.objects.filter(code__in=[r["code"] for r in rows])}
        for kinds in (
            {PlaceKind.COUNTRY},
            {PlaceKind.PROVINCE, PlaceKind.CITY},
            {PlaceKind.COMMUNE, PlaceKind.WARD, PlaceKind.SPECIAL_ZONE},
        ):
            sync_rows([r for r in rows if r["kind"] in kinds], by_code, result)
        from .legacy import fill_coordinates

        result.located = fill_coordinates()
        if result.created or result.updated:
            audit(
                actor=actor,
                action="places.loaded",
                object_type="places.place",
                object_id="VN",
                after={"created": result.created, "updated": result.updated, "source": _source()},
            )
    return result


def _source() -> str:
    import vietnam_provinces

    return f"vietnam-provinces {getattr(vietnam_provinces, '__version__', '?')}"


def ensure_loaded() -> None:
    """Load the tree when it is missing (the demo and first runs call this)."""
    if Place.objects.filter(code=COUNTRY_CODE).exists() and Place.objects.provinces().exists():
        return
    load_places()
