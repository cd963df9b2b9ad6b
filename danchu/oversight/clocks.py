"""Manifest entry `clocks`: a calendar change moves the board's stored working-day dates that followed
the old calendar — a document request's due date (Law 10/2022, Art. 38(4)) and the earliest start of
an inspection after its plan was sent (Decree 59/2023, Art. 14(2)) — and tells the members handling
the matter. Dates a board set by hand, and closed matters, are left alone."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danchu.accounts.notify import notify
from danchu.core.audit import audit
from danchu.core.clocks import CalendarChange, Moved, register_clock
from danchu.core.i18n import later

from .models import DocumentRequest, Matter
from .rules import in_force


def _tell(matter: Matter, what: Any, old: dt.date, new: dt.date) -> None:
    """`what`: a lazy text, read (like the message) in each member's language."""
    subject = later(lambda: _("Matter %(code)s: date moved") % {"code": matter.code})
    body = later(
        lambda: (
            _("The calendar changed: %(what)s of matter %(code)s moves from %(old)s to %(new)s.")
            % {"what": what, "code": matter.code, "old": f"{old:%d/%m/%Y}", "new": f"{new:%d/%m/%Y}"}
        )
    )
    for member in matter.handlers.select_related("person"):
        notify(member.person, subject=subject, body=body)


def _move(
    change: CalendarChange, obj: Any, field: str, start: dt.date, rule: str
) -> tuple[dt.date, dt.date] | None:
    days = in_force(rule, start).value
    old, new = change.old.add_working_days(start, days), change.new.add_working_days(start, days)
    if getattr(obj, field) != old or old == new:
        return None
    setattr(obj, field, new)
    obj.save(update_fields=[field])
    audit(
        actor=change.actor,
        action=f"oversight.{field}_recompute",
        obj=obj,
        before={field: old},
        after={field: new},
    )
    return old, new


def recompute_oversight(change: CalendarChange) -> list[Moved]:
    moved: list[Moved] = []
    first, last = min(change.days), max(change.days)
    since = first - dt.timedelta(days=1)
    for req in DocumentRequest.objects.filter(
        received_on__isnull=True, requested_on__lt=last, due_on__gte=since
    ).select_related("matter"):
        if (m := _move(change, req, "due_on", req.requested_on, "documents_days")) is not None:
            _tell(req.matter, gettext_lazy("the documents' due date"), *m)
            moved.append(Moved("oversight", f"{req.matter.code} documents", *m))
    for matter in Matter.objects.filter(
        plan_sent_on__isnull=False, started_on__isnull=True, plan_sent_on__lt=last, planned_start__gte=since
    ):
        sent = matter.plan_sent_on
        if (
            sent is not None
            and (m := _move(change, matter, "planned_start", sent, "plan_notice")) is not None
        ):
            _tell(matter, gettext_lazy("the earliest start of the inspection"), *m)
            moved.append(Moved("oversight", f"{matter.code} planned start", *m))
    return moved


def register() -> None:
    register_clock("oversight", recompute_oversight)
