from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from danchu.core.errors import DomainError
from danchu.disclosures import services

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attach(officer, d, data: bytes, name: str):
    return services.attachment_add(
        actor=officer, disclosure=d, file=io.BytesIO(data), name=name, size=len(data)
    )


def _docx() -> bytes:
    import docx

    buf = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Danh sách hộ nghèo")
    document.save(buf)
    return buf.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "Hộ"
    wb.save(buf)
    return buf.getvalue()


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize(
    "maker, name, mime",
    [
        (lambda: PDF, "bao-cao.pdf", "application/pdf"),
        (_docx, "danh-sach.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (_xlsx, "so-lieu.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (_png, "anh.png", "image/png"),
    ],
)
def test_allowed_files_are_recognised_by_content(officer, draft, maker, name, mime) -> None:
    a = _attach(officer, draft, maker(), name)
    assert a.content_type == mime


def test_an_executable_renamed_pdf_is_refused_with_the_reason(officer, draft) -> None:
    with pytest.raises(DomainError) as e:
        _attach(officer, draft, b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "bao-cao.pdf")
    assert e.value.code == "file_executable"
    assert "bao-cao.pdf" in e.value.message
    assert draft.attachments.count() == 0


def test_a_docx_named_pdf_is_stored_as_docx(officer, draft) -> None:
    a = _attach(officer, draft, _docx(), "that-ra-la-word.pdf")
    assert a.name.endswith(".docx")


def test_a_plain_zip_is_not_a_document(officer, draft) -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(DomainError) as e:
        _attach(officer, draft, buf.getvalue(), "tai-lieu.docx")
    assert e.value.code == "file_type"


def test_a_file_over_the_limit_is_refused(officer, draft, settings) -> None:
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(DomainError) as e:
        _attach(officer, draft, PDF + b" " * 200, "lon.pdf")
    assert e.value.code == "file_too_large"


def test_text_and_html_are_not_allowed(officer, draft) -> None:
    with pytest.raises(DomainError) as e:
        _attach(officer, draft, b"<html><script>alert(1)</script></html>", "trang.pdf")
    assert e.value.code == "file_type"


def test_upload_through_the_back_office_shows_the_refusal(client_as, officer, draft) -> None:
    c = client_as(officer)
    bad = SimpleUploadedFile("bao-cao.pdf", b"MZ" + b"\x00" * 100, content_type="application/pdf")
    back = f"/disclosures/office/{draft.pk}/"  # a browser sends the page of the form as Referer
    r = c.post(f"/disclosures/office/{draft.pk}/attach/", {"file": bad}, HTTP_REFERER=back)
    page = r.content.decode()  # the draft's office page again, with the reason
    assert r.status_code == 400 and draft.attachments.count() == 0
    assert "Tệp bao-cao.pdf là một chương trình máy tính" in page
    assert f'action="/disclosures/office/{draft.pk}/attach/"' in page
    good = SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")
    c.post(f"/disclosures/office/{draft.pk}/attach/", {"file": good})
    assert draft.attachments.count() == 1


def test_published_files_are_downloadable(client, officer, published) -> None:
    a = _attach(officer, published, PDF, "bao-cao.pdf")
    r = client.get(f"/disclosures/files/{a.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
