"""A cell a spreadsheet would run as a formula is written as text (the exports of disclosures and
adminreform call this one guard)."""

import pytest

from danchu.core.text import spreadsheet_text


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_a_leading_formula_character_is_escaped(lead: str) -> None:
    assert spreadsheet_text(f"{lead}HYPERLINK(1)") == f"'{lead}HYPERLINK(1)"


def test_other_text_is_left_as_it_is() -> None:
    assert spreadsheet_text("Ủy ban nhân dân xã Ea Kly = 1") == "Ủy ban nhân dân xã Ea Kly = 1"
    assert spreadsheet_text("") == ""
