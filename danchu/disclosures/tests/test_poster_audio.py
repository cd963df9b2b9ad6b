from __future__ import annotations

import shutil
import subprocess

import pytest
from django.conf import settings

from danchu.disclosures import services
from danchu.disclosures.models import Bulletin, Disclosure, JobStatus

needs_espeak = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


def _publish(officer, draft, capture):
    with capture(execute=True):
        services.disclosure_publish(actor=officer, disclosure=draft)
    draft.refresh_from_db()
    return draft


def _pdf_text(data: bytes, tmp_path) -> str:
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(data)
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout.decode()


def test_poster_is_an_a4_pdf_with_the_qr_link(
    media_jobs, officer, draft, client, tmp_path, django_capture_on_commit_callbacks
) -> None:
    d = _publish(officer, draft, django_capture_on_commit_callbacks)
    assert d.poster_status == JobStatus.READY
    r = client.get(f"/disclosures/d/{d.pk}/poster.pdf")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    data = b"".join(r.streaming_content)
    assert data.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    url = settings.SITE_URL + d.get_absolute_url()
    text = _pdf_text(data, tmp_path)
    assert "Báo cáo thực hiện ngân sách quý I".upper() in text.upper()
    assert url in text.replace("\n", "")  # the address printed beside the QR code
    info = subprocess.run(
        [
            "pdfinfo",
            "-",
        ],
        input=data,
        capture_output=True,
    ).stdout.decode()
    assert "A4" in info
    pdf = tmp_path / "links.pdf"
    pdf.write_bytes(data)
    # The QR code's address is also a clickable URI annotation.
    import re

    raw = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True).stdout.decode()
    assert re.search(r"disclosures/d/\d+/", raw)


def test_poster_is_made_on_demand_if_the_job_has_not_run(officer, published, client) -> None:
    assert published.poster_status != JobStatus.READY  # media jobs are off in this test
    r = client.get(f"/disclosures/d/{published.pk}/poster.pdf")
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")


@needs_espeak
def test_audio_is_made_in_the_commune_voice_and_served(
    media_jobs, officer, draft, commune, client, django_capture_on_commit_callbacks
) -> None:
    services.bulletin_settings_set(actor=officer, place=commune, voice="vi-vn-x-south")
    d = _publish(officer, draft, django_capture_on_commit_callbacks)
    assert d.voice == "vi-vn-x-south"
    assert d.audio_status == JobStatus.READY, d.audio_error
    page = client.get(d.get_absolute_url()).content.decode()
    assert f'src="/disclosures/d/{d.pk}/audio"' in page
    r = client.get(f"/disclosures/d/{d.pk}/audio")
    assert r.status_code == 200 and r["Content-Type"] in ("audio/ogg", "audio/wav")
    data = b"".join(r.streaming_content)
    assert data[:4] in (b"OggS", b"RIFF") and len(data) > 2000


@needs_espeak
def test_daily_bulletin_joins_the_items(
    media_jobs, officer, commune, client, django_capture_on_commit_callbacks
) -> None:
    from django.utils import timezone

    from danchu.disclosures import tasks

    for title in ("Thông báo lịch tiêm chủng", "Thông báo thu quỹ phòng chống thiên tai"):
        d = services.disclosure_create(
            actor=officer,
            place=commune,
            draft=services.Draft(category="other", title=title, summary="Kính mời bà con."),
        )
        with django_capture_on_commit_callbacks(execute=True):
            services.disclosure_publish(actor=officer, disclosure=d)
    day = timezone.localdate().isoformat()
    tasks.make_bulletin.call_local(commune.pk, day)
    b = Bulletin.objects.get(place=commune)
    assert b.status == JobStatus.READY and b.items.count() == 2
    r = client.get(f"/disclosures/{commune.code}/bulletin/{day}/audio")
    assert r.status_code == 200
    page = client.get(f"/disclosures/{commune.code}/bulletin/{day}/").content.decode()
    assert "Thông báo lịch tiêm chủng" in page


def test_failed_audio_is_shown_to_staff_and_never_blocks_publication(
    media_jobs, officer, draft, settings, client_as, django_capture_on_commit_callbacks
) -> None:
    settings.ESPEAK_BINARY = "/nonexistent/espeak-ng"
    d = _publish(officer, draft, django_capture_on_commit_callbacks)
    assert d.status == Disclosure.Status.PUBLISHED
    assert d.audio_status == JobStatus.FAILED and "espeak" in d.audio_error
    page = client_as(officer).get("/disclosures/office/").content.decode()
    assert d.title in page  # listed under failed jobs
    settings.ESPEAK_BINARY = "espeak-ng"
    if shutil.which("espeak-ng"):
        with django_capture_on_commit_callbacks(execute=True):
            services.retry_jobs(actor=officer, disclosure=d)
        d.refresh_from_db()
        assert d.audio_status == JobStatus.READY


@needs_espeak
def test_evening_task_joins_the_bulletin_of_each_commune_that_published(
    media_jobs, published, commune
) -> None:
    from danchu.disclosures import tasks

    Disclosure.objects.filter(pk=published.pk).update(audio_status=JobStatus.NONE)
    tasks.make_audio.call_local(published.pk)
    tasks.daily_bulletins.call_local()
    assert Bulletin.objects.get(place=commune).status == JobStatus.READY
