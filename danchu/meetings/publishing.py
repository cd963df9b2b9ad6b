"""The one place this module calls the disclosures module: publishing confirmed minutes as a
disclosure of the village (Law Art. 11; the disclosure is issued by the commune for that village), and
the loudspeaker audio of a notice (its espeak-ng voices). Only public functions are imported, by name."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.access import can
from danchu.core.i18n import official_language

from .models import Meeting


def can_publish(person: Any, meeting: Meeting) -> bool:
    commune = meeting.village.parent
    return commune is not None and can(person, "disclosures.manage", commune)


def publishers(meeting: Meeting) -> list[Any]:
    """The commune staff who may publish the meeting's minutes (its commune's officers and chairman)."""
    from danchu.accounts.models import Membership, Role

    commune = meeting.village.parent
    if commune is None:
        return []
    people = {
        m.person
        for m in Membership.objects.active()
        .filter(role__in=[Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN], place=commune)
        .select_related("person")
    }
    return sorted((p for p in people if can_publish(p, meeting)), key=lambda p: p.pk)


def to_publish_count(person: Any, meetings: Any) -> int:
    """Of these meetings (the person's scope), those whose minutes are confirmed and not yet
    published, in the communes where the person publishes."""
    from django.db.models import Count

    from danchu.places.models import Place

    rows = list(
        meetings.filter(status=Meeting.Status.CONFIRMED, disclosure_id__isnull=True)
        .values_list("village__parent")
        .annotate(n=Count("pk"))
    )
    communes = Place.objects.in_bulk([c for c, _n in rows if c is not None])
    return sum(n for c, n in rows if c in communes and can(person, "disclosures.manage", communes[c]))


def publish_minutes(*, actor: Any, meeting: Meeting) -> int:
    from danchu.disclosures.services import FromModule, disclosure_publish_from_module

    with official_language():  # a public document, whatever language the officer reads the site in
        lines = [f"- {i.title}: {i.outcome}" for i in meeting.items.all() if i.outcome]
        body = "\n".join(
            [
                _("Meeting of %(village)s on %(date)s at %(place)s.")
                % {
                    "village": meeting.village.name,
                    "date": timezone.localtime(meeting.starts_at).strftime("%d/%m/%Y"),
                    "place": meeting.location,
                },
                "",
                *lines,
            ]
        )
        item = FromModule(
            place=meeting.village.parent,  # type: ignore[arg-type]
            category="other",
            title=_("Resolution of the meeting: %(title)s") % {"title": meeting.title},
            summary=_("Results of the village meeting of %(village)s.") % {"village": meeting.village.name},
            body=body,
            legal_basis="Luật số 10/2022/QH15, Điều 15, 16; Nghị định số 59/2023/NĐ-CP, Mẫu số 03",
            villages=[meeting.village],
            source=f"meetings.meeting:{meeting.pk}",
        )
    return int(disclosure_publish_from_module(actor=actor, item=item).pk)


def loudspeaker_audio(text: str, meeting: Meeting) -> tuple[bytes, str] | None:
    """The notice read by the commune's loudspeaker voice: (bytes, extension), or None when the
    speech synthesiser is not installed (the printed text is then read out by a person)."""
    from danchu.disclosures.audio import AudioError, available, synthesize
    from danchu.disclosures.services import voice_for

    if not available():
        return None
    try:
        return synthesize(text, voice=voice_for(meeting.village.parent or meeting.village))
    except AudioError:
        return None
