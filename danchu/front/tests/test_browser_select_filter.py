"""Long lists to choose from get a search box (static/js/select-filter.js): on the public case form a
province's communes are narrowed by typing without diacritics, the choice made stays whatever is
typed next, Enter does not send the form, and the list htmx swaps in for another province gets a
box of its own. Short lists get none."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from danchu.places.tests import factories as pf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_provinces_communes_are_narrowed_by_typing(page: Any, commune: Any, other_commune: Any) -> None:
    for n in range(30):
        pf.commune(commune.parent, name=f"Xã Thêm {n}")
    hanoi = pf.province(code="01", name="Thành phố Hà Nội")
    for n in range(25):
        pf.commune(hanoi, name=f"Phường Hà Nội {n}")

    page.goto("/cases/new/")
    expect(page.locator("input[data-filter-for=id_province]")).to_have_count(0)  # two provinces
    page.select_option("#id_province", commune.parent.code)
    box = page.locator("input[data-filter-for=id_place]")
    expect(box).to_have_attribute("aria-label", "Gõ để lọc danh sách")
    expect(page.get_by_label("Xã hoặc thôn")).to_have_count(1)  # the list alone
    places = page.locator("#id_place option")
    expect(places).to_have_count(33)  # "---------" and 32 communes

    box.fill("ea kly")
    expect(places).to_have_text(["---------", "Xã Ea Kly"])
    expect(page.locator(".select-filter-count")).to_have_text("1 trên 32")
    page.select_option("#id_place", label="Xã Ea Kly")

    box.fill("them 1")  # Xã Thêm 1, 10–19; the choice made stays in the list and chosen
    expect(places).to_have_count(13)
    assert page.eval_on_selector("#id_place", "s => s.options[s.selectedIndex].text") == "Xã Ea Kly"
    box.press("Enter")
    assert page.url.endswith("/cases/new/")  # not sent
    expect(page.locator("#id_place")).to_be_focused()

    box.fill("")
    expect(places).to_have_count(33)
    assert page.eval_on_selector("#id_place", "s => s.options[s.selectedIndex].text") == "Xã Ea Kly"

    page.select_option("#id_province", "01")  # htmx swaps in Hà Nội's list
    expect(page.locator("#id_place option")).to_have_count(26)
    # The new list is in the page before htmx:load gives it its box (and removes the old list's):
    # typing in between would type in the old box.
    expect(page.locator("#id_place[data-filtered]")).to_have_count(1)
    expect(page.locator("input[data-filter-for=id_place]")).to_have_count(1)
    expect(page.locator("input[data-filter-for=id_place]")).to_have_value("")
    page.locator("input[data-filter-for=id_place]").fill("ha noi 2")
    expect(page.locator("#id_place option")).to_have_text(
        [
            "---------",
            "Phường Hà Nội 2",
            "Phường Hà Nội 20",
            "Phường Hà Nội 21",
            "Phường Hà Nội 22",
            "Phường Hà Nội 23",
            "Phường Hà Nội 24",
        ]
    )
