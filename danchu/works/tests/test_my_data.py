"""What works holds about a person is in their own download (Decree 13/2023): what they sent to a
supervision board, their seats on boards, and their household's pledges and payments — and nothing of
another household."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import translation

from danchu.accounts.personal_data import personal_data, readable
from danchu.accounts.tests.my_data import pdf_source
from danchu.works import services


def _section(person: Any, key: str) -> dict[str, Any]:
    return next(s for s in personal_data(person)["sections"] if s["key"] == key)


def test_my_data_holds_what_i_sent_my_seat_and_my_households_contributions(
    client_as: Any,
    pledged: Any,
    board: Any,
    citizen: Any,
    supervisor: Any,
    officer: Any,
    households: list[Any],
) -> None:
    services.information_send(work=pledged, sender=citizen, text="Xe quá tải chạy trên đường mới đổ")
    for hh, amount, voluntary in ((households[0], 1500000, True), (households[1], 500000, False)):
        services.payment_record(
            work=pledged,
            household=hh,
            by=officer,
            kind="money",
            amount=amount,
            voluntary=voluntary,
            received_on=dt.date(2026, 3, 20),
        )

    info = _section(citizen, "works.information")["rows"]
    assert [(r["work"], r["text"]) for r in info] == [(pledged.title, "Xe quá tải chạy trên đường mới đổ")]
    assert _section(supervisor, "works.information")["rows"] == []

    seats = _section(supervisor, "works.seats")["rows"]
    assert [(s["board"], s["left_on"]) for s in seats] == [(str(board), None)]
    assert _section(citizen, "works.seats")["rows"] == []

    mine = _section(citizen, "works.contributions")
    assert {(r["household"], str(r["amount"])) for r in mine["rows"]} == {
        (households[0].number, "500000"),  # the pledge
        (households[0].number, "1500000"),  # the payment
    }
    # Nothing of the other household on the register, though it paid to the same work.
    assert households[1].number not in {r["household"] for r in mine["rows"]}

    with translation.override("en"):
        sections = {s["label"]: s for s in readable(personal_data(citizen))}
    table = sections["Your household's contributions to community works"]
    assert "1,500,000" in [cell for row in table["rows"] for cell in row]  # English grouping

    html = pdf_source(client_as(citizen))
    assert "Đóng góp của hộ bạn cho công trình cộng đồng" in html and "1.500.000" in html
    assert "Xe quá tải chạy trên đường mới đổ" in html
