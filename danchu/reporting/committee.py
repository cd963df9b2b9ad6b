"""What waits for a committee (steering's "my page", read through reporting.queries)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from danchu.places.models import Place

from .models import DraftReport, Submission


@dataclass
class CommitteeReports:
    waiting: list[Any]  # submissions of the units below sent up for the committee's approval
    waiting_count: int
    drafts: list[Any]  # the latest version of each period's report, not yet signed


def committee_reports(place: Place, limit: int = 5) -> CommitteeReports:
    """What a committee of `place` has to do about reports: the forms sent up by the units below
    within its assignments (to approve or return), and its own drafted reports not yet signed."""
    waiting = (
        Submission.objects.filter(
            status=Submission.Status.SUBMITTED,
            form__assignments__scope=place,
            place__path__startswith=place.path,
        )
        .exclude(place=place)
        .select_related("form", "place")
        .distinct()
        .order_by("due_date", "pk")
    )
    latest: dict[tuple[Any, Any], Any] = {}
    for report in DraftReport.objects.filter(place=place).order_by("-period_start", "-version")[:50]:
        latest.setdefault((report.period_start, report.period_end), report)
    drafts = [r for r in latest.values() if r.status != DraftReport.Status.SIGNED][:limit]
    return CommitteeReports(waiting=list(waiting[:limit]), waiting_count=waiting.count(), drafts=drafts)
