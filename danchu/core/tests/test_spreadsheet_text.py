"""A cell a spreadsheet would run as a formula is written as text: every CSV and XLSX export (cases,
disclosures, adminreform, reporting's tables and annex, works' ledger, consultations' Pol.is
files) goes through this one guard; each app's tests check its own export with a formula in it."""

import pytest

from danchu.core.text import spreadsheet_text


@pytest.mark.parametrize("lead", ["=", "+", "-", "@", "\t", "\r"])
def test_a_leading_formula_character_is_escaped(lead: str) -> None:
    assert spreadsheet_text(f"{lead}HYPERLINK(1)") == f"'{lead}HYPERLINK(1)"


def test_other_text_is_left_as_it_is() -> None:
    assert spreadsheet_text("Ủy ban nhân dân xã Ea Kly = 1") == "Ủy ban nhân dân xã Ea Kly = 1"
    assert spreadsheet_text("") == ""


def test_a_row_guards_text_and_leaves_numbers_dates_and_blanks() -> None:
    import datetime as dt

    from danchu.core.text import spreadsheet_row

    day = dt.date(2026, 12, 1)
    assert spreadsheet_row(["=1+1", -5, 2.5, day, None, "Thôn 1"]) == ["'=1+1", -5, 2.5, day, None, "Thôn 1"]


@pytest.mark.parametrize("text", ["=1+1", "-ý kiến", "Đường 7 m", "'quoted", "'", ""])
def test_unescape_gives_back_what_was_guarded(text: str) -> None:
    from danchu.core.text import spreadsheet_unescape

    assert spreadsheet_unescape(spreadsheet_text(text)) == text


def test_a_control_character_no_cell_can_hold_becomes_a_space_and_the_workbook_saves() -> None:
    import io

    from openpyxl import Workbook

    from danchu.core.text import spreadsheet_row

    row = spreadsheet_row(["Ghi chú\x0bdòng hai", "a\x00b", "tab\tand\nline"])
    assert row == ["Ghi chú dòng hai", "a b", "tab\tand\nline"]
    wb = Workbook()
    wb.active.append(row)
    wb.save(io.BytesIO())
