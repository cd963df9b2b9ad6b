"""Reads of workplaces: the units a person sees, and compliance of a steering committee's units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from danchu.accounts.permissions import readable_places
from danchu.core.text import vi_sort_key
from danchu.places.models import Place

from .models import Conference, ConferenceKind, ConferenceRule, Dialogue, Unit, UnitType
from .permissions import READERS, represented_units


def visible_units(person: Any) -> QuerySet[Unit]:
    bodies = represented_units(person)
    places = readable_places(person, READERS)
    return (
        Unit.objects.filter(Q(body_id__in=bodies) | Q(body__place__in=places))
        .select_related("body__place")
        .distinct()
    )


def in_vietnamese_order(units: Iterable[Unit]) -> list[Unit]:
    """Units by type, then by name in Vietnamese order: the database's collation (Meta.ordering)
    puts "Đội" after "Yên"."""
    return sorted(units, key=lambda u: (u.unit_type, vi_sort_key(u.name)))


def units_within(place: Place) -> QuerySet[Unit]:
    return Unit.objects.filter(body__place__path__startswith=place.path).select_related("body__place")


@dataclass
class UnitStatus:
    unit: Unit
    conference: Conference | None
    due: dt.date | None
    held: bool  # held in the year, with its quorum
    on_time: bool
    dialogues: int  # periodic dialogues in the year (enterprises)
    dialogue_ok: bool  # enterprises: enough periodic dialogues; agencies: True
    regulation: bool

    @property
    def compliant(self) -> bool:
        return self.on_time and self.dialogue_ok


@dataclass
class Figure:
    label: Any
    held: int
    total: int


@dataclass
class Compliance:
    year: int
    rows: list[UnitStatus]

    def of(self, types: tuple[str, ...]) -> list[UnitStatus]:
        return [r for r in self.rows if r.unit.unit_type in types]

    @property
    def missing(self) -> list[UnitStatus]:
        return [r for r in self.rows if not r.held]

    @property
    def late(self) -> list[UnitStatus]:
        return [r for r in self.rows if r.held and not r.on_time]

    @property
    def without_dialogue(self) -> list[UnitStatus]:
        return [r for r in self.rows if not r.dialogue_ok]

    def figures(self) -> list[Figure]:
        from django.utils.translation import gettext_lazy as _

        agencies = self.of((UnitType.AGENCY, UnitType.PUBLIC_SERVICE))
        enterprises = self.of((UnitType.ENTERPRISE,))
        return [
            Figure(
                _("Agencies and public service units that held their conference"),
                sum(r.held for r in agencies),
                len(agencies),
            ),
            Figure(
                _("Enterprises that held their employees' conference"),
                sum(r.held for r in enterprises),
                len(enterprises),
            ),
            Figure(
                _("Enterprises that held periodic dialogue"),
                sum(r.dialogue_ok for r in enterprises),
                len(enterprises),
            ),
            Figure(
                _("Units with a democracy regulation"), sum(r.regulation for r in self.rows), len(self.rows)
            ),
        ]


def compliance(place: Place, year: int) -> Compliance:
    """For every unit registered under `place`: did it hold its yearly conference (with quorum), on
    time, and (enterprises) its periodic dialogue, in `year`."""
    from .checks import dialogue_rule
    from .rules import ensure_defaults

    units = in_vietnamese_order(units_within(place).prefetch_related("regulations"))
    held = {
        (c.unit_id, c.kind): c
        for c in Conference.objects.filter(unit__in=units, year=year, extraordinary=False).select_related(
            "rule"
        )
    }
    periodic: dict[int, int] = {}
    for d in Dialogue.objects.filter(unit__in=units, held_on__year=year, kind=Dialogue.Kind.PERIODIC).values(
        "unit_id"
    ):
        periodic[d["unit_id"]] = periodic.get(d["unit_id"], 0) + 1
    year_end = dt.date(year, 12, 31)
    drule = dialogue_rule(min(year_end, max(timezone.localdate(), dt.date(year, 1, 1))))
    per_year = drule.per_year if drule else 1
    ensure_defaults()
    rules = {r.kind: r for r in ConferenceRule.objects.valid_on(year_end)}
    rows = []
    for u in units:
        kind = ConferenceKind.WORKERS if u.is_enterprise else ConferenceKind.OFFICIALS
        conf = held.get((u.pk, kind))
        rule = conf.rule if conf else rules.get(kind)
        done = bool(conf and conf.status == Conference.Status.HELD and conf.quorum_met)
        rows.append(
            UnitStatus(
                unit=u,
                conference=conf,
                due=rule.due_date(year) if rule else None,
                held=done,
                on_time=done and conf is not None and conf.on_time,
                dialogues=periodic.get(u.pk, 0),
                dialogue_ok=(not u.is_enterprise) or periodic.get(u.pk, 0) >= per_year,
                regulation=any(v.issued_on <= year_end for v in u.regulations.all()),
            )
        )
    return Compliance(year=year, rows=rows)


def conference_elections(conference: Any) -> Any:
    """The elections held at the conference (meetings' elections of its delegates), newest first."""
    from danchu.meetings.queries import electorate_elections

    from .elections import ELECTORATE

    return electorate_elections(ELECTORATE, conference.pk)


def conference_resolutions(conference: Any) -> Any:
    """The resolutions put to the conference's vote (meetings' motions of its electorate), in the
    order they were put, with their online votes counted in the same query."""
    from danchu.meetings.queries import electorate_motions

    from .elections import ELECTORATE

    return electorate_motions(ELECTORATE, conference.pk)


def inspection_board(unit: Any) -> Any:
    """The unit's People's Inspection Board (oversight's Board on the unit's Body), or None before its
    first recognised election."""
    from danchu.oversight.queries import unit_board

    return unit_board(unit.body)


def inspection_board_members(unit: Any) -> list[Any]:
    """The serving members of the unit's board (seated when its conference's election is recognised)."""
    from danchu.oversight.queries import active_members

    board = inspection_board(unit)
    return list(active_members(board)) if board is not None else []
