"""What axe-core (front/tests/axe.py) found on the demo, each checked where it was found: a map that
announced itself as a picture while its zoom buttons and places took the focus (nested-interactive),
tables wider than a phone that a keyboard could not scroll (scrollable-region-focusable), action
columns with an empty header, and the disclosure editor's toolbar named in English ("bold") with a
paragraph-style list that had no name at all and showed "Normal", "Heading 2"."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from danchu.accounts.permissions import needs_mfa_setup
from danchu.accounts.services import token_create
from danchu.accounts.tests.factories import give_totp
from danchu.places.tests import factories as pf

from .axe import violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, person: Any) -> None:
    from django.test import Client

    if needs_mfa_setup(person):
        give_totp(person)
    client = Client()
    client.force_login(person)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_a_provinces_map_is_a_named_region_not_a_picture(page: Any, province: Any) -> None:
    pf.commune(province, code="24490", name="Xã Krông Pắc", latitude=12.7028, longitude=108.3066)
    page.goto(f"/places/{province.code}/")
    page.locator(".places-map path.leaflet-interactive").first.wait_for()  # drawn, its places focusable
    region = page.locator("[data-places-map]")
    expect(region).to_have_attribute("role", "region")
    assert region.get_attribute("aria-label")
    assert violations(page) == []


def test_a_table_wider_than_the_phone_can_be_scrolled_from_the_keyboard(
    page: Any, live_server: Any, officer: Any
) -> None:
    for n in range(3):
        token_create(person=officer, name=f"Máy tính bảng của tổ công tác số {n} thôn Buôn Ea Kmar")
    _sign_in(page, live_server, officer)
    page.set_viewport_size({"width": 240, "height": 320})  # a KaiOS feature phone's screen
    page.goto("/me/tokens/")
    table = page.locator("main table").first
    assert table.evaluate("t => t.scrollWidth > t.clientWidth")  # it does scroll sideways
    expect(table).to_have_attribute("tabindex", "0")
    table.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('main table').scrollLeft > 0")
    expect(page.locator("main table th").last).to_have_text("Thao tác")  # the actions column is named
    assert violations(page) == []

    page.set_viewport_size({"width": 1280, "height": 800})  # the screen turned: nothing to scroll
    expect(table).not_to_have_attribute("tabindex", "0")


def test_the_editors_toolbar_is_named_in_the_users_language(
    page: Any, live_server: Any, officer: Any
) -> None:
    _sign_in(page, live_server, officer)
    page.goto("/disclosures/office/new/")
    toolbar = page.locator(".ql-toolbar")
    expect(toolbar.locator("button.ql-bold")).to_have_attribute("aria-label", "Chữ đậm")
    expect(toolbar.locator("button.ql-list[value=bullet]")).to_have_attribute(
        "aria-label", "Danh sách gạch đầu dòng"
    )
    label = toolbar.locator(".ql-picker-label")
    expect(label).to_have_attribute("aria-label", "Kiểu đoạn")
    expect(label).to_have_attribute("data-label", "Văn bản thường")  # shown instead of "Normal"
    label.click()
    toolbar.locator(".ql-picker-item[data-value='2']").click()
    expect(label).to_have_attribute("data-label", "Đề mục")  # Quill copies the chosen item's name
    page.keyboard.type("Kế hoạch sử dụng đất năm 2026")
    assert violations(page) == []
