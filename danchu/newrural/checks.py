"""The rules a new-rural record is checked against before it is written, without writing: shared by the
use cases in services.py (one record) and by the import (many rows checked in memory, then written
together, importing.py). What a rule needs from the database is handed to it: the set in force and
its criteria through lookups (read once per file by the import), the unit's recognitions so far."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Iterable, Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.errors import Conflict, DomainError
from danchu.core.formats import short_date
from danchu.places.models import Level, Place, PlaceKind

from .models import COMMUNE_LEVELS, Assessment, CriteriaSet, Criterion, Recognition, RuralLevel
from .queries import RANK, existed_during

FIRST_YEAR = 2010  # the national programme began with Decision 491/QĐ-TTg (2009) [U]

# The issued set in force in a year (queries.set_in_force), and the ids of a set's criteria of a level.
SetOf = Callable[[int], CriteriaSet | None]
CriteriaOf = Callable[[CriteriaSet, str], Collection[int]]


def validity_text(place: Place) -> str:
    start = short_date(place.valid_from) if place.valid_from else _("its creation")
    end = short_date(place.valid_to) if place.valid_to else _("today")
    return _("%(unit)s existed from %(start)s to %(end)s") % {"unit": place.name, "start": start, "end": end}


def check_year(year: int) -> None:
    today = timezone.localdate()
    if year > today.year:
        raise DomainError(_("The year %(year)s is in the future.") % {"year": year})
    if year < FIRST_YEAR:
        raise DomainError(_("The year must be %(first)s or later.") % {"first": FIRST_YEAR})


def check_existed(place: Place, start: dt.date, end: dt.date) -> None:
    if not existed_during(place, start, end):
        raise DomainError(
            _("%(unit)s did not exist at that time: %(validity)s.")
            % {"unit": place.name, "validity": validity_text(place)}
        )


def assessment_checked(
    *,
    by: Any,
    commune: Place,
    year: int,
    level: str,
    met_count: int | None,
    criteria: Sequence[Criterion] | None,
    note: str,
    set_of: SetOf,
    criteria_of: CriteriaOf,
) -> Assessment:
    """The assessment assessment_record() writes, checked, not saved (the caller decides whether it
    creates a row or corrects the commune's assessment of that year and level)."""
    check_year(year)
    if commune.kind != PlaceKind.COMMUNE:
        raise DomainError(_("Only rural communes (xã) are assessed against the new-rural criteria."))
    check_existed(commune, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if level not in (RuralLevel.STANDARD, RuralLevel.ADVANCED):
        raise DomainError(_("Criteria are assessed for the new-rural and the advanced levels only."))
    criteria_set = set_of(year)
    if criteria_set is None:
        raise DomainError(_("No criteria set was in force in %(year)s.") % {"year": year})
    in_set = criteria_of(criteria_set, level)
    if not in_set:
        raise DomainError(_("The set %(set)s has no criteria for this level.") % {"set": criteria_set.code})
    if criteria is not None:
        if any(c.pk not in in_set for c in criteria):
            raise DomainError(_("A criterion is not one of the set in force that year."))
        met_count = len(set(criteria))
    if met_count is None or met_count < 0:
        raise DomainError(_("State the number of criteria met."))
    if met_count > len(in_set):
        raise DomainError(
            _("%(met)s criteria met is more than the %(total)s criteria of the set %(set)s.")
            % {"met": met_count, "total": len(in_set), "set": criteria_set.code}
        )
    note = note.replace("\x00", "").strip()
    if len(note) > 500:
        raise DomainError(_("The note is too long (500 characters at most)."))
    return Assessment(
        commune=commune,
        year=year,
        level=level,
        criteria_set=criteria_set,
        met_count=met_count,
        note=note,
        recorded_by=by,
    )


def assessment_audit(assessment: Assessment) -> dict[str, Any]:
    """The `after` of an assessment's audit entry (its `before`: {"met_count": …} when corrected)."""
    return {
        "commune": assessment.commune.code,
        "year": assessment.year,
        "level": assessment.level,
        "met_count": assessment.met_count,
    }


def highest_standing(recognitions: Iterable[Recognition], on: dt.date) -> str | None:
    """The highest commune level of `recognitions` standing on `on` (queries.highest_levels for one
    unit's recognitions in hand, some perhaps not saved yet)."""
    best: str | None = None
    for r in recognitions:
        standing = r.recognised_on <= on and (r.revoked_on is None or r.revoked_on > on)
        if standing and r.level in COMMUNE_LEVELS and RANK[r.level] > RANK.get(best or "", 0):
            best = r.level
    return best


def already_recognised(place: Place) -> Conflict:
    return Conflict(_("%(unit)s is already recognised at this level.") % {"unit": place.name})


def recognition_checked(
    *,
    by: Any,
    place: Place,
    level: str,
    recognised_on: dt.date,
    decision_number: str,
    issuer: str,
    recognitions: Iterable[Recognition],
) -> Recognition:
    """The recognition recognition_record() writes, checked, not saved. `recognitions`: the unit's
    recognitions so far (a commune is recognised at a higher level only while it holds the level
    below; once per level)."""
    if level not in RuralLevel.values:
        raise DomainError(_("Unknown level."))
    if recognised_on > timezone.localdate():
        raise DomainError(_("The date of the decision is in the future."))
    decision_number = decision_number.replace("\x00", "").strip()
    issuer = issuer.replace("\x00", "").strip()
    if not decision_number or not issuer:
        raise DomainError(_("State the decision's number and who issued it."))
    if len(decision_number) > 100 or len(issuer) > 255:
        raise DomainError(_("The decision's number or issuer is too long."))
    if level == RuralLevel.DISTRICT:
        if place.level != Level.DISTRICT:
            raise DomainError(_("Only a district-level unit is recognised at this level."))
    elif place.kind != PlaceKind.COMMUNE:
        raise DomainError(_("Only a rural commune (xã) is recognised at this level."))
    check_existed(place, recognised_on, recognised_on)
    known = list(recognitions)
    if level in (RuralLevel.ADVANCED, RuralLevel.MODEL):
        held = highest_standing(known, recognised_on)
        below = COMMUNE_LEVELS[RANK[level] - 2]
        if held is None or RANK[held] < RANK[below]:
            raise DomainError(
                _("%(unit)s must first be recognised as: %(level)s.")
                % {"unit": place.name, "level": RuralLevel(below).label}
            )
    if any(r.level == level for r in known):
        raise already_recognised(place)
    return Recognition(
        place=place,
        level=level,
        recognised_on=recognised_on,
        decision_number=decision_number,
        issuer=issuer,
        recorded_by=by,
    )


def recognition_audit(recognition: Recognition) -> dict[str, Any]:
    return {
        "place": recognition.place.code,
        "level": recognition.level,
        "on": str(recognition.recognised_on),
        "decision": recognition.decision_number,
    }
