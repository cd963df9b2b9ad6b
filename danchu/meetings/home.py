"""What meetings puts on a person's page: the coming meetings and the elections of their villages."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.home import my_page_section

from . import queries
from .models import Election, Meeting


def my_meetings(person: Any) -> dict[str, Any] | None:
    villages = {h.village_id for h in queries.households_of(person)}
    if not villages:
        return None
    upcoming = list(
        Meeting.objects.filter(village_id__in=villages)
        .upcoming(timezone.now())
        .select_related("village")[:10]
    )
    elections = list(Election.objects.filter(village_id__in=villages).select_related("village")[:5])
    return {"upcoming": upcoming, "elections": elections}


def register() -> None:
    my_page_section(
        "meetings.mine",
        _("Meetings and votes of my village"),
        template="meetings/home_mine.html",
        context=my_meetings,
        order=30,
    )
