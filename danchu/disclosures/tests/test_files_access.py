"""Files only through access checks: a draft's file is as private as the draft, every stored file has a
random name, and each is served by its getter with Content-Disposition and nosniff."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from danchu.disclosures import services
from danchu.disclosures.models import Attachment, Disclosure, JobStatus, Proof

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _attach(officer, d, name: str = "ke-hoach-giai-phong-mat-bang.pdf") -> Attachment:
    return services.attachment_add(
        actor=officer, disclosure=d, file=io.BytesIO(PDF), name=name, size=len(PDF)
    )


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (16, 16), "green").save(buf, "JPEG")
    return buf.getvalue()


def _proof(officer, disclosure, village, filename: str) -> Proof:
    """A photo of the notice board as proof of posting, uploaded as `filename`."""
    photo = _jpeg()
    return services.proof_add(
        actor=officer,
        disclosure=disclosure,
        proof=services.ProofIn(
            kind=Proof.Kind.NOTICE_BOARD,
            place=village,
            at=timezone.now(),
            photo=services.Upload(io.BytesIO(photo), filename, len(photo)),
        ),
    )


def test_a_drafts_file_is_stored_under_a_random_name_not_its_original_one(officer, draft) -> None:
    a = _attach(officer, draft)
    stored = Path(a.file.name).name
    assert "ke-hoach" not in a.file.name and re.fullmatch(r"[0-9a-f]{32}\.pdf", stored)
    assert a.file.name.startswith("disclosures/files/") and a.name == "ke-hoach-giai-phong-mat-bang.pdf"


@pytest.mark.parametrize("who, status", [(None, 404), ("citizen", 404), ("outsider", 404), ("officer", 200)])
def test_a_drafts_file_is_as_private_as_the_draft(
    client, client_as, request, officer, draft, who, status
) -> None:
    a = _attach(officer, draft)
    c = client_as(request.getfixturevalue(who)) if who else client
    assert c.get(draft.get_absolute_url()).status_code == 404  # the draft itself
    r = c.get(f"/disclosures/files/{a.pk}/")
    assert r.status_code == status
    if status == 200:
        assert r["Content-Disposition"].startswith("attachment") and r["X-Content-Type-Options"] == "nosniff"
        assert r["Cache-Control"] == "private, no-store" and b"".join(r.streaming_content) == PDF


def test_the_file_of_a_published_disclosure_is_public_and_cacheable(client, officer, published) -> None:
    a = _attach(officer, published)
    r = client.get(f"/disclosures/files/{a.pk}/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "ke-hoach-giai-phong-mat-bang.pdf" in r["Content-Disposition"] and r["Cache-Control"].startswith(
        "public"
    )


def test_in_production_nginx_serves_the_bytes_after_the_check(
    client, settings, officer, commune, published
) -> None:
    settings.PROTECTED_MEDIA_ACCEL_PREFIX = "/protected/"
    a = _attach(officer, published)
    r = client.get(f"/disclosures/files/{a.pk}/")
    assert r["X-Accel-Redirect"] == f"/protected/{a.file.name}" and r.content == b""
    draft = services.disclosure_create(
        actor=officer, place=commune, draft=services.Draft(category="other", title="Dự thảo kế hoạch")
    )
    hidden = _attach(officer, draft)
    r = client.get(f"/disclosures/files/{hidden.pk}/")
    assert r.status_code == 404 and "X-Accel-Redirect" not in r


def test_the_development_server_does_not_serve_files_by_their_original_name(client, officer, draft) -> None:
    a = _attach(officer, draft)
    original = f"/media/disclosures/files/{timezone.now():%Y/%m}/ke-hoach-giai-phong-mat-bang.pdf"
    assert client.get(original).status_code == 404
    assert a.file.name not in client.get(draft.get_absolute_url()).content.decode()


def test_a_proof_photo_is_served_only_to_the_staff_who_manage_it(
    client, client_as, officer, outsider, citizen, village, published
) -> None:
    p = _proof(officer, published, village, "IMG_20260101_GPS.jpg")
    assert "IMG_" not in p.photo.name
    url = (
        client_as(officer)
        .get(f"/api/v1/disclosures/office/items/{published.pk}/proofs")
        .json()[0]["photo_url"]
    )
    assert not url.startswith(django_settings.MEDIA_URL)
    r = client_as(officer).get(url)
    assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"
    assert url in client_as(officer).get(f"/disclosures/office/{published.pk}/").content.decode()
    assert client_as(outsider).get(url).status_code == 404
    assert client_as(citizen).get(url).status_code == 404
    assert client.get(url).status_code == 302  # to sign in


def test_posters_are_stored_under_random_names_and_served_with_their_headers(
    client, published, media_jobs
) -> None:
    r = client.get(f"/disclosures/d/{published.pk}/poster.pdf")
    assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"
    assert (
        r["Content-Disposition"].startswith("attachment")
        and f"cong-khai-{published.pk}.pdf" in r["Content-Disposition"]
    )
    d = Disclosure.objects.get(pk=published.pk)
    assert d.poster_status == JobStatus.READY and re.fullmatch(r"[0-9a-f]{32}\.pdf", Path(d.poster.name).name)


def test_the_migration_moves_old_files_to_random_names(officer, draft) -> None:
    from importlib import import_module

    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    old = default_storage.save("disclosures/files/2025/01/bao-cao-ngan-sach.pdf", ContentFile(PDF))
    a = _attach(officer, draft)
    Attachment.objects.filter(pk=a.pk).update(file=old)
    import_module("danchu.disclosures.migrations.0005_random_file_names").randomise(apps, None)
    a.refresh_from_db()
    assert "bao-cao" not in a.file.name and not default_storage.exists(old)
    with default_storage.open(a.file.name, "rb") as f:
        assert f.read() == PDF


def test_uploading_through_the_back_office_strips_the_photo_metadata(browser_as, officer, draft) -> None:
    im = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0xA431] = "SERIAL-0042"
    buf = io.BytesIO()
    im.save(buf, "JPEG", exif=exif.tobytes())
    c = browser_as(officer)
    back = f"/disclosures/office/{draft.pk}/"
    c.post_form(
        f"/disclosures/office/{draft.pk}/attach/",
        {"file": SimpleUploadedFile("a.jpg", buf.getvalue())},
        HTTP_REFERER=back,
    )
    a = draft.attachments.get()
    with a.file.open("rb") as f:
        assert b"SERIAL-0042" not in f.read()


def test_a_photo_opened_by_itself_has_a_policy_that_lets_the_viewer_style_it_and_runs_nothing(
    client_as, officer, village, published
) -> None:
    """The browser's image viewer styles its document inline, which the pages' policy refused (a CSP
    violation in the console for every photo opened in its own tab); a file that is not media keeps
    the pages' policy."""
    _proof(officer, published, village, "bang-tin.jpg")
    url = (
        client_as(officer)
        .get(f"/api/v1/disclosures/office/items/{published.pk}/proofs")
        .json()[0]["photo_url"]
    )
    policy = client_as(officer).get(url)["Content-Security-Policy"]
    assert "style-src 'unsafe-inline'" in policy and "default-src 'none'" in policy
    assert "script-src" not in policy  # no script: default-src 'none' governs it
    pdf = client_as(officer).get(f"/disclosures/files/{_attach(officer, published).pk}/")
    assert "style-src 'self'" in pdf["Content-Security-Policy"]
