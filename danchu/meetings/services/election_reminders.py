"""Reminders of an election's steps (Decree 59 Arts. 6–7): the village head and the commune chairman
are told of each step of a planned election a few days before it is due, once per step."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Membership, Role
from danchu.core.audit import audit
from danchu.core.i18n import later

from ..electorates import village_of
from ..models import Election
from .elections import steps

E = Election.Status


REMIND_DAYS_AHEAD = 3


def _step_reminder(e: Election, i: int) -> tuple[str, str]:
    """Read by each in their own language: the step's label is looked up again in it."""

    def values() -> dict[str, str]:
        step = steps(e)[i]
        return {"election": str(e), "step": str(step["label"]), "date": step["due"].strftime("%d/%m/%Y")}

    return (
        later(lambda: _("Election step due: %(step)s") % values()),
        later(lambda: _("%(election)s: %(step)s — due %(date)s.") % values()),
    )


def election_reminders(*, today: dt.date | None = None) -> int:
    """Remind the village head and the commune chairman of each step of a planned election whose
    deadline is within REMIND_DAYS_AHEAD days, once per step. Returns the number of messages."""
    from danchu.accounts.notify import notify

    today = today or timezone.localdate()
    sent = 0
    planned = Election.objects.filter(status=E.PLANNED, election_day__gte=today, electorate="")
    for e in planned.select_related("village__parent"):
        due_steps = [
            (index, step)
            for index, step in enumerate(steps(e))
            if index not in e.reminded
            and today <= step["due"] <= today + dt.timedelta(days=REMIND_DAYS_AHEAD)
        ]
        if not due_steps:
            continue
        people = {
            m.person
            for m in Membership.objects.active(today)
            .filter(
                role__in=[Role.VILLAGE_HEAD, Role.COMMUNE_CHAIRMAN],
                place__in=[village_of(e), village_of(e).parent],
            )
            .select_related("person")
        }
        for index, _step in due_steps:
            subject, body = _step_reminder(e, index)
            for person in people:
                sent += notify(person, subject=subject, body=body)
            e.reminded = [*e.reminded, index]
        e.save(update_fields=["reminded"])
        audit(actor=None, action="meetings.election_remind", obj=e, after={"steps": e.reminded})
    return sent
