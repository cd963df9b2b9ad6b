from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from danchu.core import formats


@pytest.fixture(autouse=True)
def _vietnamese() -> object:
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3509, "3.509"), (52620, "52.620"), (0, "0"), (999, "999"), (1000, "1.000"),
     (1234567, "1.234.567"), (-4200, "-4.200"), (2.3, "2,3"), (Decimal("2.30"), "2,3"), (1.005, "1,01")],
)  # fmt: skip
def test_numbers_use_dots_for_thousands_and_commas_for_decimals(value: object, expected: str) -> None:
    assert formats.number(value) == expected  # type: ignore[arg-type]


def test_fixed_decimals_round_half_up() -> None:
    assert formats.number(2.25, 1) == "2,3"
    assert formats.number(52620.5, 0) == "52.621"
    assert formats.number(3, 2) == "3,00"
    assert formats.number(-0.04, 1) == "0,0"


def test_missing_number_is_a_dash() -> None:
    assert formats.number(None) == "—"


def test_percentages() -> None:
    assert formats.percent(2.3) == "2,3%"
    assert formats.percent(100) == "100%"
    assert formats.percent(Decimal("99.95")) == "100%"
    assert formats.percent(12.345, 2) == "12,35%"


def test_ratio_shows_count_and_share() -> None:
    assert formats.ratio(24, 24) == "24/24 (100%)"
    assert formats.ratio(1, 3) == "1/3 (33,3%)"
    assert formats.ratio(1200, 3321) == "1.200/3.321 (36,1%)"
    assert formats.ratio(0, 0) == "0/0"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2021, 1, 12), "ngày 12 tháng 01 năm 2021"),
        (dt.date(2026, 3, 5), "ngày 05 tháng 3 năm 2026"),
        (dt.date(2026, 2, 5), "ngày 05 tháng 02 năm 2026"),
        (dt.date(2025, 12, 31), "ngày 31 tháng 12 năm 2025"),
        (dt.date(2025, 10, 9), "ngày 09 tháng 10 năm 2025"),
    ],
)
def test_long_dates_follow_decree_30(day: dt.date, expected: str) -> None:
    assert formats.long_date(day) == expected


def test_long_date_of_a_datetime_is_the_day_in_vietnam() -> None:
    late_evening_utc = dt.datetime(2026, 2, 4, 18, 0, tzinfo=dt.UTC)  # 01:00 on 5 Feb in Hanoi
    assert formats.long_date(late_evening_utc) == "ngày 05 tháng 02 năm 2026"
    assert formats.short_date(late_evening_utc) == "05/02/2026"


def test_place_and_date_line() -> None:
    assert (
        formats.place_and_date("Xã Krông Pắc", dt.date(2026, 2, 5))
        == "Xã Krông Pắc, ngày 05 tháng 02 năm 2026"
    )


def test_short_date() -> None:
    assert formats.short_date(dt.date(2021, 1, 12)) == "12/01/2021"
    assert formats.short_date(None) == "—"


def test_change_against_the_same_period() -> None:
    assert formats.change(1023, 1000) == "tăng 2,3% so với cùng kỳ"
    assert formats.change(960, 1000) == "giảm 4% so với cùng kỳ"
    assert formats.change(50, 50) == "bằng cùng kỳ"
    assert formats.change(5, 0) == "chưa có số liệu cùng kỳ"


def test_change_against_the_previous_period() -> None:
    assert formats.change(110, 100, against="previous_period") == "tăng 10% so với kỳ trước"


def test_english_when_the_active_language_is_english() -> None:
    with translation.override("en"):
        assert formats.change(1023, 1000) == "up 2.3% on the same period last year"
        assert formats.change(960, 1000) == "down 4% on the same period last year"
        assert formats.change(50, 50) == "same as the same period last year"
        assert formats.number(3509) == "3,509"
        assert formats.percent(2.3) == "2.3%"
        assert formats.long_date(dt.date(2021, 1, 12)) == "12 January 2021"


def test_documents_can_force_vietnamese() -> None:
    with translation.override("en"):
        assert formats.number(3509, lang="vi") == "3.509"
        assert formats.change(1023, 1000, lang="vi") == "tăng 2,3% so với cùng kỳ"


def test_template_filters() -> None:
    template = Template(
        "{% load vn %}{{ n|number }} | {{ p|percent }} | {{ d|longdate }} | {{ d|shortdate }} | "
        "{{ cur|change:prev }} | {{ part|ratio:whole }} | {{ missing|number }}"
    )
    html = template.render(
        Context(
            {
                "n": 52620,
                "p": 2.3,
                "d": dt.date(2021, 1, 12),
                "cur": 1023,
                "prev": 1000,
                "part": 24,
                "whole": 24,
            }
        )
    )
    assert html == (
        "52.620 | 2,3% | ngày 12 tháng 01 năm 2021 | 12/01/2021 | tăng 2,3% so với cùng kỳ | 24/24 (100%) | —"
    )


@pytest.mark.parametrize(
    "value",
    [
        {
            "name": "Xã Đông Hà <script>alert(1)</script> & 'x'",
            "at": dt.date(2026, 12, 5),
            "n": Decimal("1.5"),
        },
        ["</script><!--", ">>&&<<", "\u2028\u2029", None, 3.25, True],
        "",
        [],
    ],
)
def test_json_data_gives_the_bytes_of_djangos_json_script(value: object) -> None:
    """core.templatetags.jsondata: the same output as Django's json_script (escaped <, > and &)."""
    ours = Template('{% load jsondata %}{{ value|json_data:"map-data" }}').render(Context({"value": value}))
    django = Template('{{ value|json_script:"map-data" }}').render(Context({"value": value}))
    assert ours == django
    assert "<script>" not in ours and "</script><" not in ours


def test_whole_numbers_take_a_short_path_with_the_same_text() -> None:
    """number()'s path for ints and whole floats writes what the Decimal path writes, in both languages."""
    values = [0, 1, -1, 7, 999, 1000, -1000, 3509, 52620, 1_000_000, -12_345_678, 2**40, 10**15, -(2**52)]
    for lang in ("vi", "en"):
        for v in values:
            for decimals in (None, 0):
                want = formats.number(Decimal(v), decimals, lang=lang)
                assert formats.number(v, decimals, lang=lang) == want
                assert formats.number(float(v), decimals, lang=lang) == want
        assert formats.number(-0.0, lang=lang) == "0"
        # beyond 2**53 a float is written from its shortest repr, as before: 1.152921504606847e+18
        assert formats.number(2.0**60, lang=lang) == formats.number(Decimal("1152921504606847000"), lang=lang)
        assert formats.number(5.0, 1, lang=lang) == ("5.0" if lang == "en" else "5,0")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("15/03/2024", dt.date(2024, 3, 15)),
        ("5/3/2024", dt.date(2024, 3, 5)),
        ("15-03-2024", dt.date(2024, 3, 15)),
        ("15.03.2024", dt.date(2024, 3, 15)),
        ("2024-03-15", dt.date(2024, 3, 15)),
        (" 15/03/2024 00:00:00 ", dt.date(2024, 3, 15)),  # a date cell exported to CSV
        ("2024-03-15T08:30", dt.date(2024, 3, 15)),
        (dt.datetime(2024, 3, 15, 8, 30), dt.date(2024, 3, 15)),
        (dt.date(2024, 3, 15), dt.date(2024, 3, 15)),
        (None, None),
        ("  ", None),
    ],
)
def test_cell_date_reads_dates_as_written_in_vietnam(value: object, expected: dt.date | None) -> None:
    assert formats.cell_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "30/02/2024",
        "15/03/24",
        "03/15/2024",
        "15/03/2024x",
        "15/03/2024\x00",
        "mười lăm tháng ba",
        "45366",
        45366,
    ],
)
def test_cell_date_refuses_what_is_no_day(value: object) -> None:
    """No month 15, no 30 February, no two-digit year read as the year 24, no trailing text or NUL,
    and no spreadsheet serial number (a CSV never carries one for a date cell)."""
    with pytest.raises(ValueError):
        formats.cell_date(value)
