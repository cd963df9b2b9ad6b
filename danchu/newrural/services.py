"""Writes of new-rural records: a commune's assessment for a year, its evidence, a recognition. Their
rules are in checks.py, shared with the import (importing.py) that records many at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import IO, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danchu.core import uploads
from danchu.core.audit import audit
from danchu.core.errors import DomainError
from danchu.places.models import Place

from .checks import (
    already_recognised,
    assessment_audit,
    assessment_checked,
    recognition_audit,
    recognition_checked,
)
from .models import Assessment, Criterion, Evidence, Recognition, RuralLevel
from .queries import criteria_ids, set_in_force

MAX_EVIDENCE = 20 * 1024 * 1024


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
    checked = assessment_checked(
        by=by,
        commune=commune,
        year=year,
        level=level,
        met_count=met_count,
        criteria=criteria,
        note=note,
        set_of=set_in_force,
        criteria_of=criteria_ids,
    )
    with transaction.atomic():
        # Locked as update_or_create() then locks it, so that `before` is what this corrects, not
        # what a concurrent import (which locks it too) is about to replace.
        before = (
            Assessment.objects.select_for_update().filter(commune=commune, year=year, level=level).first()
        )
        assessment, _created = Assessment.objects.update_or_create(
            commune=commune,
            year=year,
            level=level,
            defaults={
                "criteria_set": checked.criteria_set,
                "met_count": checked.met_count,
                "note": checked.note,
                "recorded_by": by,
            },
        )
        if criteria is not None:
            assessment.criteria.set(criteria)
        audit(
            actor=by,
            action="newrural.assessment_recorded",
            obj=assessment,
            before={"met_count": before.met_count} if before else None,
            after=assessment_audit(checked),
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
    checked = recognition_checked(
        by=by,
        place=place,
        level=level,
        recognised_on=recognised_on,
        decision_number=decision_number,
        issuer=issuer,
        recognitions=Recognition.objects.filter(place=place),
    )
    try:
        with transaction.atomic():
            checked.save()
            audit(actor=by, action="newrural.recognised", obj=checked, after=recognition_audit(checked))
    except IntegrityError:  # recorded by a concurrent request since the check
        raise already_recognised(place) from None
    return checked
