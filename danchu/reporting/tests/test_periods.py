from __future__ import annotations

import datetime as dt

import pytest

from danchu.core.errors import DomainError
from danchu.reporting.periods import Period, parse


@pytest.mark.parametrize(
    "text,code",
    [
        ("2022Q1", "2022Q1"),
        ("2021S1", "2021S1"),
        ("2021", "2021"),
        ("2021-03", "2021-03"),
        ("quý I năm 2022", "2022Q1"),
        ("Quý IV năm 2021", "2021Q4"),
        ("6 tháng đầu năm 2021", "2021S1"),
        ("6 tháng cuối năm 2020", "2020S2"),
        ("năm 2021", "2021"),
        ("tháng 3 năm 2021", "2021-03"),
        ("Q2 2023", "2023Q2"),
        ("first half of 2021", "2021S1"),
        ("March 2021", "2021-03"),
        ("2021-01-05_2021-02-20", "2021-01-05_2021-02-20"),
    ],
)
def test_codes_and_names_parse(text: str, code: str) -> None:
    assert parse(text).code == code


def test_vietnamese_names() -> None:
    assert Period.quarter(2022, 1).name("vi") == "quý I năm 2022"
    assert Period.six_months(2021, 1).name("vi") == "6 tháng đầu năm 2021"
    assert Period.six_months(2021, 2).name("vi") == "6 tháng cuối năm 2021"
    assert Period.year(2021).name("vi") == "năm 2021"
    assert Period.month(2021, 3).name("vi") == "tháng 3 năm 2021"
    assert Period.quarter(2022, 3).name("en") == "Q3 2022"


def test_six_months_without_year_uses_the_default_year() -> None:
    assert parse("6 tháng cuối năm", default_year=2024).code == "2024S2"


def test_same_period_last_year_and_next() -> None:
    assert Period.quarter(2022, 1).same_period_last_year() == Period.quarter(2021, 1)
    assert Period.month(2024, 2).same_period_last_year().end == dt.date(2023, 2, 28)
    assert Period.quarter(2021, 4).next() == Period.quarter(2022, 1)
    assert len(list(Period.year(2021).months())) == 12


def test_unknown_period_is_refused_with_a_message() -> None:
    with pytest.raises(DomainError):
        parse("quý V năm 2022")
    with pytest.raises(DomainError):
        parse("hôm qua")
