"""Works: decision → work → progress → acceptance → handover (Decidim's accountability)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError
from danchu.places.models import Level, Place

from ..models import Photo, ProgressUpdate, Work
from ..photos import clean_photos
from .common import clean_text, dong, not_future, quantity


@dataclass
class WorkData:
    title: str
    investor: str
    decision_number: str
    decision_date: dt.date
    decision_issuer: str
    villages: list[Place] = field(default_factory=list)
    kind: str = Work.Kind.ROAD
    purpose: str = ""
    contractor: str = ""
    consultant: str = ""
    location: str = ""
    budget_state: Any = 0
    budget_people: Any = 0
    budget_labour: Any = 0
    budget_sponsors: Any = 0
    land_m2: Any = 0
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    plan: str = ""
    decision_ref: str = ""
    decided_item: int | None = None  # a meetings AgendaItem id (meetings.queries.work_decisions)


def _position(value: Any) -> tuple[float, float]:
    if (
        not isinstance(value, list)
        or len(value) < 2
        or not all(isinstance(v, int | float) for v in value[:2])
    ):
        raise ValueError
    lng, lat = float(value[0]), float(value[1])
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise ValueError
    return lng, lat


def clean_location(text: str) -> str:
    """A GeoJSON Point or LineString (≤ 500 points), re-serialised; empty when none."""
    text = clean_text(text, field=_("Location"), max_length=20000)
    if not text:
        return ""
    try:
        geo = json.loads(text)
        if not isinstance(geo, dict):
            raise ValueError
        kind, coords = geo.get("type"), geo.get("coordinates")
        if kind == "Point":
            points = [_position(coords)]
        elif kind == "LineString" and isinstance(coords, list) and 2 <= len(coords) <= 500:
            points = [_position(c) for c in coords]
        else:
            raise ValueError
    except (ValueError, TypeError):
        raise DomainError(
            _("The location must be a GeoJSON Point or LineString with [longitude, latitude] positions.")
        ) from None
    coordinates: Any = list(points[0]) if kind == "Point" else [list(p) for p in points]
    return json.dumps({"type": kind, "coordinates": coordinates})


@transaction.atomic
def _decided_item(data: WorkData) -> Any:
    """The meeting item that decided the work: a passed Art. 15 matter 1–2 decision of one of the
    work's villages, taken no later than the work's decision."""
    if data.decided_item is None:
        return None
    from danchu.meetings.queries import work_decisions

    item = work_decisions(data.villages).filter(pk=data.decided_item).first()
    if item is None:
        raise DomainError(
            _(
                "That meeting item is not a passed decision of the work's villages on contributions "
                "or funds (Law 10/2022 Art. 15, matters 1–2)."
            )
        )
    if item.meeting.meeting_day > data.decision_date:
        raise DomainError(
            _("The decision date is before the meeting that decided the work (%(d)s).")
            % {"d": item.meeting.meeting_day.strftime("%d/%m/%Y")}
        )
    return item


def work_create(*, by: Any, commune: Place, data: WorkData) -> Work:
    """Caller has checked that `by` may manage works of `commune`."""
    if commune.level != Level.COMMUNE:
        raise DomainError(_("A work belongs to a commune."))
    if not data.villages:
        raise DomainError(_("Choose at least one village of the work."))
    if any(v.parent_id != commune.pk for v in data.villages):
        raise DomainError(_("Every village of the work must be in the commune."))
    if data.kind not in Work.Kind.values:
        raise DomainError(_("Unknown kind of work."))
    not_future(data.decision_date, field=_("Decision date"))
    if data.planned_start and data.planned_end and data.planned_end < data.planned_start:
        raise DomainError(_("The planned end is before the planned start."))
    item = _decided_item(data)
    work = Work(
        commune=commune,
        title=clean_text(data.title, field=pgettext("work", "Title"), max_length=255, required=True),
        kind=data.kind,
        purpose=clean_text(data.purpose, field=_("Purpose"), max_length=5000),
        investor=clean_text(data.investor, field=_("Investor"), max_length=255, required=True),
        contractor=clean_text(data.contractor, field=_("Contractor"), max_length=255),
        consultant=clean_text(data.consultant, field=_("Supervision consultant"), max_length=255),
        location=clean_location(data.location),
        budget_state=dong(data.budget_state, field=_("State budget")),
        budget_people=dong(data.budget_people, field=_("People's money")),
        budget_labour=dong(data.budget_labour, field=_("Labour days valued")),
        budget_sponsors=dong(data.budget_sponsors, field=_("Sponsors")),
        land_m2=quantity(data.land_m2, field=_("Donated land")),
        planned_start=data.planned_start,
        planned_end=data.planned_end,
        plan=clean_text(data.plan, field=_("Plan and schedule"), max_length=5000),
        decision_number=clean_text(
            data.decision_number, field=_("Decision number"), max_length=64, required=True
        ),
        decision_date=data.decision_date,
        decision_issuer=clean_text(data.decision_issuer, field=_("Issued by"), max_length=255, required=True),
        decision_ref=clean_text(data.decision_ref, field=_("Meeting item"), max_length=64),
        decided_item=item,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    work.save()
    work.villages.set(data.villages)
    audit(
        actor=by,
        action="works.create",
        obj=work,
        after={"title": work.title, "total": str(work.budget_total)},
    )
    return work


def _open(work: Work) -> None:
    if work.stage in (Work.Stage.ACCEPTED, Work.Stage.HANDED_OVER):
        raise Conflict(_("The work has been accepted; its progress is final."))


@transaction.atomic
def progress_add(
    *,
    work: Work,
    by: Any,
    on: dt.date,
    percent: int,
    note: str = "",
    photos: list[tuple[bytes, str]] | None = None,
) -> ProgressUpdate:
    work = Work.objects.select_for_update().get(pk=work.pk)
    _open(work)
    not_future(on, field=_("Date"))
    if on < work.decision_date:
        raise DomainError(_("Progress cannot be dated before the decision that started the work."))
    if not 0 <= percent <= 100:
        raise DomainError(_("Progress is a percentage between 0 and 100."))
    if percent < work.progress:
        raise DomainError(_("Progress cannot go back: it was %(p)d%%.") % {"p": work.progress})
    last = work.updates.order_by("-on").first()
    if last is not None and on < last.on:
        raise DomainError(_("An update cannot be dated before the previous one."))
    files = clean_photos(photos or [])
    update = ProgressUpdate.objects.create(
        work=work, on=on, percent=percent, note=clean_text(note, field=_("Note"), max_length=2000), by=by
    )
    for f in files:
        Photo.objects.create(work=work, progress=update, image=f)
    before = {"progress": work.progress, "stage": work.stage}
    work.progress = percent
    work.stage = Work.Stage.UNDER_WAY
    work.save(update_fields=["progress", "stage"])
    audit(
        actor=by, action="works.progress", obj=work, before=before, after={"progress": percent, "on": str(on)}
    )
    return update


@transaction.atomic
def work_accept(*, work: Work, by: Any, on: dt.date, note: str) -> Work:
    """Nghiệm thu: only of a finished work, and not dated before the progress it reports."""
    work = Work.objects.select_for_update().get(pk=work.pk)
    _open(work)
    finished = work.updates.filter(percent=100).order_by("on").first()
    if finished is None:
        raise DomainError(_("The work can be accepted only after an update reports it complete."))
    not_future(on, field=_("Acceptance date"))
    if on < finished.on:
        raise DomainError(
            _("The acceptance cannot precede the progress it reports (100%% on %(d)s).")
            % {"d": finished.on.strftime("%d/%m/%Y")}
        )
    work.accepted_on = on
    work.acceptance_note = clean_text(note, field=_("Acceptance record"), max_length=5000, required=True)
    work.stage = Work.Stage.ACCEPTED
    work.save(update_fields=["accepted_on", "acceptance_note", "stage"])
    audit(actor=by, action="works.accept", obj=work, after={"accepted_on": str(on)})
    return work


@transaction.atomic
def work_hand_over(*, work: Work, by: Any, on: dt.date, to: str) -> Work:
    work = Work.objects.select_for_update().get(pk=work.pk)
    if work.stage != Work.Stage.ACCEPTED or work.accepted_on is None:
        raise Conflict(_("Only an accepted work can be handed over."))
    not_future(on, field=_("Handover date"))
    if on < work.accepted_on:
        raise DomainError(_("The handover cannot precede the acceptance."))
    work.handed_over_on = on
    work.handed_over_to = clean_text(to, field=_("Handed over to"), max_length=255, required=True)
    work.stage = Work.Stage.HANDED_OVER
    work.save(update_fields=["handed_over_on", "handed_over_to", "stage"])
    audit(actor=by, action="works.hand_over", obj=work, after={"on": str(on), "to": work.handed_over_to})
    return work
