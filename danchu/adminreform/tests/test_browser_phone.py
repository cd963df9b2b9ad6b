"""The area's figures fit a phone: the wide table of dossiers scrolls in its own box, the page never
scrolls sideways."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.adminreform import services

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _today() -> None:
    """Real time here (the package's frozen clock would stall the browser's waits); the figures are of
    a finished year."""


def test_the_figures_of_a_commune_fit_a_phone(page: Any, commune: Any, steering_member: Any) -> None:
    for start, end in (
        (dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
        (dt.date(2025, 7, 1), dt.date(2025, 12, 31)),
    ):
        services.figure_record(
            by=steering_member,
            place=commune,
            figures=services.Figures(
                start=start,
                end=end,
                received=12_345,
                received_online=6_789,
                resolved=12_000,
                resolved_on_time=11_999,
            ),
        )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"/adminreform/place/{commune.code}/?year=2025")
    assert page.locator("#figures tbody tr").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    box = page.locator(".table-wrap:has(#figures)")
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls inside its box
