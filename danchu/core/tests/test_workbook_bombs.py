"""Imports judge an XLSX from its ZIP directory before openpyxl unpacks it: a workbook of a few
kilobytes that unpacks to tens of megabytes is refused, in every module that imports workbooks."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from danchu.core.errors import DomainError
from danchu.core.testing import xlsx_bomb
from danchu.core.uploads import check_workbook


def _xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _bomb(rows: list[list[str]]) -> bytes:
    data = xlsx_bomb(_xlsx(rows))  # 20 MB of padding inside the sheet
    assert len(data) < 100_000
    return data


def test_a_plain_workbook_passes_and_a_bomb_is_refused() -> None:
    check_workbook(_xlsx([["a", "b"], ["1", "2"]]), name="x.xlsx")
    check_workbook(b"ma,ten\n1,2\n", name="x.csv")  # not an archive: left to the reader
    with pytest.raises(DomainError):
        check_workbook(_bomb([["a"]]), name="x.xlsx")


@pytest.mark.django_db
def test_the_case_import_refuses_a_bomb_and_imports_nothing(officer: Any, village: Any) -> None:
    from danchu.cases.importing import import_cases
    from danchu.cases.models import Case

    rows = [["place_code", "title", "content"], [village.code, "Đèn đường hỏng", "Ba bóng đèn không sáng."]]
    with pytest.raises(DomainError):
        import_cases(data=_bomb(rows), filename="don-thu.xlsx", by=officer)
    assert not Case.objects.exists()


@pytest.mark.django_db
def test_the_household_import_reader_refuses_a_bomb() -> None:
    from danchu.places.importing.reading import read_table

    with pytest.raises(DomainError):
        read_table(io.BytesIO(_bomb([["so_ho", "chu_ho"], ["1", "Nguyễn Văn A"]])), "ho.xlsx", {})
