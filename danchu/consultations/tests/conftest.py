from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import link_household, person_with_role
from danchu.consultations.models import Consultation
from danchu.consultations.services import consultations as svc
from danchu.places.tests import factories as pf

# A land-use draft as a commune would write it (Luật Đất đai 2024; Law 10/2022, Art. 25(2)).
LAND_USE_DRAFT = [
    ("Heading 1", "Chương I. QUY ĐỊNH CHUNG"),
    ("Normal", "Điều chỉnh quy hoạch sử dụng đất xã Krông Pắc đến năm 2030, diện tích tự nhiên 4.215 ha."),
    ("Normal", "Chuyển 12,5 ha đất trồng lúa kém hiệu quả tại Thôn 1 sang đất trồng cây lâu năm."),
    ("Heading 1", "Chương II. ĐẤT PHI NÔNG NGHIỆP"),
    ("Normal", "Bố trí 1,2 ha đất xây dựng nhà văn hóa và sân thể thao Buôn Đắk."),
    ("Normal", "Mở rộng đường liên thôn từ Thôn 1 đến Buôn Đắk lên 7 m, thu hồi 0,8 ha đất ở và đất vườn."),
]


def docx_bytes(paragraphs: list[tuple[str, str]] = LAND_USE_DRAFT) -> bytes:
    from docx import Document

    doc = Document()
    for style, text in paragraphs:
        doc.add_paragraph(text, style=style)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def draft(commune: Any, officer: Any) -> Consultation:
    return svc.consultation_create(
        actor=officer,
        data=svc.DraftInput(
            place=commune,
            title="Điều chỉnh quy hoạch sử dụng đất xã Krông Pắc đến năm 2030",
            basis="land_use",
            draft_name="du-thao-qhsdd.docx",
            draft_bytes=docx_bytes(),
            summary="Lấy ý kiến Nhân dân về phương án điều chỉnh quy hoạch sử dụng đất.",
        ),
    )


@pytest.fixture
def open_consultation(draft: Consultation, officer: Any) -> Consultation:
    return svc.consultation_open(
        actor=officer, consultation=draft, opens_on=today(), closes_on=today() + dt.timedelta(days=29)
    )


@pytest.fixture
def resident(other_village: Any) -> Any:
    """A verified resident of the commune's other village."""
    hh = pf.household_with_head(other_village)
    user = person_with_role(Role.CITIZEN, other_village, full_name="H'Linh Niê")
    link_household(user, hh)
    return user


@pytest.fixture
def foreign_resident(other_commune: Any) -> Any:
    v = pf.village(other_commune, code="24190-001", name="Thôn 3")
    hh = pf.household_with_head(v)
    user = person_with_role(Role.CITIZEN, v, full_name="Trần Văn Xa")
    link_household(user, hh)
    return user


@pytest.fixture(autouse=True)
def _english() -> Any:
    """Service messages are asserted in English (the msgids); pages are tested in Vietnamese."""
    from django.utils import translation

    with translation.override("en"):
        yield
