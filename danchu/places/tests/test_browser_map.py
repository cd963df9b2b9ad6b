"""The province map draws its communes with Leaflet on a bare machine: no tile server, CSP on."""

from __future__ import annotations

from typing import Any

import pytest

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
