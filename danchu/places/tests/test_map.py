"""Maps on a bare machine: the GeoJSON endpoints and the boundary build script."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from danchu.places import geo
from danchu.places.legacy import data_dir, load_legacy
from danchu.places.loading import load_places
from danchu.places.models import Place

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def country() -> None:
    load_places()


def test_provinces_geojson_has_34_real_points_without_a_boundary_file(
    client: Client, country: None, monkeypatch: Any
) -> None:
    monkeypatch.setattr(geo, "BOUNDARIES", Path("/nonexistent.geojson"))
    geo._boundaries.cache_clear()

    response = client.get("/places/map/provinces.geojson")

    assert response.status_code == 200 and response["Content-Type"] == "application/geo+json"
    assert "max-age=86400" in response["Cache-Control"] and "public" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["boundaries"] is False and len(data["features"]) == 34
    dak_lak = next(f for f in data["features"] if f["properties"]["code"] == "66")
    lng, lat = dak_lak["geometry"]["coordinates"]
    assert 10 < lat < 15 and 107 < lng < 110  # the Central Highlands, from the package
    again = client.get("/places/map/provinces.geojson", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304 and not again.content


def test_a_province_map_has_its_communes_where_known_and_no_made_up_point(
    client: Client, country: None
) -> None:
    Place.objects.filter(code="24496").update(latitude=None, longitude=None)

    data = json.loads(client.get("/places/66/map.geojson").content)

    codes = {f["properties"]["code"] for f in data["features"]}
    assert "24490" in codes and "24496" not in codes
    assert len(codes) == Place.objects.filter(parent__code="66", latitude__isnull=False).count()
    assert all(f["geometry"]["type"] == "Point" for f in data["features"])
    assert client.get("/places/99999999/map.geojson").status_code == 404
    assert client.get("/places/66\x00/map.geojson").status_code < 500  # NUL dropped, never a 500


def test_a_former_district_map_shows_its_old_communes(client: Client, country: None) -> None:
    load_legacy(districts={"654"})

    data = json.loads(client.get("/places/654/map.geojson").content)

    names = {f["properties"]["name"] for f in data["features"]}
    assert "Thị trấn Phước An" in names and len(names) <= 16


def test_province_page_mounts_the_map_without_inline_script(client: Client, country: None) -> None:
    html = client.get("/places/66/").content.decode()

    assert 'data-places-map data-url="/places/66/map.geojson"' in html
    assert "places/map.js" in html and "vendor/leaflet/leaflet.js" in html
    assert 'data-tiles=""' in html  # no tile server unless MAP_TILE_URL is set


def test_the_boundary_script_dissolves_former_provinces_into_the_34(tmp_path: Path) -> None:
    """A stand-in for Natural Earth: one square per former province, named as Natural Earth names them
    (no diacritics); the script must give 34 provinces, Đắk Lắk being Đắk Lắk + Phú Yên."""
    spec = importlib.util.spec_from_file_location("build_geo", ROOT / "tools" / "build_provinces_geojson.py")
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    with sqlite3.connect(data_dir() / "dataset.db") as db:
        olds = db.execute("SELECT DISTINCT provinceShort FROM admin_units_legacy").fetchall()
    features = []
    for i, (short,) in enumerate(sorted(olds)):
        x, y = 100 + (i % 8), 8 + i // 8
        square = [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]
        props = {"adm0_a3": "VNM", "name": tool.fold(short)}  # "daklak", "phuyen"…
        features.append(
            {"type": "Feature", "properties": props, "geometry": {"type": "Polygon", "coordinates": square}}
        )
    source = tmp_path / "ne.geojson"
    source.write_text(json.dumps({"type": "FeatureCollection", "features": features}))

    data = tool.build(source, 0.01)

    assert len(data["features"]) == 34
    dak_lak = next(f for f in data["features"] if f["properties"]["code"] == "66")
    assert dak_lak["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert "Natural Earth" in data["source"]
