"""A citizen finds their village from the home page, by clicking and by typing without diacritics."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from danchu.places.tests import factories as pf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_citizen_finds_their_village(page: Any) -> None:
    dak_lak = pf.province(code="66", name="Tỉnh Đắk Lắk")
    pf.province(code="01", name="Thành phố Hà Nội", kind="city")
    krong_pac = pf.commune(dak_lak, code="24490", name="Xã Krông Pắc")
    pf.commune(dak_lak, code="24496", name="Xã Ea Kly")
    pf.village(krong_pac, code="24490-001", name="Buôn Ea Kmát")

    page.goto("/")
    page.get_by_role("link", name="Tỉnh Đắk Lắk").click()
    page.wait_for_url("**/places/66/")
    page.get_by_label("Lọc theo tên").fill("krong")
    expect(page.get_by_role("link", name="Xã Ea Kly")).to_be_hidden()
    expect(page.get_by_role("link", name="Xã Krông Pắc")).to_be_visible()
    page.get_by_role("link", name="Xã Krông Pắc").click()
    page.get_by_role("link", name="Buôn Ea Kmát").click()
    expect(page.locator("h1")).to_have_text(re.compile(r"^Buôn Ea Kmát"))

    page.goto("/")
    page.get_by_role("searchbox", name="Tên xã, phường hoặc thôn, tổ dân phố").press_sequentially("krong pac")
    page.locator("#search-results").get_by_role("link", name="Xã Krông Pắc").click()
    page.wait_for_url("**/places/24490/")
    page.get_by_role("link", name="Buôn Ea Kmát").click()
    expect(page.locator("h1")).to_contain_text("Buôn Ea Kmát")


def test_a_name_typed_before_the_filter_script_ran_still_filters(page: Any) -> None:
    # A slow phone: the person types while the deferred script is still loading (or the browser puts
    # the text back when they return to the page); the list must match what the box shows.
    dak_lak = pf.province(code="66", name="Tỉnh Đắk Lắk")
    pf.commune(dak_lak, code="24490", name="Xã Krông Pắc")
    pf.commune(dak_lak, code="24496", name="Xã Ea Kly")
    held: list[Any] = []
    page.route("**/places/filter*.js", lambda route: held.append(route))
    page.goto("/places/66/", wait_until="commit")
    page.get_by_label("Lọc theo tên").fill("krong")
    page.wait_for_timeout(200)
    assert held, "the filter script was not requested"
    held[0].continue_()
    expect(page.get_by_role("link", name="Xã Ea Kly")).to_be_hidden()
    expect(page.get_by_role("link", name="Xã Krông Pắc")).to_be_visible()
