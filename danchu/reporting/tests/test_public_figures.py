""" "Statistics and reports" on the front page: anyone reads the public figures of the country, a
province or a commune; staff still land on their dashboard."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from danchu.places.tests import factories as pf
from danchu.reporting.registry import INDICATORS

URL = reverse("reporting:home")


def _shown(html: str) -> set[str]:
    return set(re.findall(r'data-indicator="([^"]+)"', html))


def test_a_visitor_reads_the_public_figures_of_a_province(reported: Any, client: Any, province: Any) -> None:
    r = client.get(URL, {"place": province.code, "period": "2025"})
    assert r.status_code == 200
    html = r.content.decode()
    shown = _shown(html)
    assert "adminreform.received" in shown
    assert "newrural.criteria_met" not in shown  # has a value, but is not public
    assert all(INDICATORS.get(code).public for code in shown)
    assert "6.600" in html  # (1000 + 500) × 1.1 × 4, as the dashboard shows it


def test_a_signed_in_resident_gets_the_public_page_not_a_404(
    reported: Any, client_as: Any, citizen: Any
) -> None:
    r = client_as(citizen).get(URL)
    assert r.status_code == 200
    assert all(INDICATORS.get(code).public for code in _shown(r.content.decode()))


def test_staff_still_land_on_their_dashboard(client_as: Any, officer: Any, commune: Any) -> None:
    r = client_as(officer).get(URL)
    assert r.status_code == 302 and r["Location"].startswith(
        reverse("reporting:dashboard", args=[commune.code])
    )


@pytest.mark.django_db
def test_places_below_are_listed_in_vietnamese_order(client: Any, province: Any) -> None:
    for i, name in enumerate(["Xã Yên Định", "Xã Đông Sơn", "Xã Dương Quang"]):
        pf.commune(province, code=f"9{i:04d}", name=name)
    html = client.get(URL, {"place": province.code}).content.decode()
    assert html.index("Xã Dương Quang") < html.index("Xã Đông Sơn") < html.index("Xã Yên Định")


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["no-such-unit", "x" * 5000])
def test_an_unknown_place_is_a_404(client: Any, province: Any, code: str) -> None:
    assert client.get(URL, {"place": code}).status_code == 404
    assert (
        client.get(URL, {"place": f"{code}\x00"}).status_code == 400
    )  # a NUL in the address: refused for every page (core.middleware)


def test_a_village_is_not_a_place_of_these_figures(client: Any, village: Any) -> None:
    assert client.get(URL, {"place": village.code}).status_code == 404


@pytest.mark.django_db
def test_a_period_that_does_not_exist_is_refused_not_replaced(client: Any, province: Any) -> None:
    """30 February is said to be no period (400): it used to show this year's figures as if asked."""
    r = client.get(URL, {"place": province.code, "period": "2026-02-30"})
    assert r.status_code == 400 and "2026-02-30" in r.content.decode()
    assert client.get(URL, {"place": province.code, "period": "2026-02"}).status_code == 200


def test_the_visitors_page_is_public_to_caches_and_the_residents_is_not(
    client: Any, client_as: Any, citizen: Any, province: Any
) -> None:
    assert "public" in client.get(URL, {"place": province.code})["Cache-Control"]
    assert "public" not in client_as(citizen).get(URL, {"place": province.code}).get("Cache-Control", "")


def test_open_data_refuses_a_province_that_does_not_exist(client: Any, province: Any) -> None:
    """The province was read only by the download, where an unknown one gave the whole country's rows."""
    url = reverse("reporting:open_data")
    page = client.get(url, {"province": province.code})
    assert page.status_code == 200 and f'value="{province.code}" selected' in page.content.decode()
    r = client.get(url, {"province": "x" * 300})
    assert r.status_code == 400 and "x" * 20 + "…" in r.content.decode()
    download = reverse("reporting:open_data_file", args=["csv"])
    assert client.get(download, {"province": province.code, "period": "2025"}).status_code == 200
    assert client.get(download, {"province": "99", "period": "2025"}).status_code == 400


def test_staff_land_on_their_dashboard_with_the_period_they_asked_for(
    client_as: Any, officer: Any, commune: Any
) -> None:
    r = client_as(officer).get(URL, {"period": "2025"})
    assert r.status_code == 302 and r["Location"].endswith("?period=2025")
    r = client_as(officer).get(reverse("reporting:dashboard", args=[commune.code]), {"indicator": "no.such"})
    assert r.status_code == 400 and "“no.such”" in r.content.decode()  # not the first figure instead
