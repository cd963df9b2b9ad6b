"""Manifest entry `clocks` (issue #18): when the calendar changes, move the stored deadlines of meetings
that depend on it.

Which deadlines of this module depend on days off:
- **a convention's recognition due date** (`ConventionVersion.recognition_due`, stored at submission):
  the `recognition_days` rule counted in calendar days, ending on the next working day when the last
  day is not one (Civil Code 2015 Art. 148(5), the kernel's setting) — or in working days when
  MEETINGS_RECOGNITION_DAY_TYPE = "working". A day off or a make-up working day in the period moves it;
  the commune chairman (who recognises) is told the old and the new date.

Which do not, and why (also in docs/meetings.md, and tested):
- the **notice of a meeting** (at least 5 days before, Decree 59 Art. 11) and the **election steps**
  (plan ≥20, team ≤10, public notice ≥7 days before election day, Decree 59 Arts. 6–7) count calendar
  days *backwards* from a day already fixed; nothing is stored but the meeting or election day, and
  the steps are recomputed on every read. No meeting deadline counts working days.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.clocks import CalendarChange, Moved, register_clock
from danchu.core.i18n import later

from .models import ConventionVersion
from .rules import recognition_due


def _d(day: dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "—"


def recompute_recognitions(change: CalendarChange) -> list[Moved]:
    from danchu.accounts.models import Membership, Role
    from danchu.accounts.notify import notify

    moved: list[Moved] = []
    first, last = min(change.days), max(change.days)
    rows = ConventionVersion.objects.filter(
        status=ConventionVersion.Status.SUBMITTED,
        submitted_on__isnull=False,
        submitted_on__lte=last,
        recognition_due__gte=first - dt.timedelta(days=1),
    ).select_related("convention__village__parent")
    for v in rows:
        assert v.submitted_on is not None
        old = recognition_due(v.submitted_on, change.old)
        new = recognition_due(v.submitted_on, change.new)
        if v.recognition_due != old or old == new:
            continue  # not derived from the old calendar (rule or unit changed since), or not touched
        v.recognition_due = new
        v.save(update_fields=["recognition_due"])
        audit(
            actor=change.actor,
            action="meetings.recognition_due_recompute",
            obj=v,
            before={"recognition_due": old},
            after={"recognition_due": new},
        )
        village = v.convention.village
        for m in (
            Membership.objects.active()
            .filter(role=Role.COMMUNE_CHAIRMAN, place=village.parent_id)
            .select_related("person")
        ):
            notify(
                m.person,
                subject=later(
                    lambda village: (
                        _("Convention of %(village)s: recognition due date moved") % {"village": village.name}
                    ),
                    village,
                ),
                body=later(
                    lambda v, new, old: (
                        _(
                            "The calendar changed (a day off or a make-up working day): the recognition of "
                            "%(title)s is now due %(new)s (was %(old)s)."
                        )
                        % {"title": v.convention.title, "new": _d(new), "old": _d(old)}
                    ),
                    v,
                    new,
                    old,
                ),
            )
        moved.append(Moved("meetings", f"{village.code} {v.convention.title} v{v.number}", old, new))
    return moved


def register() -> None:
    register_clock("meetings", recompute_recognitions)
