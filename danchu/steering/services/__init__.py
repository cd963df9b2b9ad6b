"""Writes of steering: the committee, its programmes and inspections, bright spots through their
workflow, "Dân vận khéo" models and awards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Body
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError
from danchu.core.text import checked_text
from danchu.places.models import Place

from ..models import (
    Award,
    BrightSpot,
    Criterion,
    EmulationModel,
    InspectedUnit,
    Inspection,
    Programme,
    Recommendation,
    SteeringCommittee,
)
from ..permissions import require_manage
from .criteria import require_evidence
from .work import TEXT_MAX, notify_inspected

# Text a member types: refused (never truncated, never a 500 on PostgreSQL) past these lengths,
# which are the columns' own (models.py) or, for a text column, a page's worth.
NOTE_MAX = 2_000

# DOMAIN.md §11.2: register (start of year) → plan → implement → evaluate → recognise (or not).
BRIGHT_SPOT_FLOW: dict[str, tuple[str, ...]] = {
    BrightSpot.Status.REGISTERED: (BrightSpot.Status.PLANNED,),
    BrightSpot.Status.PLANNED: (BrightSpot.Status.IMPLEMENTING,),
    BrightSpot.Status.IMPLEMENTING: (BrightSpot.Status.EVALUATED,),
    BrightSpot.Status.EVALUATED: (BrightSpot.Status.RECOGNISED, BrightSpot.Status.NOT_RECOGNISED),
    BrightSpot.Status.RECOGNISED: (),
    BrightSpot.Status.NOT_RECOGNISED: (),
}


@transaction.atomic
def committee_ensure(
    *,
    actor: Any,
    body: Body,
    standing_body: str = "",
    head_name: str = "",
    decision_ref: str = "",
    established_on: dt.date | None = None,
    party_committee: str = "",
    term_start: dt.date | None = None,
) -> SteeringCommittee:
    """The committee's details for its body; `party_committee` when it works under a Party
    committee (its reports then take the Party format, numbered per `term_start`'s term)."""
    if body.kind != Body.Kind.STEERING_COMMITTEE:
        raise DomainError(_("This body is not a steering committee."))
    committee, created = SteeringCommittee.objects.get_or_create(
        body=body,
        defaults={
            "standing_body": standing_body,
            "head_name": head_name,
            "decision_ref": decision_ref,
            "established_on": established_on,
            "party_committee": party_committee,
            "term_start": term_start,
        },
    )
    if created:
        audit(actor=actor, action="steering.committee_create", obj=committee, after=snapshot(committee))
    return committee


def _check_period(start: dt.date | None, end: dt.date | None) -> None:
    if start and end and end < start:
        raise DomainError(_("The end date cannot be before the start date."))


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    committee: SteeringCommittee,
    title: str,
    year: int | None = None,
    start_on: dt.date | None = None,
    end_on: dt.date | None = None,
    reference: str = "",
    targets: str = "",
    key_tasks: int = 0,
    specific_tasks: int = 0,
) -> Programme:
    require_manage(actor, committee)
    title = checked_text(title, label=_("Title"), limit=500)
    if not title:
        raise DomainError(_("Give the programme a title."))
    reference = checked_text(reference, label=_("Document number and symbol"), limit=120)
    targets = checked_text(targets, label=_("Targets"), limit=TEXT_MAX)
    _check_period(start_on, end_on)
    if year is None:
        year = (start_on or timezone.localdate()).year
    p = Programme.objects.create(
        committee=committee,
        year=year,
        title=title,
        reference=reference,
        start_on=start_on,
        end_on=end_on,
        targets=targets,
        key_tasks=key_tasks,
        specific_tasks=specific_tasks,
    )
    audit(actor=actor, action="steering.programme_create", obj=p, after=snapshot(p))
    return p


@transaction.atomic
def programme_complete(*, actor: Any, programme: Programme, on: dt.date | None = None) -> Programme:
    require_manage(actor, programme.committee)
    if programme.status == Programme.Status.DONE:
        raise Conflict(_("This programme is already marked done."))
    before = snapshot(programme, ["status"])
    programme.status, programme.done_on = Programme.Status.DONE, on or timezone.localdate()
    programme.save(update_fields=["status", "done_on"])
    audit(
        actor=actor,
        action="steering.programme_complete",
        obj=programme,
        before=before,
        after=snapshot(programme, ["status", "done_on"]),
    )
    return programme


@transaction.atomic
def inspection_plan(
    *,
    actor: Any,
    committee: SteeringCommittee,
    title: str,
    planned_on: dt.date,
    units: list[tuple[Place, str]],
    planned_until: dt.date | None = None,
    content: str = "",
    bodies: list[Body] | None = None,
) -> Inspection:
    require_manage(actor, committee)
    title = checked_text(title, label=_("Title"), limit=500)
    if not title:
        raise DomainError(_("Give the inspection a title."))
    content = checked_text(content, label=_("Content"), limit=TEXT_MAX)
    _check_period(planned_on, planned_until)
    if not units and not bodies:
        raise DomainError(_("Name at least one unit to inspect."))
    for place, _name in units:
        if not place.is_within(committee.place):
            raise DomainError(_("%(place)s is outside the committee's area.") % {"place": place.name})
    insp = Inspection.objects.create(
        committee=committee,
        title=title,
        planned_on=planned_on,
        planned_until=planned_until,
        content=content,
    )
    InspectedUnit.objects.bulk_create(
        [InspectedUnit(inspection=insp, place=p, unit_name=n) for p, n in units]
    )
    for body in bodies or []:
        if not body.place.is_within(committee.place):
            raise DomainError(_("%(place)s is outside the committee's area.") % {"place": body.name})
        InspectedUnit.objects.create(inspection=insp, place=body.place, unit_name=body.name, body=body)
    notify_inspected(insp)
    audit(
        actor=actor,
        action="steering.inspection_plan",
        obj=insp,
        after={**snapshot(insp), "units": [p.code for p, _n in units]},
    )
    return insp


@transaction.atomic
def inspection_record(
    *,
    actor: Any,
    inspection: Inspection,
    done_on: dt.date,
    findings: str,
    recommendations: list[str] | None = None,
) -> Inspection:
    """Findings close the inspection; each non-empty recommendation is kept to be followed up."""
    require_manage(actor, inspection.committee)
    if inspection.status == Inspection.Status.DONE:
        raise Conflict(_("The findings of this inspection are already recorded."))
    findings = checked_text(findings, label=_("Findings"), limit=TEXT_MAX)
    if not findings:
        raise DomainError(_("Write the findings."))
    texts = [checked_text(t, label=_("Recommendation"), limit=NOTE_MAX) for t in recommendations or []]
    texts = [t for t in texts if t]
    if done_on < inspection.planned_on:
        raise DomainError(_("The inspection cannot be carried out before the date it was planned for."))
    before = snapshot(inspection, ["status"])
    inspection.status, inspection.done_on, inspection.findings = (
        Inspection.Status.DONE,
        done_on,
        findings,
    )
    inspection.save(update_fields=["status", "done_on", "findings"])
    Recommendation.objects.bulk_create([Recommendation(inspection=inspection, text=t) for t in texts])
    audit(
        actor=actor,
        action="steering.inspection_record",
        obj=inspection,
        before=before,
        after={**snapshot(inspection, ["status", "done_on"]), "recommendations": len(texts)},
    )
    return inspection


@transaction.atomic
def recommendation_resolve(
    *, actor: Any, recommendation: Recommendation, resolution: str = "", on: dt.date | None = None
) -> Recommendation:
    require_manage(actor, recommendation.inspection.committee)
    if recommendation.status == Recommendation.Status.RESOLVED:
        raise Conflict(_("This recommendation is already marked resolved."))
    resolution = checked_text(resolution, label=_("How it was resolved"), limit=NOTE_MAX)
    before = snapshot(recommendation, ["status"])
    recommendation.status = Recommendation.Status.RESOLVED
    recommendation.resolved_on = on or timezone.localdate()
    recommendation.resolution = resolution
    recommendation.save(update_fields=["status", "resolved_on", "resolution"])
    audit(
        actor=actor,
        action="steering.recommendation_resolve",
        obj=recommendation,
        before=before,
        after=snapshot(recommendation, ["status", "resolved_on"]),
    )
    return recommendation


@transaction.atomic
def bright_spot_register(
    *,
    actor: Any,
    committee: SteeringCommittee,
    place: Place,
    name: str,
    address: str,
    field: str = BrightSpot.Field.QCDC,
    year: int | None = None,
    registered_on: dt.date | None = None,
) -> BrightSpot:
    """A bright spot needs a specific name and address and is registered for a year (§11.2)."""
    require_manage(actor, committee)
    name = checked_text(name, label=_("Name"), limit=255)
    address = checked_text(address, label=_("Address"), limit=255)
    if not name or not address:
        raise DomainError(_("A bright spot needs a specific name and address."))
    if field not in BrightSpot.Field.values:
        raise DomainError(_("Choose a field."))
    if not place.is_within(committee.place):
        raise DomainError(_("%(place)s is outside the committee's area.") % {"place": place.name})
    day = registered_on or timezone.localdate()
    spot = BrightSpot.objects.create(
        committee=committee,
        place=place,
        name=name,
        address=address,
        field=field,
        year=year or day.year,
        registered_on=day,
    )
    audit(actor=actor, action="steering.bright_spot_register", obj=spot, after=snapshot(spot))
    return spot


@transaction.atomic
def bright_spot_advance(
    *, actor: Any, spot: BrightSpot, to: str, note: str = "", on: dt.date | None = None
) -> BrightSpot:
    require_manage(actor, spot.committee)
    if to not in BRIGHT_SPOT_FLOW.get(spot.status, ()):
        raise Conflict(
            _("A bright spot cannot go from “%(a)s” to “%(b)s”.")
            % {
                "a": spot.get_status_display(),
                "b": BrightSpot.Status(to).label if to in BrightSpot.Status.values else to,
            }
        )
    note = checked_text(note, label=_("Plan or evaluation"), limit=TEXT_MAX)
    if to == BrightSpot.Status.PLANNED and not note:
        raise DomainError(_("Attach the implementation plan."))
    if to == BrightSpot.Status.RECOGNISED:
        require_evidence(spot.field_kind, spot.evidence.all())
    before = snapshot(spot, ["status"])
    fields = ["status"]
    spot.status = to
    if to == BrightSpot.Status.PLANNED:
        spot.plan = note
        fields.append("plan")
    elif to == BrightSpot.Status.EVALUATED:
        spot.evaluation = note
        fields.append("evaluation")
    elif to == BrightSpot.Status.RECOGNISED:
        spot.recognised_on = on or timezone.localdate()
        fields.append("recognised_on")
    spot.save(update_fields=fields)
    audit(
        actor=actor,
        action="steering.bright_spot_advance",
        obj=spot,
        before=before,
        after=snapshot(spot, fields),
    )
    return spot


@transaction.atomic
def model_register(
    *, actor: Any, place: Place, name: str, field: str, year: int, registered_on: dt.date | None = None
) -> EmulationModel:
    m = EmulationModel.objects.create(
        place=place, name=name, field=field, year=year, registered_on=registered_on or timezone.localdate()
    )
    audit(actor=actor, action="steering.model_register", obj=m, after=snapshot(m))
    return m


@transaction.atomic
def model_recognise(
    *, actor: Any, model: EmulationModel, level: str, on: dt.date | None = None
) -> EmulationModel:
    if model.status == EmulationModel.Status.RECOGNISED:
        raise Conflict(_("This model is already recognised."))
    require_evidence(Criterion.Kind.DAN_VAN_KHEO, model.evidence.all())
    before = snapshot(model, ["status"])
    model.status, model.recognised_level, model.recognised_on = (
        EmulationModel.Status.RECOGNISED,
        level,
        on or timezone.localdate(),
    )
    model.save(update_fields=["status", "recognised_level", "recognised_on"])
    audit(
        actor=actor,
        action="steering.model_recognise",
        obj=model,
        before=before,
        after=snapshot(model, ["status"]),
    )
    return model


@transaction.atomic
def award_grant(
    *,
    actor: Any,
    kind: str,
    recipient: str,
    place: Place,
    reason: str,
    issuer: str,
    issued_on: dt.date,
    reference: str = "",
    bright_spot: BrightSpot | None = None,
    emulation_model: EmulationModel | None = None,
    recipient_kind: str = Award.RecipientKind.COLLECTIVE,
    field: str = Award.AwardField.QCDC,
) -> Award:
    if kind not in Award.Kind.values:
        raise DomainError(_("Unknown kind of award."))
    if recipient_kind not in Award.RecipientKind.values or field not in Award.AwardField.values:
        raise DomainError(_("Say whether the award goes to a collective or an individual, and its field."))
    recipient = checked_text(recipient, label=_("Recipient"), limit=255)
    reason = checked_text(reason, label=_("Reason"), limit=NOTE_MAX)
    reference = checked_text(reference, label=_("Decision number and symbol"), limit=120)
    if not recipient or not reason:
        raise DomainError(_("Name the recipient and the reason."))
    if issued_on > timezone.localdate():
        raise DomainError(_("The date cannot be in the future."))
    award = Award.objects.create(
        kind=kind,
        recipient=recipient,
        place=place,
        reason=reason,
        issuer=issuer,
        issued_on=issued_on,
        reference=reference,
        bright_spot=bright_spot,
        emulation_model=emulation_model,
        recipient_kind=recipient_kind,
        field=field,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit(actor=actor, action="steering.award_grant", obj=award, after=snapshot(award))
    return award
