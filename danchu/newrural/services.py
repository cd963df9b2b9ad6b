"""Writes of new-rural records: a commune's assessment for a year, its evidence, a recognition, and
the XLSX import that records many at once (nothing imported when one row is bad)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import uploads
from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError
from danchu.core.formats import short_date
from danchu.places.models import Level, Place, PlaceKind

from .models import COMMUNE_LEVELS, Assessment, Criterion, Evidence, Recognition, RuralLevel
from .queries import RANK, existed_during, highest_levels, set_in_force

FIRST_YEAR = 2010  # the national programme began with Decision 491/QĐ-TTg (2009) [U]
MAX_EVIDENCE = 20 * 1024 * 1024


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


def assessment_record(
    *,
    by: Any,
    commune: Place,
    year: int,
    met_count: int | None = None,
    criteria: Sequence[Criterion] | None = None,
    level: str = RuralLevel.STANDARD,
    note: str = "",
) -> Assessment:
    """Record (or correct) how many criteria of `level` the commune met in `year`, against the set in
    force that year; `criteria`, when given, names them and decides the count."""
    check_year(year)
    if commune.kind != PlaceKind.COMMUNE:
        raise DomainError(_("Only rural communes (xã) are assessed against the new-rural criteria."))
    check_existed(commune, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if level not in (RuralLevel.STANDARD, RuralLevel.ADVANCED):
        raise DomainError(_("Criteria are assessed for the new-rural and the advanced levels only."))
    criteria_set = set_in_force(year)
    if criteria_set is None:
        raise DomainError(_("No criteria set was in force in %(year)s.") % {"year": year})
    in_set = list(criteria_set.criteria.filter(level=level))
    if not in_set:
        raise DomainError(_("The set %(set)s has no criteria for this level.") % {"set": criteria_set.code})
    if criteria is not None:
        if any(c.pk not in {x.pk for x in in_set} for c in criteria):
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
    with transaction.atomic():
        before = Assessment.objects.filter(commune=commune, year=year, level=level).first()
        assessment, _created = Assessment.objects.update_or_create(
            commune=commune,
            year=year,
            level=level,
            defaults={"criteria_set": criteria_set, "met_count": met_count, "note": note, "recorded_by": by},
        )
        if criteria is not None:
            assessment.criteria.set(criteria)
        audit(
            actor=by,
            action="newrural.assessment_recorded",
            obj=assessment,
            before={"met_count": before.met_count} if before else None,
            after={"commune": commune.code, "year": year, "level": level, "met_count": met_count},
        )
    return assessment


def evidence_add(
    *,
    by: Any,
    assessment: Assessment,
    file: IO[bytes],
    name: str,
    size: int,
    criterion: Criterion | None = None,
) -> Evidence:
    if size > MAX_EVIDENCE:
        raise DomainError(_("The file is larger than 20 MB."))
    if criterion is not None and criterion.criteria_set_id != assessment.criteria_set_id:
        raise DomainError(_("A criterion is not one of the set in force that year."))
    clean = uploads.sanitise(
        file, name=name, size=size, allowed={**uploads.DOCUMENT_TYPES, **uploads.IMAGE_TYPES}
    )
    with transaction.atomic():
        evidence = Evidence(
            assessment=assessment, criterion=criterion, original_name=clean.name[:255], uploaded_by=by
        )
        evidence.file.save(clean.stored_name(), ContentFile(clean.content), save=False)
        evidence.save()
        audit(
            actor=by,
            action="newrural.evidence_added",
            obj=evidence,
            after={"assessment": assessment.pk, "name": evidence.original_name},
        )
    return evidence


def recognition_record(
    *, by: Any, place: Place, level: str, recognised_on: dt.date, decision_number: str, issuer: str
) -> Recognition:
    """A unit recognised at `level` by a decision. A commune is recognised at a higher level only
    while it holds the level below (an advanced commune is first a new-rural one)."""
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
    if level in (RuralLevel.ADVANCED, RuralLevel.MODEL):
        held = highest_levels(recognised_on, Place.objects.filter(pk=place.pk)).get(place.pk)
        below = COMMUNE_LEVELS[RANK[level] - 2]
        if held is None or RANK[held] < RANK[below]:
            raise DomainError(
                _("%(unit)s must first be recognised as: %(level)s.")
                % {"unit": place.name, "level": RuralLevel(below).label}
            )
    try:
        with transaction.atomic():
            recognition = Recognition.objects.create(
                place=place,
                level=level,
                recognised_on=recognised_on,
                decision_number=decision_number,
                issuer=issuer,
                recorded_by=by,
            )
            audit(
                actor=by,
                action="newrural.recognised",
                obj=recognition,
                after={
                    "place": place.code,
                    "level": level,
                    "on": str(recognised_on),
                    "decision": decision_number,
                },
            )
    except IntegrityError:
        raise Conflict(_("%(unit)s is already recognised at this level.") % {"unit": place.name}) from None
    return recognition
