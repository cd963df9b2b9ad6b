"""The person's page lists the drafts their household is consulted on and may comment on today."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.consultations.home import my_consultations
from danchu.consultations.services import consultations as svc

from .conftest import docx_bytes, today


def _consultation(officer: Any, commune: Any, title: str, opens_on: dt.date, **audience: Any) -> Any:
    c = svc.consultation_create(
        actor=officer,
        data=svc.DraftInput(
            place=commune,
            title=title,
            basis="land_use",
            draft_name="d.docx",
            draft_bytes=docx_bytes(),
            **audience,
        ),
    )
    return svc.consultation_open(
        actor=officer, consultation=c, opens_on=opens_on, closes_on=opens_on + dt.timedelta(days=29)
    )


def test_my_page_lists_only_the_drafts_my_household_may_comment_on_today(
    officer: Any, commune: Any, village: Any, other_village: Any, citizen: Any, resident: Any
) -> None:
    _consultation(officer, commune, "Quy hoạch cả xã", today())
    _consultation(officer, commune, "Đường Buôn Đắk", today(), audience="villages", villages=[other_village])
    _consultation(officer, commune, "Đường Thôn 1", today(), audience="villages", villages=[village])
    _consultation(
        officer,
        commune,
        "Hộ ven suối",
        today(),
        audience="group",
        households=[citizen.household_links.get().household],
    )
    _consultation(officer, commune, "Chưa đến ngày", today() + dt.timedelta(days=3))
    section = my_consultations(citizen)
    assert section is not None
    assert sorted(c.title for c in section["consultations"]) == [
        "Hộ ven suối",
        "Quy hoạch cả xã",
        "Đường Thôn 1",
    ]
    section = my_consultations(resident)
    assert section is not None
    assert sorted(c.title for c in section["consultations"]) == ["Quy hoạch cả xã", "Đường Buôn Đắk"]
