from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import link_household, person_with_role
from danchu.consultations.models import Consultation, Questionnaire
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import surveys as survey_svc
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


def make_draft(officer: Any, place: Any, **extra: Any) -> Consultation:
    """A land-use draft of `place` put up by `officer` (six paragraphs)."""
    return svc.consultation_create(
        actor=officer,
        data=svc.DraftInput(
            place=place,
            title="Điều chỉnh quy hoạch sử dụng đất xã Krông Pắc đến năm 2030",
            basis="land_use",
            draft_name="du-thao-qhsdd.docx",
            draft_bytes=docx_bytes(),
            summary="Lấy ý kiến Nhân dân về phương án điều chỉnh quy hoạch sử dụng đất.",
            **extra,
        ),
    )


@pytest.fixture
def draft(commune: Any, officer: Any) -> Consultation:
    return make_draft(officer, commune)


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


@pytest.fixture
def questionnaire(officer: Any) -> Any:
    """A satisfaction questionnaire (SIPAS-like): two scale questions in the index, a choice, a text."""
    return survey_svc.questionnaire_create(
        actor=officer,
        title="Phiếu khảo sát sự hài lòng (SIPAS)",
        index_method=Questionnaire.Index.SHARE_SATISFIED,
        questions=[
            survey_svc.QuestionInput(
                "scale", "Ông/bà hài lòng với thái độ của công chức tiếp nhận hồ sơ?", in_index=True
            ),
            survey_svc.QuestionInput(
                "scale", "Ông/bà hài lòng với thời gian giải quyết hồ sơ?", in_index=True
            ),
            survey_svc.QuestionInput(
                "single", "Ông/bà nộp hồ sơ qua kênh nào?", choices=["Trực tiếp", "Trực tuyến", "Bưu chính"]
            ),
            survey_svc.QuestionInput("text", "Góp ý khác"),
        ],
    )


@pytest.fixture
def survey(questionnaire: Any, commune: Any, officer: Any) -> Any:
    return survey_svc.survey_create(
        actor=officer,
        questionnaire=questionnaire,
        place=commune,
        title="Khảo sát quý IV/2026",
        starts_on=today() - dt.timedelta(days=10),
        ends_on=today() + dt.timedelta(days=80),
    )
