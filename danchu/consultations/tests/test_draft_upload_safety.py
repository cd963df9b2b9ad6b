"""The draft a commune puts up is downloaded by the public once the consultation opens: it is judged as
every upload is (core.uploads). A PDF carrying JavaScript was stored and served as sent; a draft that
is refused comes back with the form as typed, not an empty form marked "required" under every field."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.consultations.models import Consultation
from danchu.consultations.services import consultations as svc
from danchu.core.errors import DomainError

from .conftest import docx_bytes

pytestmark = pytest.mark.django_db

SCRIPTED_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R/OpenAction<</S/JavaScript/JS(app.alert('x'))>>>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
TITLE = "Điều chỉnh quy hoạch sử dụng đất xã Krông Pắc đến năm 2030"


def _data(commune: Any, **over: Any) -> svc.DraftInput:
    fields: dict[str, Any] = {
        "place": commune,
        "title": TITLE,
        "basis": "land_use",
        "draft_name": "du-thao.pdf",
        "draft_bytes": SCRIPTED_PDF,
        "text_docx": docx_bytes(),
        **over,
    }
    return svc.DraftInput(**fields)


def test_a_pdf_draft_with_javascript_is_refused(officer: Any, commune: Any) -> None:
    with pytest.raises(DomainError, match="JavaScript"):
        svc.consultation_create(actor=officer, data=_data(commune))
    assert not Consultation.objects.exists()


def test_a_program_named_docx_is_refused(officer: Any, commune: Any) -> None:
    with pytest.raises(DomainError):
        svc.consultation_create(
            actor=officer,
            data=_data(commune, draft_name="du-thao.docx", draft_bytes=b"MZ\x90\x00" + b"\x00" * 64),
        )
    assert not Consultation.objects.exists()


def test_a_clean_draft_is_kept_under_its_own_type(officer: Any, commune: Any) -> None:
    c = svc.consultation_create(
        actor=officer,
        data=_data(commune, draft_name="du-thao.docx", draft_bytes=docx_bytes(), text_docx=None),
    )
    assert c.draft_name == "du-thao.docx" and c.draft_file.name.endswith(".docx")
    assert c.paragraphs.count() > 0


def test_a_refused_draft_comes_back_with_the_form_as_typed(
    browser_as: Any, officer: Any, commune: Any
) -> None:
    client = browser_as(officer)
    page = f"/consultations/new/?place={commune.code}"
    client.get(page)
    r = client.post_form(
        page,
        {
            "title": TITLE,
            "basis": "land_use",
            "audience": "all",
            "channels": ["online"],
            "draft": SimpleUploadedFile(
                "du-thao.docx", b"PK\x03\x04 not really a zip", "application/octet-stream"
            ),
        },
        HTTP_REFERER="http://testserver" + page,
    )
    body = r.content.decode()
    assert r.status_code == 400, body[-2000:]
    assert f'value="{TITLE}"' in body
    assert "Trường này là bắt buộc" not in body
    assert "BadZipFile" not in body and "ValueError" not in body
    assert not Consultation.objects.exists()
