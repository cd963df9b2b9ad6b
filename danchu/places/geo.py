"""GeoJSON of the places, for maps that work on a bare machine (no tile server, no internet).

- Provinces (2025): the boundaries in `data/provinces-2025.geojson` when that file is present (built
  once by `tools/build_provinces_geojson.py` from Natural Earth admin-1, public domain, dissolved by the
  2025 merger list); otherwise each province as a point at its real coordinates.
- Communes of a unit: points at the coordinates the `vietnamadminunits` package gives (docs/places.md);
  a commune without known coordinates is left out, never placed at a made-up position.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from .models import Level, Place
from .queries import places_within

BOUNDARIES = Path(__file__).resolve().parent / "data" / "provinces-2025.geojson"


@lru_cache(maxsize=1)
def _boundaries() -> dict[str, Any] | None:
    if not BOUNDARIES.is_file():
        return None
    with BOUNDARIES.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def _point(place: Place, **extra: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [place.longitude, place.latitude]},
        "properties": {
            "code": place.code,
            "name": place.name,
            "kind": place.get_kind_display(),
            "url": place.get_absolute_url(),
            **extra,
        },
    }


def provinces_geojson() -> dict[str, Any]:
    """The 34 provinces: boundaries when shipped, else points (those with coordinates)."""
    provinces = Place.objects.current().filter(level=Level.PROVINCE).order_by("code")
    shapes = _boundaries()
    if shapes is not None:
        by_code = {p.code: p for p in provinces}
        features = []
        for feature in shapes["features"]:
            place = by_code.get(feature["properties"].get("code"))
            if place is not None:
                props = {"code": place.code, "name": place.name, "url": place.get_absolute_url()}
                features.append({"type": "Feature", "geometry": feature["geometry"], "properties": props})
        return {"type": "FeatureCollection", "features": features, "boundaries": True}
    points = [_point(p) for p in provinces if p.latitude is not None and p.longitude is not None]
    return {"type": "FeatureCollection", "features": points, "boundaries": False}


def communes_geojson(place: Place) -> dict[str, Any]:
    """The communes below `place` (on its last day, for a former unit) that have coordinates."""
    communes = (
        places_within(place, level=Level.COMMUNE, on=place.valid_to, include_self=True)
        .filter(latitude__isnull=False, longitude__isnull=False)
        .order_by("code")
    )
    features = [_point(c) for c in communes]
    return {"type": "FeatureCollection", "features": features, "boundaries": False}
