"""Due dates of a case on the core working-day calendar (Tết and compensatory days off included)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext

from danchu.core.calendar import Calendar, DayType
from danchu.core.calendar import today as vn_today
from danchu.core.i18n import official_language

from .models import Complexity, State, Timeliness
from .types import DUE_SOON, CaseType, RuleSet

if TYPE_CHECKING:
    from .models import Case

COMPLEXITY_ORDER = [Complexity.NORMAL, Complexity.COMPLEX, Complexity.PARTICULARLY_COMPLEX]


def local_day(value: dt.datetime | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    return value


def acceptance_due(
    rules: RuleSet, received: dt.date, cal: Calendar | None = None, *, extended: bool = False
) -> dt.date:
    """Luật Tố cáo 2018, Art. 24: 10 working days instead of 7 when verification needs several places."""
    cal = cal or Calendar()
    period = rules.acceptance_extended if extended and rules.acceptance_extended else rules.acceptance
    return cal.due_date(received, period.days, period.day_type)


def notice_due(case: Case, cal: Calendar | None = None) -> dt.date | None:
    """Luật Tố cáo 2018, Art. 29: the denouncer is told of the acceptance within 5 working days."""
    from .types import DENUNCIATION, DENUNCIATION_NOTICE

    if case.case_type != DENUNCIATION or case.accepted_at is None:
        return None
    return (cal or Calendar()).due_date(
        local_day(case.accepted_at), DENUNCIATION_NOTICE.days, DENUNCIATION_NOTICE.day_type
    )


def limitation_ends(case: Case, cal: Calendar | None = None) -> dt.date | None:
    """Luật Khiếu nại 2011, Art. 9: 90 days from the decision or the knowledge of the act, plus the
    days of an objective obstacle, which are not counted."""
    from .types import COMPLAINT, COMPLAINT_LIMITATION

    if case.case_type != COMPLAINT or case.decision_known_on is None:
        return None
    days = COMPLAINT_LIMITATION.days + case.limitation_obstacle_days
    return (cal or Calendar()).due_date(case.decision_known_on, days, COMPLAINT_LIMITATION.day_type)


def disclosure_due(issued: dt.date, cal: Calendar | None = None) -> dt.date:
    """Nghị định 124/2020, Art. 29: a complaint decision is made public within 15 days of issue."""
    from .types import DECISION_DISCLOSURE

    return (cal or Calendar()).due_date(issued, DECISION_DISCLOSURE.days, DECISION_DISCLOSURE.day_type)


def recomputed(case: Case, cal: Calendar) -> dict[str, dt.date | None]:
    """The stored deadlines of an open case as `cal` counts them (only those its state keeps)."""
    out: dict[str, dt.date | None] = {}
    if case.state == State.RECEIVED:
        out["acceptance_due"] = acceptance_due(
            case.rules, local_day(case.received_at), cal, extended=case.acceptance_extended
        )
        if case.decision_known_on is not None:
            out["limitation_ends"] = limitation_ends(case, cal)
    elif case.accepted_at is not None:
        out["resolution_due"] = resolution_due(case, cal)
        if case.notice_due is not None and case.notice_sent_at is None:
            out["notice_due"] = notice_due(case, cal)
    return out


def resolution_days(case: Case) -> int:
    """Base period (normal or remote) plus the extensions granted so far."""
    rules = case.rules
    base = rules.resolution_for(remote=case.remote_area).days
    return base + sum(e.days for e in case.extensions.all())


def paused_days(case: Case, day_type: str, cal: Calendar, upto: dt.date | None = None) -> int:
    """Days of `day_type` under suspension (closed pauses; an open one counts to `upto`)."""
    total = 0
    for p in case.pauses.all():
        end = p.ended_on or upto
        if end is None:
            continue
        if day_type == DayType.WORKING:
            total += max(cal.working_days_between(p.started_on, end), 0)
        else:
            total += max((end - p.started_on).days, 0)
    return total


def resolution_due(case: Case, cal: Calendar | None = None) -> dt.date | None:
    if case.accepted_at is None:
        return None
    cal = cal or Calendar()
    rules = case.rules
    res = rules.resolution_for(remote=case.remote_area)
    days = resolution_days(case)
    if rules.suspension_allowed:
        # Amending law 2025 (in force 1 Jul 2026): time under temporary suspension is not counted.
        days += paused_days(case, res.day_type, cal)
    return cal.due_date(local_day(case.accepted_at), days, res.day_type)


def shown_basis(article: str) -> str:
    """A rule's article as staff and citizens read it (an extension's legal basis, on the case and in
    its public timeline): without the "[U]" DOMAIN.md marks a value it could not confirm with, and a
    period the platform sets where the law sets none said in words, not "platform default" — in
    Vietnamese, like the articles: it is recorded on the case as its legal basis."""
    text = " ".join(article.replace("[U]", " ").replace("(platform default)", " ").split())
    if text in ("", "platform default", "platform"):
        with official_language():
            return gettext("a period set by the platform (the law sets none)")
    return text


def next_extension(ctype: CaseType, case: Case) -> tuple[int, str, str] | None:
    """(extra days, new complexity, legal basis) of the next extension allowed, or None."""
    rules = case.rules
    allowed = rules.extensions_for(remote=case.remote_area)
    granted = case.extensions.count()
    if granted >= len(allowed):
        return None
    step = allowed[granted]
    level = COMPLEXITY_ORDER[min(granted + 1, len(COMPLEXITY_ORDER) - 1)]
    return step.days, level, shown_basis(step.article)


def timeliness(case: Case, today: dt.date | None = None, cal: Calendar | None = None) -> str:
    if case.state in (State.RESOLVED, State.CLOSED):
        return Timeliness.DONE_ON_TIME if case.resolved_on_time else Timeliness.DONE_LATE
    if case.state == State.PAUSED:
        return Timeliness.PAUSED
    due = case.current_due
    if due is None:
        return Timeliness.NONE
    today = today or vn_today()
    if today > due:
        return Timeliness.OVERDUE
    if (cal or Calendar()).working_days_between(today, due) <= DUE_SOON.days:
        return Timeliness.DUE_SOON
    return Timeliness.ON_TIME


def due_soon_horizon(today: dt.date | None = None, cal: Calendar | None = None) -> dt.date:
    """The last day that still counts as "due soon" from today."""
    cal = cal or Calendar()
    return cal.add_working_days(today or vn_today(), DUE_SOON.days)
