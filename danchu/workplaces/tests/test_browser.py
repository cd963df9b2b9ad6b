"""Done-when of issue 14: a unit's representative convenes the conference, records attendance and
contents, a vote, downloads the minutes; the steering committee sees the compliance list."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client
from docx import Document
from playwright.sync_api import expect

from danchu.meetings.models import Motion
from danchu.workplaces.models import Conference

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    c = Client()
    c.force_login(user)
    cookie = c.cookies[django_settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def test_conference_from_convening_to_minutes_and_the_compliance_list(
    page: Any, live_server: Any, rep: Any, agency: Any, enterprise: Any, steering_member: Any, committee: Any
) -> None:
    year = dt.date.today().year - 1
    _sign_in(page, live_server, rep)
    page.goto("/office/")
    page.get_by_role("link", name="Cơ quan, đơn vị và doanh nghiệp").first.click()
    page.get_by_role("link", name=agency.name).click()

    form = page.locator("#convene-form")
    form.get_by_label("Năm").fill(str(year))
    form.get_by_label("Dự kiến tổ chức ngày").fill(f"{year}-12-15")
    form.get_by_label("Số đại biểu được triệu tập").fill("30")
    form.get_by_label("Địa điểm").fill("Hội trường nhà trường")
    form.get_by_role("button", name="Triệu tập").click()
    page.wait_for_url("**/workplaces/conferences/*/")

    hold = page.locator("#hold-form")
    hold.get_by_label("Ngày tổ chức").fill(f"{year}-12-15")
    hold.get_by_label("Số đại biểu có mặt").fill("27")
    hold.get_by_label("Chủ trì").fill("Nguyễn Văn Thành")
    hold.get_by_label("Thư ký").fill("Lê Thị Thu")
    hold.get_by_label("Thông qua quy chế chi tiêu nội bộ").check()
    hold.get_by_label("Báo cáo hoạt động và bầu Ban Thanh tra nhân dân").check()
    hold.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("#conference-status")).to_contain_text("27/30 đại biểu có mặt")

    # The resolution is put to the vote, the secretary enters the room's show of hands and closes it:
    # the result is computed by the rule (more than 50% of the 27 present), not typed.
    vote = page.locator("#resolution-form")
    vote.get_by_label("Nghị quyết:", exact=True).fill(
        "Nghị quyết Hội nghị cán bộ, viên chức năm " + str(year)
    )
    vote.get_by_role("button", name="Mở biểu quyết").click()
    page.wait_for_url("**/workplaces/resolutions/*/")
    room = page.locator("#room-count-form")
    room.locator("input[name=votes_for]").fill("26")
    room.get_by_label("Không tán thành").fill("1")
    room.get_by_role("button", name="Ghi nhận số biểu quyết").click()
    page.locator("#resolution-close-form").get_by_role("button").click()
    expect(page.locator("#resolution-status")).to_contain_text("được thông qua")
    assert Motion.objects.get().passed
    page.goto(f"/workplaces/conferences/{Conference.objects.get().pk}/")
    assert "được thông qua" in page.locator("#resolutions").inner_text()

    with page.expect_download() as info:
        page.locator("#minutes-link").click()
    minutes = Document(io.BytesIO(open(info.value.path(), "rb").read()))
    text = "\n".join(p.text for p in minutes.paragraphs)
    assert "BIÊN BẢN" in text and "có mặt: 27" in text
    assert Conference.objects.get().status == "held"

    _sign_in(page, live_server, steering_member)
    page.goto(f"/workplaces/committees/{committee.pk}/compliance/?year={year}")
    figures = page.locator("#figures").inner_text()
    assert "1/1" in figures and "0/1" in figures
    assert enterprise.name in page.locator("#missing").inner_text()
    assert agency.name not in page.locator("#missing").inner_text()
    page.locator("#print-link").click()
    page.wait_for_url("**print=1")
    assert enterprise.name in page.locator("#missing").inner_text()


def test_the_printable_compliance_list_fits_a_phone(
    page: Any, live_server: Any, steering_member: Any, committee: Any, agency: Any, enterprise: Any
) -> None:
    """The printable list kept its paper margins on a screen (3 cm on the left): on a phone 360 px wide
    its table ran past the edge and the page scrolled sideways. Printed, the margins stay."""
    _sign_in(page, live_server, steering_member)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/workplaces/committees/{committee.pk}/compliance/?year={dt.date.today().year}&print=1")
    expect(page.get_by_text(agency.name)).to_be_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
    page.emulate_media(media="print")
    assert page.evaluate("() => getComputedStyle(document.body).marginLeft") == "113.386px"  # 3 cm
