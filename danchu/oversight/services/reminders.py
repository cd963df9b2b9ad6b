"""The board's morning reminders: the members handling a matter are told of an inspection that starts
on the next working day and of documents due today (run daily by tasks.oversight_daily_reminders)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from danchu.core.calendar import add_working_days, today
from danchu.core.i18n import later

from ..models import DocumentRequest, Matter
from .common import matter_url, tell

S = Matter.Status


def due_reminders(on: dt.date | None = None) -> int:
    """Remind the handlers of inspections starting on the next working day and of documents due today."""
    on = on or today()
    tomorrow = add_working_days(on, 1)
    sent = 0
    for matter in Matter.objects.filter(status=S.PLANNED, planned_start__gt=on, planned_start__lte=tomorrow):
        sent += tell(
            [h.person for h in matter.handlers.select_related("person")],
            subject=later(lambda matter: _("Inspection starting: %(code)s") % {"code": matter.code}, matter),
            body=later(
                lambda matter: (
                    _("%(title)s — from %(date)s.")
                    % {"title": matter.title, "date": f"{matter.planned_start:%d/%m/%Y}"}
                ),
                matter,
            ),
            url=matter_url(matter),
        )
    for req in DocumentRequest.objects.filter(received_on__isnull=True, due_on=on).select_related("matter"):
        sent += tell(
            [h.person for h in req.matter.handlers.select_related("person")],
            subject=later(lambda req: _("Documents due today: %(code)s") % {"code": req.matter.code}, req),
            body=req.documents[:200],
            url=matter_url(req.matter),
        )
    return sent
