"""Manifest entry `clocks`: when the calendar changes, move the stored deadlines of open cases.

Every stored deadline of an open case is recomputed on the new calendar (they are all derived from
the rules, so recomputing is exact); a case whose deadline moves gets a timeline event, an audit
entry and a message to its handler (or, with none assigned, the chairman) naming the old and the new
date. Closed cases keep their history.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.core.audit import audit
from danchu.core.clocks import CalendarChange, Moved, register_clock
from danchu.core.i18n import later

from . import deadlines, notify
from .models import OPEN_STATES, Case, State

FIELDS = ("acceptance_due", "resolution_due", "notice_due", "limitation_ends")
LABELS = {
    "acceptance_due": gettext_lazy("acceptance"),
    "resolution_due": gettext_lazy("answer"),
    "notice_due": gettext_lazy("notice of acceptance"),
    "limitation_ends": gettext_lazy("time limit to complain"),
}


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def _candidates(change: CalendarChange) -> list[Case]:
    first = min(change.days)
    # A clock that started after the last changed day cannot be touched by it.
    last = max(change.days)
    started_before = Q(received_at__date__lt=last + dt.timedelta(days=1)) | Q(decision_known_on__lt=last)
    return list(
        Case.objects.filter(state__in=OPEN_STATES)
        .filter(started_before)
        .filter(
            Q(acceptance_due__gte=first - dt.timedelta(days=1))
            | Q(resolution_due__gte=first - dt.timedelta(days=1))
            | Q(notice_due__gte=first - dt.timedelta(days=1))
            | Q(limitation_ends__gte=first - dt.timedelta(days=1))
        )
        .select_related("handler", "unit")
        .prefetch_related("extensions", "pauses")
    )


def recompute_cases(change: CalendarChange) -> list[Moved]:
    from .services.jobs import heads_of

    moved: list[Moved] = []
    cal = change.new
    for case in _candidates(change):
        new = deadlines.recomputed(case, cal)
        diff = {f: (getattr(case, f), v) for f, v in new.items() if getattr(case, f) != v}
        if not diff:
            continue
        for field, (_old, value) in diff.items():
            setattr(case, field, value)
        case.save(update_fields=[*diff, "updated_at"])

        def lines(diff: dict[str, Any] = diff) -> str:
            return "; ".join(
                _("%(what)s: %(old)s → %(new)s") % {"what": LABELS[f], "old": _d(o), "new": _d(n)}
                for f, (o, n) in diff.items()
            )

        from .services.common import _event

        _event(
            case,
            "recompute",
            change.actor,
            case.state,
            note=later(lines),
            public=case.state == State.RECEIVED,
        )
        audit(
            actor=change.actor,
            action="cases.deadline_recompute",
            obj=case,
            before={f: o for f, (o, _n) in diff.items()},
            after={f: n for f, (_o, n) in diff.items()},
        )
        people = [case.handler] if case.handler_id else heads_of(case.unit)
        for person in people:
            notify.send(
                person=person,
                subject=later(
                    lambda case: _("Case %(code)s: deadline moved") % {"code": case.tracking_code}, case
                ),
                body=later(
                    lambda case, lines: (
                        _(
                            "The calendar changed (a day off or a make-up working day): case %(code)s (%(title)s) — "
                            "%(lines)s."
                        )
                        % {"code": case.tracking_code, "title": case.title, "lines": lines()}
                    ),
                    case,
                    lines,
                ),
            )
        for f, (o, n) in diff.items():
            moved.append(Moved("cases", f"{case.tracking_code} {f}", o, n))
    return moved


def register() -> None:
    register_clock("cases", recompute_cases)
