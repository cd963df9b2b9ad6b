"""Figures of the years before 2025 (issue #15 item 5, reporting's half): imported by old unit code
from XLSX, all or nothing with line-numbered errors; a 2021 report of a former district adds up its
old communes with the register of that year as denominator. Krông Pắc (code 652) and its communes
are copied from places/data/legacy_sample.csv; the sentence to reproduce is seed 002's
"11/15 xã đạt chuẩn nông thôn mới" (here 3 of the sample's 5 xã)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from danchu.core.errors import DomainError
from danchu.places.models import PlaceKind
from danchu.places.tests import factories as pf
from danchu.reporting import services
from danchu.reporting.history import history_import
from danchu.reporting.models import Submission
from danchu.reporting.periods import Period

OLD_XA = [
    ("L24496", "Xã Ea Kly"),
    ("L24502", "Xã Ea Phê"),
    ("L24505", "Xã Ea Knuếc"),
    ("L24526", "Xã Tân Tiến"),
    ("L24529", "Xã Vụ Bổn"),
]


@pytest.fixture
def krong_pac(province: Any) -> Any:
    end = dt.date(2025, 6, 30)
    district = pf.PlaceFactory(
        code="652", name="Huyện Krông Pắc", kind=PlaceKind.DISTRICT, parent=province, valid_to=end
    )
    pf.PlaceFactory(
        code="L24490", name="Thị trấn Phước An", kind=PlaceKind.TOWNSHIP, parent=district, valid_to=end
    )
    for code, name in OLD_XA:
        pf.PlaceFactory(code=code, name=name, kind=PlaceKind.COMMUNE, parent=district, valid_to=end)
    return district


def _xlsx(rows: list[list[Any]], header: list[str] | None = None) -> io.BytesIO:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(
        header
        or [
            "Mã đơn vị",
            "Kỳ báo cáo",
            "newrural.criteria_met",
            "Số xã được công nhận đạt chuẩn nông thôn mới",
        ]
    )
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def test_bad_rows_are_reported_by_line_and_nothing_is_imported(
    forms: Any, krong_pac: Any, admin_user: Any
) -> None:
    _quarterly, annual = forms
    rows = [
        ["L24496", "2021", 19, 1],
        ["X99999", "2021", 19, 1],  # unknown code
        ["L24502", "2031", 19, 1],  # future
        ["L24505", "năm 2021", 25, 0],  # more criteria than the set has (part > whole)
        ["L24526", "2025", 10, 0],  # the old commune no longer existed at the end of 2025
    ]
    with pytest.raises(DomainError) as e:
        history_import(actor=admin_user, form=annual, file=_xlsx(rows), today=dt.date(2026, 11, 30))
    lines = e.value.detail
    assert any(m.startswith("Dòng 3:") and "X99999" in m for m in lines), lines
    assert any(m.startswith("Dòng 4:") for m in lines)
    assert any(m.startswith("Dòng 5:") and "19" in m for m in lines)
    assert any(m.startswith("Dòng 6:") and "30/06/2025" in m for m in lines)
    assert not Submission.objects.exists()


def test_a_2021_report_of_the_former_district_adds_up_its_old_communes(
    forms: Any, krong_pac: Any, admin_user: Any
) -> None:
    _quarterly, annual = forms
    rows = [
        ["L24496", "2021", 19, 1],
        ["L24502", "2021", 19, 1],
        ["L24505", "2021", 19, 1],
        ["L24526", "2021", 15, 0],
        ["L24529", "2021", 17, 0],
    ]
    assert history_import(actor=admin_user, form=annual, file=_xlsx(rows), today=dt.date(2026, 11, 30)) == 5
    report = services.report_draft(actor=admin_user, place=krong_pac, period=Period.year(2021))
    text = report.sections.get(key="new_rural").text
    assert "3/5 xã đã được công nhận đạt chuẩn nông thôn mới" in text.replace("Có ", ""), text
    assert "01 xã đạt 17 tiêu chí" in text and "01 xã đạt 15 tiêu chí" in text
