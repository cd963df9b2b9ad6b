"""The rules a workplace record is checked against before it is written, without writing: shared by
the use cases in services.py (one record) and by the imports (many records checked row by row, then
written together, importing.py)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danchu.core.errors import DomainError
from danchu.core.formats import number
from danchu.core.text import checked_text
from danchu.places.models import Level, Place

from .models import (
    Conference,
    ConferenceKind,
    ConferenceRule,
    Dialogue,
    DialogueRule,
    EmployeeSideTier,
    Ownership,
    Unit,
    UnitType,
)
from .rules import ensure_defaults

TEXT_MAX = 20_000
# The most a dialogue's counts may be: each side (the form's bound; the column is a small integer) and
# the issues (far below the column's limit, so a typo in an imported sheet is refused, not stored).
SIDE_MAX = 1000
ISSUES_MAX = 100_000


# Control characters other than tab and newlines, which XML 1.0 (so the DOCX minutes) refuses, and
# lone surrogates, which a JSON body may carry ("\ud800") and no database stores. NUL is checked_text's.
_UNSTORABLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def storable(text: Any, *, label: Any = "") -> str:
    """A user's text in the composed form (NFC: a name typed with combining marks is the same name and
    the same code as one typed precomposed), refused when it holds a character no document can
    carry. No length check: for text that another module's service limits."""
    text = "" if text is None else str(text)
    if _UNSTORABLE.search(text):
        raise DomainError(
            _("%(field)s contains a character that is not allowed.") % {"field": label or _("The text")},
            code="bad_character",
        )
    return unicodedata.normalize("NFC", text)


def clean(text: Any, *, limit: int = 255, label: str = "") -> str:
    """A user's text, stripped and composed; refused (not truncated) when it holds a NUL byte or
    another character `storable` refuses, or is too long."""
    return checked_text(storable(text, label=label), label=label, limit=limit)


def kind_for(unit: Unit) -> str:
    return ConferenceKind.WORKERS if unit.is_enterprise else ConferenceKind.OFFICIALS


def rule_for(kind: str, on: dt.date) -> ConferenceRule:
    ensure_defaults()
    found = ConferenceRule.objects.valid_on(on).filter(kind=kind).order_by("-valid_from").first()
    if found is None:
        raise DomainError(_("No rule for this kind of conference is in force on that date."))
    return found


def dialogue_rule(on: dt.date) -> DialogueRule | None:
    ensure_defaults()
    return DialogueRule.objects.valid_on(on).order_by("-valid_from").first()


def employee_side_min(employees: int) -> int:
    ensure_defaults()
    tier = EmployeeSideTier.objects.filter(employees_from__lte=employees).order_by("-employees_from").first()
    return tier.members_min if tier else 3


# --- Units -----------------------------------------------------------------------------------------


@dataclass
class UnitData:
    code: str
    name: str
    unit_type: str
    place: Place
    ownership: str = Ownership.STATE
    employees: int = 0
    dispersed: bool = False
    head_name: str = ""
    union_chair_name: str = ""
    address: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _check_unit(data: UnitData) -> None:
    data.code = clean(data.code, limit=40, label=_("Code"))
    data.name = clean(data.name, label=_("Name"))
    data.head_name = clean(data.head_name, limit=200, label=pgettext("workplace", "Head"))
    data.union_chair_name = clean(data.union_chair_name, limit=200, label=_("Trade union chair"))
    data.address = clean(data.address, label=_("Address"))
    if not data.code or not data.name:
        raise DomainError(_("A unit needs a code and a name."))
    if any(ch.isspace() and ch != " " for ch in data.code + data.name):
        raise DomainError(_("A unit's code and name are written on one line."))
    if data.unit_type not in UnitType.values:
        raise DomainError(_("Unknown type of unit “%(t)s”.") % {"t": data.unit_type})
    if data.ownership not in Ownership.values:
        raise DomainError(_("Unknown ownership “%(o)s”.") % {"o": data.ownership})
    if data.place.level not in (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE):
        raise DomainError(_("A unit is registered under a province, a district or a commune."))
    if data.employees < 0 or data.employees > 1_000_000:
        raise DomainError(_("The number of employees is not plausible."))


def _check_attendance(unit: Unit, rule: ConferenceRule, convened: int) -> None:
    """Nobody beyond the staff; a small unit (at most rule.all_staff_up_to) convenes all its staff
    unless its staff work in dispersed places (Decree 04/2015 Art. 7 model; DOMAIN.md §7.1)."""
    if not unit.employees:
        return  # staff number unknown: nothing to check against
    if convened > unit.employees:
        raise DomainError(
            _("%(unit)s has %(n)s staff: it cannot convene %(c)s delegates.")
            % {"unit": unit.name, "n": number(unit.employees), "c": number(convened)}
        )
    limit = rule.all_staff_up_to
    if limit and unit.employees <= limit and not unit.dispersed and convened != unit.employees:
        raise DomainError(
            _(
                "A unit of %(n)s staff (%(limit)s or fewer) convenes all its staff, not delegates: "
                "convene %(n)s people (%(basis)s)."
            )
            % {"n": number(unit.employees), "limit": number(limit), "basis": rule.article}
        )


def _within_year(year: int, on: dt.date, label: Any) -> None:
    """A conference of year Y is held in Y, or at the end of Y-1 (units often hold it in December to
    adopt the coming year's plan): from 1 October of the year before to 31 December of the year."""
    first, last = dt.date(year - 1, 10, 1), dt.date(year, 12, 31)
    if not first <= on <= last:
        raise DomainError(
            _("%(what)s of the conference of %(year)d must fall between %(first)s and %(last)s.")
            % {
                "what": label,
                "year": year,
                "first": first.strftime("%d/%m/%Y"),
                "last": last.strftime("%d/%m/%Y"),
            }
        )


# What the audit log keeps of each record (the same one by one and imported).
CONVENE_AUDIT = ["unit_id", "kind", "year", "planned_on", "delegates_convened"]
HOLD_BEFORE = ["status", "held_on", "delegates_present"]
HOLD_AUDIT = ["status", "held_on", "delegates_present", "contents_done"]
DIALOGUE_AUDIT = ["unit_id", "kind", "event", "held_on", "issues_received", "issues_resolved"]


def _recorder(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def conference_convened(
    unit: Unit,
    *,
    actor: Any,
    year: int,
    planned_on: dt.date,
    delegates_convened: int,
    venue: str = "",
    extraordinary: bool = False,
    rule_of: Callable[[str, dt.date], ConferenceRule] = rule_for,
) -> Conference:
    """The conference of `unit` for `year`, convened by the rule in force (its numbers and dates
    checked against it), not saved (an import passes a `rule_of` that reads each rule once)."""
    venue = clean(venue, label=_("Venue"))
    if delegates_convened < 1 or delegates_convened > 100_000:
        raise DomainError(_("Give the number of delegates convened."))
    if not 2000 <= year <= timezone.localdate().year + 1:
        raise DomainError(_("The year is not valid."))
    _within_year(year, planned_on, _("The planned date"))
    kind = kind_for(unit)
    rule = rule_of(kind, planned_on)
    _check_attendance(unit, rule, delegates_convened)
    return Conference(
        unit=unit,
        kind=kind,
        year=year,
        extraordinary=extraordinary,
        rule=rule,
        planned_on=planned_on,
        venue=venue,
        delegates_convened=delegates_convened,
        created_by=_recorder(actor),
    )


def held_check(conference: Conference, *, held_on: dt.date, delegates_present: int) -> None:
    if held_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    _within_year(conference.year, held_on, _("The date held"))
    if delegates_present < 0 or delegates_present > conference.delegates_convened:
        raise DomainError(_("Delegates present cannot exceed delegates convened."))


@dataclass
class DialogueData:
    kind: str
    held_on: dt.date
    employer_side: int
    employee_side: int
    event: str = ""
    participants: str = ""
    issues: str = ""
    issues_received: int = 0
    issues_resolved: int = 0
    agreements: str = ""
    follow_up: str = ""


def dialogue_made(
    unit: Unit,
    data: DialogueData,
    *,
    actor: Any,
    rule_of: Callable[[dt.date], DialogueRule | None] = dialogue_rule,
    side_min: Callable[[int], int] = employee_side_min,
) -> Dialogue:
    """The dialogue, checked by the rules in force on its day, not saved."""
    if not unit.is_enterprise:
        raise DomainError(_("Workplace dialogue is held in enterprises."))
    if data.kind not in Dialogue.Kind.values:
        raise DomainError(_("Unknown kind of dialogue."))
    if data.kind == Dialogue.Kind.EVENT and data.event not in [e for e in Dialogue.Event.values if e]:
        raise DomainError(_("Choose the event of Labour Code Art. 63 the dialogue is about."))
    if data.kind != Dialogue.Kind.EVENT:
        data.event = ""
    if data.held_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    if not (0 <= data.employer_side <= SIDE_MAX and 0 <= data.employee_side <= SIDE_MAX):
        raise DomainError(_("Each side of the dialogue has from 0 to %(n)d people.") % {"n": SIDE_MAX})
    if not (0 <= data.issues_resolved and 0 <= data.issues_received <= ISSUES_MAX):
        raise DomainError(_("The issues are counted from 0 to %(n)d.") % {"n": ISSUES_MAX})
    if data.issues_resolved > data.issues_received:
        raise DomainError(_("Issues resolved cannot exceed issues received."))
    rule = rule_of(data.held_on)
    employer_min = rule.employer_side_min if rule else 3
    if data.employer_side < employer_min:
        raise DomainError(_("The employer side has at least %(n)d people.") % {"n": employer_min})
    employee_min = side_min(unit.employees)
    if data.employee_side < employee_min:
        raise DomainError(
            _("For %(e)s employees the employee side has at least %(n)d people.")
            % {"e": number(unit.employees), "n": employee_min}
        )
    return Dialogue(
        unit=unit,
        kind=data.kind,
        event=data.event,
        held_on=data.held_on,
        employer_side=data.employer_side,
        employee_side=data.employee_side,
        participants=clean(data.participants, limit=TEXT_MAX, label=_("Participants")),
        issues=clean(data.issues, limit=TEXT_MAX, label=_("Issues raised")),
        issues_received=data.issues_received,
        issues_resolved=data.issues_resolved,
        agreements=clean(data.agreements, limit=TEXT_MAX, label=_("Agreements")),
        follow_up=clean(data.follow_up, limit=TEXT_MAX, label=_("Follow-up")),
        created_by=_recorder(actor),
    )
