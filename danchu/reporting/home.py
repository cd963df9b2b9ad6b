"""What reporting puts on the office home: reports started or returned and not yet submitted."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.accounts.permissions import acting_places
from danchu.core.home import office_todo

from .models import Submission


def reports_to_submit_count(person: Any) -> int:
    places = acting_places(person)
    if not places:
        return 0
    return Submission.objects.filter(
        place__in=places, status__in=[Submission.Status.DRAFT, Submission.Status.RETURNED]
    ).count()


def register() -> None:
    office_todo(
        "reporting.to_submit",
        _("Reports to submit"),
        count=reports_to_submit_count,
        url="reporting:home",
        order=25,
    )
