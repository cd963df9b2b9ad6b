"""Reminders before the legal date: each unit that has not yet held its yearly conference, and each
enterprise that has not yet held the periodic dialogues the rule asks for in the year (Labour Code
2019 Art. 63(2)(a): at least once a year), is reminded once a year when the date comes within
REMIND_DAYS."""

from __future__ import annotations

import datetime as dt
from typing import Any

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from danchu.core.i18n import later

REMIND_DAYS = 30


def send_reminders(today: dt.date | None = None) -> int:
    from django.db import IntegrityError, transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .checks import kind_for
    from .models import Conference, ConferenceRule, Reminder, Unit
    from .rules import ensure_defaults

    ensure_defaults()
    today = today or timezone.localdate()
    rules = {r.kind: r for r in ConferenceRule.objects.valid_on(today)}
    sent = 0
    for unit in Unit.objects.select_related("body"):
        kind = kind_for(unit)
        rule = rules.get(kind)
        if rule is None:
            continue
        due = rule.due_date(today.year)
        if not today <= due <= today + dt.timedelta(days=REMIND_DAYS):
            continue
        if Conference.objects.filter(
            unit=unit, kind=kind, year=today.year, status=Conference.Status.HELD
        ).exists():
            continue
        try:
            with transaction.atomic():
                Reminder.objects.create(unit=unit, kind=kind, year=today.year)
        except IntegrityError:
            continue  # already reminded this year
        # Read by each in their own language.
        subject = later(
            lambda due: _("Your unit's conference is due by %(d)s") % {"d": due.strftime("%d/%m/%Y")}, due
        )
        body = later(
            lambda unit, rule, due: (
                _("%(unit)s has not yet recorded its %(kind)s for %(y)d. It is due by %(d)s.")
                % {
                    "unit": unit.name,
                    "kind": str(rule.get_kind_display()).lower(),
                    "y": today.year,
                    "d": due.strftime("%d/%m/%Y"),
                }
            ),
            unit,
            rule,
            due,
        )
        sent += _tell_representatives(unit, today, subject, body)
    return sent


def send_dialogue_reminders(today: dt.date | None = None) -> int:
    from django.db import IntegrityError, transaction
    from django.utils import timezone
    from django.utils.translation import gettext as _

    from .checks import dialogue_rule
    from .models import Dialogue, Reminder, Unit

    today = today or timezone.localdate()
    rule = dialogue_rule(today)
    due = dt.date(today.year, 12, 31)
    if rule is None or not rule.per_year or (due - today).days > REMIND_DAYS:
        return 0
    sent = 0
    for unit in Unit.objects.filter(unit_type="enterprise").select_related("body"):
        held = Dialogue.objects.filter(
            unit=unit, kind=Dialogue.Kind.PERIODIC, held_on__year=today.year
        ).count()
        if held >= rule.per_year:
            continue
        try:
            with transaction.atomic():
                Reminder.objects.create(unit=unit, kind=Reminder.DIALOGUE, year=today.year)
        except IntegrityError:
            continue  # already reminded this year
        # Read by each in their own language.
        subject = later(
            lambda: _("Periodic workplace dialogue due by %(d)s") % {"d": due.strftime("%d/%m/%Y")}
        )
        body = later(
            lambda unit, held, rule: (
                _(
                    "%(unit)s has recorded %(held)d of the %(needed)d periodic dialogues due in %(y)d "
                    "(%(basis)s)."
                )
                % {
                    "unit": unit.name,
                    "held": held,
                    "needed": rule.per_year,
                    "y": today.year,
                    "basis": rule.article,
                }
            ),
            unit,
            held,
            rule,
        )
        sent += _tell_representatives(unit, today, subject, body)
    return sent


# 01:00 UTC is 08:00 in Vietnam.
@db_periodic_task(crontab(hour="1", minute="0"))
def workplaces_daily_reminders() -> int:
    return send_reminders() + send_dialogue_reminders()


def _tell_representatives(unit: Any, today: dt.date, subject: str, body: str) -> int:
    """The unit's representatives, each by their channel and in their language; the number reached."""
    from django.urls import reverse

    from danchu.accounts.models import Membership, Role
    from danchu.accounts.notify import notify

    url = reverse("workplaces:unit", args=[unit.pk])
    people = Membership.objects.active(today).filter(role=Role.WORKPLACE_REP, body=unit.body)
    return sum(notify(m.person, subject=subject, body=body, url=url) for m in people.select_related("person"))
