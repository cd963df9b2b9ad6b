from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from danchu.places.links import PLACE_LINKS, PlaceLink
from danchu.places.models import Place, PlaceKind
from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db


def test_province_page_lists_its_communes_by_kind_with_a_filter(
    client: Client, commune: Place, province: Place
) -> None:
    pf.commune(province, code="24200", name="Phường Buôn Ma Thuột", kind=PlaceKind.WARD)

    response = client.get(f"/places/{province.code}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Xã Krông Pắc" in html and "Phường Buôn Ma Thuột" in html
    assert 'id="place-filter"' in html
    assert html.index("Xã Krông Pắc") < html.index("Phường Buôn Ma Thuột")  # communes group before wards
    assert response["Cache-Control"] == f"public, max-age={settings.PUBLIC_CACHE_SECONDS}"


def test_commune_page_lists_villages_and_module_links(
    client: Client, commune: Place, village: Place, other_village: Place, monkeypatch: Any
) -> None:
    from danchu.places import links

    monkeypatch.setattr(links, "PLACE_LINKS", type(PLACE_LINKS)("test links"))
    links.PLACE_LINKS.register("search", PlaceLink("Tìm địa bàn", "places:detail"))

    html = client.get(f"/places/{commune.code}/").content.decode()

    assert "Thôn 1" in html and "Buôn Đắk" in html
    assert "Tìm địa bàn" in html and f'href="/places/{commune.code}/"' in html


def test_village_page_shows_its_households_count(client: Client, village: Place, household: Any) -> None:
    pf.household_with_head(village)

    response = client.get(f"/places/{village.code}/")

    assert response.status_code == 200
    assert "Thôn 1" in response.content.decode() and "2 hộ" in response.content.decode()


def test_search_without_diacritics_finds_the_commune(client: Client, commune: Place) -> None:
    response = client.get("/places/search/", {"q": "krong pac"})

    assert "Xã Krông Pắc" in response.content.decode()


def test_search_answers_an_htmx_partial(client: Client, commune: Place) -> None:
    response = client.get("/places/search/", {"q": "KRÔNG"}, HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-results"') and "Xã Krông Pắc" in html
    assert "<html" not in html


def test_unknown_code_is_a_404_with_a_vietnamese_message(client: Client, db: Any) -> None:
    response = client.get("/places/12345678/")

    assert response.status_code == 404
    assert "Không có đơn vị nào có mã 12345678" in response.content.decode()


def test_legacy_unit_page_says_when_it_ended(client: Client, province: Place, commune: Place) -> None:
    import datetime as dt

    pf.PlaceFactory(
        code="654",
        name="Huyện Krông Pắc",
        kind=PlaceKind.DISTRICT,
        parent=province,
        valid_to=dt.date(2025, 6, 30),
    )

    html = client.get("/places/654/").content.decode()

    assert "30/06/2025" in html
    assert "Huyện Krông Pắc" not in client.get(f"/places/{province.code}/").content.decode()


def test_home_lists_provinces_by_proper_name(client: Client, db: Any) -> None:
    pf.province(code="01", name="Thành phố Hà Nội", kind=PlaceKind.CITY)
    pf.province(code="66", name="Tỉnh Đắk Lắk")
    pf.province(code="91", name="Tỉnh An Giang")

    html = client.get("/").content.decode()

    assert html.index("An Giang") < html.index("Đắk Lắk") < html.index("Hà Nội")


def test_pages_stay_light(client: Client, province: Place) -> None:
    for n in range(120):
        pf.commune(province, code=f"3{n:04d}", name=f"Xã Thử Nghiệm Có Tên Dài {n}")

    response = client.get(f"/places/{province.code}/")

    assert len(response.content) < 150 * 1024


def test_public_pages_take_a_fixed_number_of_queries(
    client: Client, province: Place, commune: Place, django_assert_max_num_queries: Any
) -> None:
    for n in range(30):
        pf.commune(province, code=f"3{n:04d}")
        pf.village(commune, code=f"{commune.code}-{n + 10:03d}")
    client.get("/")  # warm up (session, content types)

    for url in ("/", f"/places/{province.code}/", f"/places/{commune.code}/", f"/places/{commune.code}-010/"):
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
