"""What workplaces puts in a person's own download (Decree 13/2023) — the conferences they were a
delegate of with an account (who may vote online) — and on the office home of a unit's
representative: the year's conference and periodic dialogues coming due and not yet held (the same
window as the reminders of tasks.py); and on a delegate's own page, their conferences with the
resolutions and elections open for their vote (nothing else but the message sent when they were listed
leads a delegate there)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.accounts.personal_data import register_exporter
from danchu.core.home import my_page_section, office_todo

from .checks import dialogue_rule, kind_for
from .models import Conference, ConferenceRule, Delegate, Dialogue, Unit
from .permissions import represented_units
from .rules import ensure_defaults
from .tasks import REMIND_DAYS


def my_delegations_data(person: Any) -> list[dict[str, Any]]:
    return [
        {
            "unit": str(d.conference.unit),
            "conference": d.conference.get_kind_display(),
            "year": str(d.conference.year),
            "planned_on": d.conference.planned_on,
        }
        for d in Delegate.objects.filter(person=person)
        .select_related("conference__unit__body")
        .order_by("conference__planned_on", "pk")
    ]


MY_CONFERENCES = 10  # the latest, on the person's page; those with an open vote always


def my_conferences(person: Any) -> dict[str, Any] | None:
    """The conferences the person is a listed delegate of, those with a vote open first, each with its
    open resolutions and elections and whether the person has voted on each."""
    from danchu.meetings.queries import electorate_open_votes

    from .elections import ELECTORATE

    if not getattr(person, "is_authenticated", False):
        return None
    conferences = [
        d.conference
        for d in Delegate.objects.filter(person=person)
        .select_related("conference__unit")
        .order_by("-conference__planned_on", "-pk")
    ]
    if not conferences:
        return None
    motions, elections = electorate_open_votes(ELECTORATE, [c.pk for c in conferences], person)
    rows = [
        {
            "conference": c,
            "resolutions": [m for m in motions if m.electorate_ref == c.pk],
            "elections": [e for e in elections if e.electorate_ref == c.pk],
        }
        for c in conferences
    ]
    open_rows = [r for r in rows if r["resolutions"] or r["elections"]]
    others = [r for r in rows if not (r["resolutions"] or r["elections"])]
    return {
        "conferences": open_rows + others[: max(0, MY_CONFERENCES - len(open_rows))],
        "waiting": sum(not m.voted for m in motions) + sum(not e.voted for e in elections),
    }


def _units(person: Any) -> list[Unit]:
    if not getattr(person, "is_authenticated", False):
        return []
    bodies = represented_units(person)
    return list(Unit.objects.filter(body_id__in=bodies)) if bodies else []


def conferences_due_count(person: Any, today: dt.date | None = None) -> int:
    """The person's units whose conference of the year falls due within REMIND_DAYS (or is past due)
    and is not held."""
    today = today or timezone.localdate()
    units = _units(person)
    if not units:
        return 0
    ensure_defaults()  # the rules as data, made the first time a unit needs them (as tasks.py)
    rules = {r.kind: r for r in ConferenceRule.objects.valid_on(today)}
    held = set(
        Conference.objects.filter(unit__in=units, year=today.year, status=Conference.Status.HELD).values_list(
            "unit_id", "kind"
        )
    )
    due = 0
    for unit in units:
        kind = kind_for(unit)
        rule = rules.get(kind)
        if rule is not None and rule.due_date(today.year) <= today + dt.timedelta(days=REMIND_DAYS):
            due += (unit.pk, kind) not in held
    return due


def dialogues_due_count(person: Any, today: dt.date | None = None) -> int:
    """The person's enterprises short of the year's periodic dialogues within REMIND_DAYS of the year's end."""
    today = today or timezone.localdate()
    enterprises = [u for u in _units(person) if u.is_enterprise]
    if not enterprises or (dt.date(today.year, 12, 31) - today).days > REMIND_DAYS:
        return 0
    rule = dialogue_rule(today)
    if rule is None or not rule.per_year:
        return 0
    return sum(
        Dialogue.objects.filter(unit=u, kind=Dialogue.Kind.PERIODIC, held_on__year=today.year).count()
        < rule.per_year
        for u in enterprises
    )


def register() -> None:
    register_exporter(
        "workplaces.delegate",
        _("Conferences you were a delegate of"),
        my_delegations_data,
        {
            "unit": _("Agency or enterprise"),
            "conference": _("Conference"),
            "year": _("Year"),
            "planned_on": _("Planned for"),
        },
    )
    my_page_section(
        "workplaces.delegate",
        _("My conferences"),
        template="workplaces/home_mine.html",
        context=my_conferences,
        order=35,
    )
    office_todo(
        "workplaces.conference_due",
        _("Your unit's conference of the year, due and not held"),
        count=conferences_due_count,
        url="workplaces:units",
        urgent=True,
        order=80,
    )
    office_todo(
        "workplaces.dialogues_due",
        _("Periodic dialogues of the year still to hold"),
        count=dialogues_due_count,
        url="workplaces:units",
        order=81,
    )
