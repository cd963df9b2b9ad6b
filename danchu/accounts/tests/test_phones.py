from __future__ import annotations

import pytest

from danchu.accounts.phones import display_phone, normalize_phone


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("0912345678", "+84912345678"),
        ("0912 345 678", "+84912345678"),
        ("0912.345.678", "+84912345678"),
        ("(0912) 345-678", "+84912345678"),
        ("+84 912 345 678", "+84912345678"),
        ("84912345678", "+84912345678"),
        ("+840912345678", "+84912345678"),
        ("912 345 678", "+84912345678"),  # the trunk zero dropped, as many type it
        ("386 123 456", "+84386123456"),
        ("212 345 678", None),  # nine digits that are no mobile number
        ("02623 812 345", "+842623812345"),
        ("+33612345678", "+33612345678"),
        ("12ab", None),
        ("", None),
        ("091234", None),
    ],
)
def test_vietnamese_numbers_are_cleaned_to_e164(raw: str, clean: str | None) -> None:
    assert normalize_phone(raw) == clean


def test_numbers_are_shown_the_way_people_read_them() -> None:
    assert display_phone("+84912345678") == "0912 345 678"
