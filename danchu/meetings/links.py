from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.accounts.permissions import village_scope
from danchu.core.office import OFFICE_LINKS, OfficeLink
from danchu.places.links import PLACE_LINKS, PlaceLink
from danchu.places.models import Level


def _runs_meetings(person: Any) -> bool:
    return village_scope(person).exists()


def register() -> None:
    OFFICE_LINKS.register(
        "meetings.meetings",
        OfficeLink("meetings.meetings", _("Village meetings"), "meetings:office", 45, _runs_meetings),  # type: ignore[arg-type]
    )
    PLACE_LINKS.register(
        "meetings",
        PlaceLink(_("Meetings and results"), "meetings:village", (Level.VILLAGE,), 40),  # type: ignore[arg-type]
    )
