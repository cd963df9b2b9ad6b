"""The province map draws its communes with Leaflet on a bare machine: no tile server, CSP on."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.places import geo
from danchu.places.loading import load_places
from danchu.places.models import Place, PlaceKind
from danchu.places.tests import factories as pf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_province_map_draws_communes_at_their_coordinates_without_tiles(page: Any) -> None:
    dak_lak = pf.province(code="66", name="Tỉnh Đắk Lắk")
    # Real positions (vietnamadminunits) of two communes; the third has none and is not drawn.
    pf.commune(dak_lak, code="24490", name="Xã Krông Pắc", latitude=12.7028, longitude=108.3066)
    pf.commune(dak_lak, code="24496", name="Xã <b>Ea</b> Kly", latitude=12.7084, longitude=108.4157)
    pf.commune(dak_lak, code="24502", name="Xã Ea Phê")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" and "404" not in m.text else None)
    missing: list[str] = []
    page.on(
        "response", lambda r: missing.append(r.url) if r.status >= 400 and "favicon" not in r.url else None
    )
    tiles: list[str] = []
    page.on("request", lambda r: tiles.append(r.url) if "tile" in r.url else None)

    page.goto("/places/66/")

    markers = page.locator(".places-map path.leaflet-interactive")
    markers.first.wait_for()
    assert markers.count() == 2
    markers.nth(1).hover()
    tooltip = page.locator(".leaflet-tooltip")
    tooltip.wait_for()
    assert tooltip.inner_text() in ("Xã Krông Pắc", "Xã <b>Ea</b> Kly")  # a name is text, never markup
    assert page.locator(".leaflet-tooltip b").count() == 0
    assert not tiles and not errors and not missing  # no tile, no CSP refusal, no missing file


def _watch(page: Any) -> tuple[list[str], list[str], list[str]]:
    """(console errors, failed responses, tile requests) of a page, filled as it loads."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    failed: list[str] = []
    page.on(
        "response", lambda r: failed.append(r.url) if r.status >= 400 and "favicon" not in r.url else None
    )
    tiles: list[str] = []
    page.on("request", lambda r: tiles.append(r.url) if "tile" in r.url else None)
    return errors, failed, tiles


def test_national_map_draws_the_34_provinces_and_the_island_zones_without_tiles(page: Any) -> None:
    geo._boundaries.cache_clear()
    if geo._boundaries() is None:
        pytest.skip("build/static/vendor/provinces/ is not built: run `make assets`")
    load_places()
    Place.objects.filter(code="01").update(name="Thành phố <b>Hà Nội</b>")
    zones = Place.objects.filter(kind=PlaceKind.SPECIAL_ZONE, latitude__isnull=False).count()
    errors, failed, tiles = _watch(page)

    page.goto("/places/VN/")

    areas = page.locator(".places-map .leaflet-overlay-pane path.places-area")
    areas.first.wait_for()
    assert areas.count() == 34
    assert page.locator(".places-map .leaflet-overlay-pane path.places-point").count() == zones >= 12
    names = set()
    for i in range(34):
        areas.nth(i).dispatch_event("mouseover")
        names.add(page.locator(".leaflet-tooltip").last.inner_text())
    assert "Thành phố <b>Hà Nội</b>" in names and "Tỉnh Đắk Lắk" in names  # text, never markup
    assert page.locator(".leaflet-tooltip b").count() == 0
    assert "Natural Earth" in page.locator(".places-figure figcaption").inner_text()
    assert not tiles and not errors and not failed


def test_national_map_without_the_boundary_file_shows_the_provinces_as_points(
    page: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(geo, "BOUNDARIES", "vendor/provinces/not-built.geojson")
    geo._boundaries.cache_clear()
    load_places()
    errors, failed, tiles = _watch(page)

    page.goto("/places/VN/")

    points = page.locator(".places-map path.places-point")
    points.first.wait_for()
    assert points.count() == 34 and page.locator(".places-map path.places-area").count() == 0
    assert page.locator(".places-figure figcaption").count() == 0
    assert not tiles and not errors and not failed
    geo._boundaries.cache_clear()
