"""Background jobs: posters, audio, notifications, cache purge, scheduled publication, compliance.

A failed poster or audio job is recorded on the disclosure (shown to staff) and retried by huey;
it never blocks publication.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from danchu.core.uploads import random_name

from . import audio, posters, services
from .models import Bulletin, Disclosure, JobStatus

log = logging.getLogger(__name__)
RETRIES = 3
RETRY_DELAY = 60


def _media_jobs_enabled() -> bool:
    return bool(getattr(settings, "DISCLOSURE_MEDIA_JOBS", True))


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def make_poster(pk: int) -> None:
    d = Disclosure.objects.select_related("place").filter(pk=pk).first()
    if d is None or not _media_jobs_enabled():
        return
    try:
        data = posters.render_pdf(d)
    except Exception as e:
        Disclosure.objects.filter(pk=pk).update(poster_status=JobStatus.FAILED, poster_error=str(e)[:2000])
        log.exception("poster of disclosure %s failed", pk)
        raise
    d.poster.save(random_name("pdf"), ContentFile(data), save=False)
    Disclosure.objects.filter(pk=pk).update(
        poster=d.poster.name, poster_status=JobStatus.READY, poster_error=""
    )


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def make_audio(pk: int) -> None:
    d = Disclosure.objects.select_related("place").filter(pk=pk).first()
    if d is None or not _media_jobs_enabled():
        return
    try:
        text = audio.bulletin_text(issuing_unit=d.issuing_unit, title=d.title, summary=d.summary)
        data, ext = audio.synthesize(text, voice=d.voice or services.voice_for(d.place))
    except Exception as e:
        Disclosure.objects.filter(pk=pk).update(audio_status=JobStatus.FAILED, audio_error=str(e)[:2000])
        log.exception("audio of disclosure %s failed", pk)
        raise
    d.audio.save(random_name(ext), ContentFile(data), save=False)
    Disclosure.objects.filter(pk=pk).update(audio=d.audio.name, audio_status=JobStatus.READY, audio_error="")
    if d.status == Disclosure.Status.PUBLISHED:  # its public page shows the player from now on
        purge_cache([reverse("disclosures:detail", kwargs={"pk": pk})])


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY)
def make_bulletin(place_id: int, day: str) -> None:
    """Join the day's items of a commune into one file for its loudspeaker operator."""
    from danchu.places.models import Place

    place = Place.objects.get(pk=place_id)
    b = services.bulletin_for(place, dt.date.fromisoformat(day))
    items = [d for d in b.items.all() if d.audio]
    if not items:
        Bulletin.objects.filter(pk=b.pk).update(status=JobStatus.NONE)
        return
    try:
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for i, d in enumerate(items):
                p = Path(tmp) / f"{i:02d}{Path(d.audio.name or '').suffix}"
                with d.audio.open("rb") as src:
                    p.write_bytes(src.read())
                paths.append(p)
            ext = audio.join(paths, Path(tmp) / "bulletin")
            data = (Path(tmp) / f"bulletin.{ext}").read_bytes()
    except Exception as e:
        Bulletin.objects.filter(pk=b.pk).update(status=JobStatus.FAILED, error=str(e)[:2000])
        raise
    b.audio.save(random_name(ext), ContentFile(data), save=False)
    Bulletin.objects.filter(pk=b.pk).update(audio=b.audio.name, status=JobStatus.READY, error="")


@db_task(retries=2, retry_delay=300)
def notify_followers(pk: int) -> None:
    d = Disclosure.objects.select_related("place").filter(pk=pk).first()
    if d is not None and d.status == Disclosure.Status.PUBLISHED:
        services.notify_followers(d)


# A failed refresh (nginx down, a non-2xx answer) raises PurgeFailed: huey retries 6 times with
# back-off (10 s, 20 s, 40 s, ... 320 s), then the failure stays in the log; max-age ends it anyway.
@db_task(retries=6, retry_delay=10, retry_backoff=2)
def purge_cache(urls: list[str]) -> None:
    services.purge_public_cache(urls)


@db_periodic_task(crontab(minute="*"))
def publish_scheduled() -> None:
    services.publish_due()


@db_periodic_task(crontab(hour="17", minute="0"))
def daily_bulletins() -> None:
    """Each commune that published today gets its joined bulletin for the evening and morning broadcasts."""
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    places = (
        Disclosure.objects.filter(status=Disclosure.Status.PUBLISHED, published_at__gte=start)
        .values_list("place_id", flat=True)
        .distinct()
    )
    for place_id in places:
        make_bulletin(place_id, today.isoformat())


@db_periodic_task(crontab(hour="0", minute="20"))
def daily() -> None:
    """End items past their posting period, lay out this year's obligations, alert the overdue."""
    from danchu.places.models import Place

    services.end_expired()
    year = timezone.localdate().year
    for place in Place.objects.communes().current().iterator():
        services.obligations_refresh(place=place, year=year)
    services.check_overdue()
