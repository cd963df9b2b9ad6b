"""Done-when journey: a suggestion-box slip becomes a matter; the board classifies it, sends the plan,
inspects after the legal notice, concludes with signs of violation and recommends; the commune chairman
answers in danchu; the board marks the recommendation resolved."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.test import Client

from danchu.core.calendar import today
from danchu.oversight.models import Matter, Recommendation
from danchu.oversight.services import earliest_start

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    c = Client()
    c.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": c.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_slip_to_recommendation_answered_by_the_chairman(
    page: Any, live_server: Any, board: Any, board_member: Any, chairman: Any, front_officer: Any
) -> None:
    received = today() - dt.timedelta(days=40)
    sent = received + dt.timedelta(days=3)
    start = earliest_start(sent)
    assert start <= today()

    # 1. A member enters the slip found in the suggestion box.
    _sign_in(page, live_server, board_member)
    page.goto(f"/oversight/boards/{board.pk}/")
    page.click("#receive summary")
    page.select_option("#matter-channel", "suggestion_box")
    page.fill("#matter-title", "Thu tiền vệ sinh môi trường cao hơn nghị quyết")
    page.fill(
        "#matter-description",
        "Phiếu góp ý: thôn 1 thu 50.000 đ/hộ/tháng, nghị quyết HĐND xã quy định 30.000 đ.",
    )
    page.fill("#matter-received_on", received.isoformat())
    page.click("form.matter-receive button[type=submit]")
    page.wait_for_selector("h1:has-text('TTND-24181')")
    matter = Matter.objects.get()
    assert matter.channel == "suggestion_box"

    # 2. Within the board's scope.
    page.select_option("#classify-in_scope", "1")
    page.click("form.classify button[type=submit]")
    page.wait_for_selector("form.plan")

    # 3. The specific plan, sent to the Front, the chairman and the inspected party.
    page.fill("#plan-inspected_party", "Ban quản lý thôn 1")
    page.fill("#plan-plan", "Làm việc với trưởng thôn, kiểm tra sổ thu quỹ vệ sinh môi trường năm 2025.")
    page.fill("#plan-sent_on", sent.isoformat())
    page.fill("#plan-planned_start", start.isoformat())
    page.click("form.plan button[type=submit]")
    page.wait_for_selector("form.start")

    # 4. A start before the legal notice is refused with the day it may start.
    page.fill("#start-on", sent.isoformat())
    page.click("form.start button[type=submit]")
    page.wait_for_selector(f".messages li.error:has-text('{start:%d/%m/%Y}')")
    page.fill("#start-on", start.isoformat())
    page.click("form.start button[type=submit]")
    page.wait_for_selector("form.conclude")

    # 5. Findings with signs of violation; a recommendation to the chairman.
    page.fill("#conclude-findings", "Thôn thu vượt 20.000 đ/hộ/tháng so với Nghị quyết số 12/NQ-HĐND.")
    page.check("#conclude-signs_of_violation")
    page.click("form.conclude button[type=submit]")
    page.wait_for_selector("form.recommend")
    page.fill("#recommend-content", "Chỉ đạo thôn 1 hoàn trả số tiền thu vượt cho các hộ trong tháng.")
    page.click("form.recommend button[type=submit]")
    page.wait_for_selector(".recommendation")
    assert Recommendation.objects.get().addressee_person == chairman

    # 6. The chairman finds it in the office and answers.
    _sign_in(page, live_server, chairman)
    page.goto("/oversight/")
    page.click(f"a:has-text('{matter.code}')")
    page.fill(
        "form.answer textarea[name=answer]", "UBND xã đã chỉ đạo thôn 1 hoàn trả, theo Công văn số 85/UBND."
    )
    page.click("form.answer button[type=submit]")
    page.wait_for_selector(".recommendation:has-text('Công văn số 85/UBND')")

    # 7. The board follows up and closes it.
    _sign_in(page, live_server, board_member)
    page.goto(f"/oversight/matters/{matter.pk}/")
    page.fill("form.resolve textarea[name=resolution]", "Các hộ đã nhận lại tiền; biên bản ngày hôm nay.")
    page.click("form.resolve button[type=submit]")
    page.wait_for_selector(".status:has-text('')")
    matter.refresh_from_db()
    rec = Recommendation.objects.get()
    assert rec.status == "resolved" and rec.answered_by == chairman
    assert matter.status == Matter.Status.RESOLVED and matter.signs_of_violation


def test_a_refused_matter_comes_back_with_what_was_typed(
    page: Any, live_server: Any, board: Any, board_member: Any
) -> None:
    """The form is sent to another address than the board's page: refused (a day in the future), the
    page came back with the reason and an empty form in a closed fold, the description lost."""
    _sign_in(page, live_server, board_member)
    page.goto(f"/oversight/boards/{board.pk}/")
    page.click("#receive summary")
    description = "Phiếu góp ý: thôn 1 thu 50.000 đ/hộ/tháng, nghị quyết HĐND xã quy định 30.000 đ."
    page.fill("#matter-title", "Thu tiền vệ sinh môi trường cao hơn nghị quyết")
    page.fill("#matter-description", description)
    page.fill("#matter-received_on", (today() + dt.timedelta(days=3)).isoformat())
    page.click("form.matter-receive button[type=submit]")
    page.wait_for_selector(".messages li.error")
    assert page.url.endswith(f"/oversight/boards/{board.pk}/")  # the page's address, not the form's
    assert page.locator("#receive").evaluate("d => d.open")  # the fold is opened where it was
    reason = page.inner_text(".messages li.error")
    assert page.inner_text("form.matter-receive .refusal-beside") == reason  # and why, beside it
    assert page.input_value("#matter-description") == description
    assert page.input_value("#matter-title") == "Thu tiền vệ sinh môi trường cao hơn nghị quyết"
    assert not Matter.objects.exists()
    # Corrected and sent: recorded; the page after it forgets what was kept.
    page.fill("#matter-received_on", today().isoformat())
    page.click("form.matter-receive button[type=submit]")
    page.wait_for_selector("h1:has-text('TTND-24181')")
    assert Matter.objects.get().description == description
    page.goto(f"/oversight/boards/{board.pk}/")
    assert page.input_value("#matter-description") == ""
