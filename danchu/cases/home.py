"""What cases puts on the office home (deadlines) and on a person's page (their own cases)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.accounts.personal_data import name_actions, register_exporter
from danchu.core.calendar import today as vn_today
from danchu.core.home import my_page_section, office_todo

from .models import OPEN_STATES, Case, CaseQuerySet, State


def _week_end(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=6 - today.weekday())


def overdue_count(person: Any) -> int:
    from .permissions import readable_cases

    cases: CaseQuerySet = readable_cases(person).filter(state__in=OPEN_STATES)  # type: ignore[assignment]
    return cases.overdue(vn_today()).count()


def due_this_week_count(person: Any) -> int:
    from .permissions import readable_cases

    today = vn_today()
    cases: CaseQuerySet = readable_cases(person).filter(state__in=OPEN_STATES)  # type: ignore[assignment]
    return cases.due_between(today, _week_end(today)).count()


def my_cases(person: Any) -> dict[str, Any] | None:
    """The cases the person sent while signed in, newest first, with the deadline that runs now."""
    cases = list(
        Case.objects.filter(submitter=person)
        .exclude(state=State.MERGED)
        .only("tracking_code", "title", "state", "received_at", "acceptance_due", "resolution_due")
        .order_by("-received_at")[:50]
    )
    rows = [
        {
            "case": c,
            "due": c.acceptance_due
            if c.state == State.RECEIVED
            else c.resolution_due
            if c.state in OPEN_STATES
            else None,
        }
        for c in cases
    ]
    return {"rows": rows}


def my_cases_data(person: Any) -> list[dict[str, Any]]:
    """The cases the person sent while signed in, for their own download (Decree 13/2023)."""
    return [
        {
            "tracking_code": c.tracking_code,
            "case_type": str(c.type_label),
            "title": c.title,
            "description": c.description,
            "state": c.get_state_display(),
            "received_at": c.received_at,
            "satisfaction": c.satisfaction,
            "satisfaction_comment": c.satisfaction_comment,
        }
        for c in Case.objects.filter(submitter=person).order_by("received_at", "pk")
    ]


def register() -> None:
    name_actions({"cases.submit": _("You sent a case")})
    register_exporter(
        "cases.mine",
        _("Cases you sent"),
        my_cases_data,
        {
            "tracking_code": _("Tracking code"),
            "case_type": _("Type"),
            "title": _("Subject"),
            "description": _("Content"),
            "state": _("Status"),
            "received_at": _("Received"),
            "satisfaction": _("Rating given to the answer (1–5)"),
            "satisfaction_comment": _("Comment given with the rating"),
        },
    )
    office_todo(
        "cases.overdue",
        _("Overdue cases"),
        count=overdue_count,
        url="cases:staff_list",
        query="?t=overdue",
        urgent=True,
        order=10,
    )
    office_todo(
        "cases.due_week",
        _("Cases due this week"),
        count=due_this_week_count,
        url="cases:staff_list",
        query="?t=due_soon",
        order=20,
    )
    my_page_section("cases.mine", _("My cases"), template="cases/home_mine.html", context=my_cases, order=10)
