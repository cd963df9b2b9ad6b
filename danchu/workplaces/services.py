"""Use cases of workplaces: one function each, keyword-only, atomic, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Body
from danchu.core import uploads
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError

from .checks import (
    CONVENE_AUDIT,
    DIALOGUE_AUDIT,
    HOLD_AUDIT,
    HOLD_BEFORE,
    TEXT_MAX,
    DialogueData,
    UnitData,
    _check_unit,
    clean,
    conference_convened,
    dialogue_made,
    held_check,
)
from .checks import (
    employee_side_min as employee_side_min,  # the views read it with the use cases
)
from .checks import (
    rule_for as rule_for,
)
from .models import Conference, Dialogue, RegulationVersion, Unit, UnitType


def unit_register(*, actor: Any, data: UnitData) -> Unit:
    _check_unit(data)
    taken = _("A unit with the code %(c)s is already registered.") % {"c": data.code}
    try:
        return _unit_create(actor, data, taken)
    except IntegrityError:  # the same code registered by a concurrent request since the check
        raise Conflict(taken) from None


def _unit_create(actor: Any, data: UnitData, taken: str) -> Unit:
    with transaction.atomic():
        if Unit.objects.filter(code=data.code).exists():
            raise Conflict(taken)
        body = Body.objects.create(
            kind=Body.Kind.ENTERPRISE if data.unit_type == UnitType.ENTERPRISE else Body.Kind.AGENCY,
            name=data.name,
            place=data.place,
        )
        unit = Unit.objects.create(
            body=body,
            code=data.code,
            unit_type=data.unit_type,
            ownership=data.ownership,
            employees=data.employees,
            dispersed=data.dispersed,
            head_name=data.head_name,
            union_chair_name=data.union_chair_name,
            address=data.address,
        )
        audit(actor=actor, action="workplaces.unit_register", obj=unit, after=snapshot(unit))
    return unit


# --- Regulation ------------------------------------------------------------------------------------


def regulation_add(
    *,
    actor: Any,
    unit: Unit,
    reference: str,
    issued_on: dt.date,
    summary: str = "",
    consulted_on: dt.date | None = None,
    file: Any = None,
) -> RegulationVersion:
    reference = clean(reference, limit=120, label=_("Document number and symbol"))
    summary = clean(summary, limit=TEXT_MAX, label=_("Summary"))
    if not reference:
        raise DomainError(_("Give the document number and symbol."))
    today = timezone.localdate()
    if issued_on > today or (consulted_on and consulted_on > today):
        raise DomainError(_("The date cannot be in the future."))
    if unit.is_enterprise and consulted_on is None:
        raise DomainError(
            _(
                "An enterprise issues its regulation after consulting the employees' representatives (Decree 145/2020 Art. 48): give the date."
            )
        )
    if consulted_on and consulted_on > issued_on:
        raise DomainError(_("The consultation comes before the regulation is issued."))
    # The document as core.uploads makes it safe (its type from its content: PDF, DOCX, XLSX or a
    # photo), stored under a random name: the original name ("quy-che.html") was a guessable media URL.
    clean_file = (
        uploads.sanitise(
            file, name=file.name, size=file.size, allowed={**uploads.DOCUMENT_TYPES, **uploads.IMAGE_TYPES}
        )
        if file
        else None
    )
    with transaction.atomic():
        last = RegulationVersion.objects.select_for_update().filter(unit=unit).aggregate(n=Max("number"))["n"]
        version = RegulationVersion.objects.create(
            unit=unit,
            number=(last or 0) + 1,
            reference=reference,
            issued_on=issued_on,
            summary=summary,
            consulted_on=consulted_on,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        if clean_file is not None:
            version.file.save(clean_file.stored_name(), ContentFile(clean_file.content), save=True)
        audit(
            actor=actor,
            action="workplaces.regulation_add",
            obj=version,
            after=snapshot(version, ["unit_id", "number", "reference", "issued_on"]),
        )
    return version


# --- Conferences -----------------------------------------------------------------------------------


def conference_convene(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    planned_on: dt.date,
    delegates_convened: int,
    venue: str = "",
    extraordinary: bool = False,
) -> Conference:
    conf = conference_convened(
        unit,
        actor=actor,
        year=year,
        planned_on=planned_on,
        delegates_convened=delegates_convened,
        venue=venue,
        extraordinary=extraordinary,
    )
    with transaction.atomic():
        # The unit's row locked: two "convene" sent at once wait for each other instead of both
        # finding no conference of the year and recording two.
        Unit.objects.select_for_update().filter(pk=unit.pk).first()
        if (
            not extraordinary
            and Conference.objects.filter(unit=unit, kind=conf.kind, year=year, extraordinary=False).exists()
        ):
            raise Conflict(_("This unit's conference for %(y)d is already recorded.") % {"y": year})
        conf.save()
        audit(
            actor=actor, action="workplaces.conference_convene", obj=conf, after=snapshot(conf, CONVENE_AUDIT)
        )
    return conf


def conference_hold(
    *,
    actor: Any,
    conference: Conference,
    held_on: dt.date,
    delegates_present: int,
    contents_done: list[str],
    chair: str = "",
    secretary: str = "",
    proceedings: str = "",
) -> Conference:
    """Record that the conference took place: attendance (quorum), contents covered, proceedings.
    Recorded again to correct it until the first vote (resolution or election) is put to the
    conference: from then its roll and majority are frozen in the votes."""
    if conference.status == Conference.Status.HELD:
        _refuse_once_voted(conference)
    held_check(conference, held_on=held_on, delegates_present=delegates_present)
    if conference.delegates.count() > delegates_present:
        raise DomainError(_("More delegates are listed to vote online than this number present."))
    required = conference.required_contents
    keys = {c["key"] for c in required}
    unknown = [k for k in contents_done if k not in keys]
    if unknown:
        raise DomainError(_("Unknown content item."))
    with transaction.atomic():
        # Again under the lock the first vote takes (resolution_open, inspection_board_elect): a vote
        # put while this correction was being typed is seen here, and refuses it.
        _refuse_once_voted(lock_conference(conference))
        before = snapshot(conference, HOLD_BEFORE)
        conference.held_on = held_on
        conference.delegates_present = delegates_present
        conference.contents_done = [c["key"] for c in required if c["key"] in contents_done]
        conference.chair = clean(chair, limit=200, label=_("Chaired by"))
        conference.secretary = clean(secretary, limit=200, label=_("Secretary"))
        conference.proceedings = clean(proceedings, limit=TEXT_MAX, label=_("Proceedings"))
        conference.status = Conference.Status.HELD
        conference.save()
        audit(
            actor=actor,
            action="workplaces.conference_hold",
            obj=conference,
            before=before,
            after=snapshot(conference, HOLD_AUDIT),
        )
    return conference


def lock_conference(conference: Conference) -> Conference:
    """The conference read again under its row lock (inside a transaction): attendance corrections
    and the first vote put to the conference take it, so one waits for the other."""
    locked = Conference.objects.select_for_update().select_related("unit__body__place", "rule")
    return locked.get(pk=conference.pk)


def _refuse_once_voted(conference: Conference) -> None:
    if votes_put(conference):
        raise Conflict(
            _("Votes have been put to this conference: its attendance can no longer be corrected.")
        )


def votes_put(conference: Conference) -> bool:
    from .queries import conference_elections, conference_resolutions

    return conference_resolutions(conference).exists() or conference_elections(conference).exists()


# --- Dialogue --------------------------------------------------------------------------------------


def dialogue_record(*, actor: Any, unit: Unit, data: DialogueData) -> Dialogue:
    d = dialogue_made(unit, data, actor=actor)
    with transaction.atomic():
        d.save()
        audit(actor=actor, action="workplaces.dialogue_record", obj=d, after=snapshot(d, DIALOGUE_AUDIT))
    return d
