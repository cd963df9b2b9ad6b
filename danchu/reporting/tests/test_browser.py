"""Done-when journey: a province steering member opens the dashboard, drills into a commune, sees
which communes have not submitted their quarterly form, and downloads the drafted annual report as
DOCX whose figures match the records; the national dashboard colours the 34 provinces' shapes."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from danchu.places import geo
from danchu.places.loading import load_places
from danchu.reporting import services
from danchu.reporting.formatting import number
from danchu.reporting.models import ReportedValue, Submission
from danchu.reporting.periods import Period


def _sign_in(page: Any, live_server: Any, user: Any) -> None:
    c = Client()
    c.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": c.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def _recorded(code: str, year: int) -> Decimal:
    return ReportedValue.objects.filter(
        code=code,
        submission__status=Submission.Status.APPROVED,
        submission__period_start__year=year,
    ).aggregate(s=Sum("value"))["s"]


@pytest.mark.browser
@pytest.mark.slow
def test_steering_member_dashboard_drill_down_completeness_and_docx(
    transactional_db: Any,
    page: Any,
    live_server: Any,
    reported: Any,
    steering_member: Any,
    officer: Any,
    province: Any,
    commune: Any,
    other_commune: Any,
) -> None:
    # The last finished quarter: the commune submitted, the other commune did not.
    last_quarter = Period.containing(timezone.localdate(), "quarter").previous()
    sub = services.submission_open(form=reported["quarterly"], place=commune, period=last_quarter)
    services.submission_save(
        actor=officer, submission=sub, raw={"adminreform.received": "5", "adminreform.resolved": "5"}
    )
    services.submission_submit(actor=officer, submission=sub)

    _sign_in(page, live_server, steering_member)
    page.goto(f"/reporting/place/{province.code}/?period=2025&indicator=adminreform.received")
    assert page.locator("h1").inner_text().startswith(province.name)
    figures = page.locator("#key-figures").inner_text()
    assert number(float(_recorded("adminreform.received", 2025))) in figures

    # Who has not submitted the quarterly form.
    panel = page.locator('section.completeness[data-form="QCDC-Q"]')
    assert other_commune.name in panel.locator(".not-submitted").inner_text()
    assert commune.name not in panel.locator(".not-submitted").inner_text()

    # Drill down from the province into a commune.
    page.locator("#children").get_by_role("link", name=commune.name).click()
    page.wait_for_url(f"**/reporting/place/{commune.code}/**")
    assert page.locator("h1").inner_text().startswith(commune.name)
    assert (
        number(float(_recorded("adminreform.received", 2025)) * 2 / 3)
        in page.locator("#key-figures").inner_text()
    )

    # Back to the province: draft the annual report and download it as DOCX.
    page.goto(f"/reporting/place/{province.code}/?period=2025")
    page.locator("#draft-report").click()
    page.wait_for_url("**/reporting/reports/**")
    with page.expect_download() as info:
        page.locator("#download-docx").click()
    content = open(info.value.path(), "rb").read()

    from docx import Document

    doc = Document(io.BytesIO(content))
    text = "\n".join(p.text for p in doc.paragraphs)
    for code in ("adminreform.received", "adminreform.resolved", "pib.matters_supervised"):
        assert number(float(_recorded(code, 2025))) in text, code
    # The agencies' conferences come from the workplaces module's records now, not typed-in figures.
    assert "tăng 10% so với cùng kỳ" in text


@pytest.mark.browser
@pytest.mark.slow
def test_typed_figures_survive_a_dropped_connection(
    transactional_db: Any, page: Any, live_server: Any, forms: Any, officer: Any, commune: Any
) -> None:
    _sign_in(page, live_server, officer)
    page.goto(f"/reporting/forms/QCDC-Q/{commune.code}/2025Q1/")
    page.locator('input[name="adminreform.received"]').fill("1234")
    page.context.set_offline(True)
    page.locator('button[value="save"]').click()  # the request cannot leave the browser
    page.context.set_offline(False)
    page.goto(f"/reporting/forms/QCDC-Q/{commune.code}/2025Q1/")
    assert page.locator('input[name="adminreform.received"]').input_value() == "1234"
    page.locator("#draft-note").wait_for(state="visible")  # entry.js shows it after restoring


HIGHEST = "hsl(0, 85%, 35%)"  # places/map.js: the colour of the largest value


@pytest.mark.browser
def test_national_dashboard_colours_the_provinces_by_the_indicator(
    transactional_db: Any, page: Any, live_server: Any, reported: Any, admin_user: Any
) -> None:
    geo._boundaries.cache_clear()
    if geo._boundaries() is None:
        pytest.skip("build/static/vendor/provinces/ is not built: run `make assets`")
    load_places()  # the 34 provinces; only Đắk Lắk (66) has reported figures
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    _sign_in(page, live_server, admin_user)

    page.goto("/reporting/place/VN/?period=2025&indicator=adminreform.received")

    areas = page.locator("#map .leaflet-overlay-pane path.places-area")
    areas.first.wait_for()
    assert areas.count() == 34
    fills = [areas.nth(i).get_attribute("fill") for i in range(34)]
    assert fills.count(HIGHEST) == 1  # Đắk Lắk, the only one with a value
    page.locator(f'#map path.places-area[fill="{HIGHEST}"]').dispatch_event("mouseover")
    assert page.locator(".leaflet-tooltip").inner_text() == "Tỉnh Đắk Lắk: 6.600"
    # A click drills down to the province's dashboard, as its row of the table does (not the public page).
    page.locator(f'#map path.places-area[fill="{HIGHEST}"]').dispatch_event("click")
    page.wait_for_url("**/reporting/place/66/?period=2025&indicator=adminreform.received")
    assert not errors
