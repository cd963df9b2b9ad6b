from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


# huey evaluates crontabs in UTC: 00:30 UTC is 07:30 in Vietnam.
@db_periodic_task(crontab(hour="0", minute="30"))
def meetings_election_reminders() -> int:
    """Every morning: remind those who run an election of the steps falling due (Decree 59 Arts. 6–7)."""
    from .services.election_reminders import election_reminders

    return election_reminders()


@db_task(retries=2, retry_delay=60)
def make_notice_audio(pk: int) -> None:
    """The loudspeaker announcement of a meeting notice, in Vietnamese, read by the commune's voice."""
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.utils import translation

    from .models import Meeting
    from .publishing import loudspeaker_audio
    from .services.meetings import loudspeaker_text

    m = Meeting.objects.select_related("village__parent").filter(pk=pk).first()
    if m is None or not settings.MEETINGS_NOTICE_AUDIO:
        return
    with translation.override("vi"):
        made = loudspeaker_audio(loudspeaker_text(m), m)
    if made is None:
        return
    data, ext = made
    m.notice_audio.save(f"thong-bao-hop-{m.pk}.{ext}", ContentFile(data), save=False)
    Meeting.objects.filter(pk=pk).update(notice_audio=m.notice_audio.name)
