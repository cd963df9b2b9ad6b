from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from danchu.places.models import Place, PlaceKind
from danchu.places.tests import factories as pf

OLD_END = dt.date(2025, 6, 30)


@pytest.fixture(autouse=True)
def _today(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC), tick=False)


@pytest.fixture
def krong_pac(province: Any) -> tuple[Place, list[Place]]:
    """The former Krông Pắc district: one township and 15 rural communes, ended 30/06/2025."""
    district = pf.PlaceFactory(
        code="654", name="Huyện Krông Pắc", kind=PlaceKind.DISTRICT, parent=province, valid_to=OLD_END
    )
    pf.PlaceFactory(
        code="L24490", name="Thị trấn Phước An", kind=PlaceKind.TOWNSHIP, parent=district, valid_to=OLD_END
    )
    communes = [
        pf.PlaceFactory(
            code=f"L{24493 + 3 * i}",
            name=f"Xã Cũ {i + 1}",
            kind=PlaceKind.COMMUNE,
            parent=district,
            valid_to=OLD_END,
        )
        for i in range(15)
    ]
    return district, communes


def xlsx(rows: list[list[Any]]) -> io.BytesIO:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    out.name = "ntm.xlsx"
    return out
