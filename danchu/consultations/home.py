"""What consultations puts on a person's page: drafts open for comments in their commune."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.accounts.permissions import confirmed_households
from danchu.core.home import my_page_section

from .models import Consultation


def my_consultations(person: Any) -> dict[str, Any] | None:
    communes = {h.village.parent_id for h in confirmed_households(person) if h.village.parent_id is not None}
    if not communes:
        return None
    open_now = list(
        Consultation.objects.filter(place_id__in=communes, status=Consultation.Status.OPEN).order_by(
            "closes_on"
        )[:10]
    )
    return {"consultations": open_now} if open_now else None


def register() -> None:
    my_page_section(
        "consultations.open",
        _("Drafts open for comments in my commune"),
        template="consultations/home_open.html",
        context=my_consultations,
        order=35,
    )
