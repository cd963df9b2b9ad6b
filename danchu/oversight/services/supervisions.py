"""Supervisions (cuộc giám sát) of the Fatherland Front at commune and province level."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danchu.accounts.models import Body
from danchu.core.errors import Conflict, DomainError

from ..models import Recommendation, Supervision, Topic
from .common import day, not_too_early, record, text

S = Supervision.Status
FIELDS = [
    "front_id",
    "title",
    "topic",
    "status",
    "planned_from",
    "planned_to",
    "started_on",
    "concluded_on",
    "closed_on",
]


@dataclass(frozen=True)
class SupervisionData:
    title: str
    topic: str
    supervised_body: str
    plan: str
    planned_from: dt.date
    planned_to: dt.date
    members: str = ""
    coordinating: str = ""


def _require(s: Supervision, *states: str) -> None:
    if s.status not in states:
        raise Conflict(
            _("This step is not possible while the supervision is “%(status)s”.")
            % {"status": s.get_status_display()}
        )


@transaction.atomic
def supervision_plan(*, actor: Any, front: Body, data: SupervisionData) -> Supervision:
    if front.kind != Body.Kind.FATHERLAND_FRONT:
        raise DomainError(_("Supervisions are planned by a Fatherland Front committee."))
    if data.topic not in Topic.values:
        raise DomainError(_("Choose a topic."))
    if data.planned_to < data.planned_from:
        raise DomainError(_("The supervision must end after it starts."))
    not_too_early(data.planned_from, label=_("From"))
    s = Supervision.objects.create(
        front=front,
        title=text(data.title, label=_("Title"), limit=255),
        topic=data.topic,
        supervised_body=text(data.supervised_body, label=_("Supervised body"), limit=300),
        plan=text(data.plan, label=_("Plan"), limit=20000),
        members=text(data.members, label=_("Supervision team"), limit=5000, required=False),
        coordinating=text(
            data.coordinating, label=_("With the mass organisations"), limit=300, required=False
        ),
        planned_from=data.planned_from,
        planned_to=data.planned_to,
    )
    record(actor, "oversight.supervision_plan", s, FIELDS)
    return s


@transaction.atomic
def supervision_start(*, actor: Any, supervision: Supervision, on: dt.date | None = None) -> Supervision:
    _require(supervision, S.PLANNED)
    supervision.started_on = day(on, label=_("Date"))
    supervision.status = S.IN_PROGRESS
    supervision.save(update_fields=["started_on", "status"])
    record(actor, "oversight.supervision_start", supervision, FIELDS)
    return supervision


@transaction.atomic
def supervision_conclude(
    *, actor: Any, supervision: Supervision, findings: str, public: bool = False, on: dt.date | None = None
) -> Supervision:
    _require(supervision, S.IN_PROGRESS)
    concluded = day(on, label=_("Date"))
    if supervision.started_on and concluded < supervision.started_on:
        raise DomainError(_("The conclusion cannot come before the supervision started."))
    supervision.findings = text(findings, label=_("Findings"), limit=20000)
    supervision.public = bool(public)
    supervision.concluded_on = concluded
    supervision.status = S.CONCLUDED
    supervision.save(update_fields=["findings", "public", "concluded_on", "status"])
    record(actor, "oversight.supervision_conclude", supervision, FIELDS)
    return supervision


@transaction.atomic
def supervision_close(*, actor: Any, supervision: Supervision, on: dt.date | None = None) -> Supervision:
    """Close a supervision once every recommendation was answered and resolved."""
    _require(supervision, S.CONCLUDED)
    if supervision.recommendations.exclude(status=Recommendation.Status.RESOLVED).exists():
        raise Conflict(_("Some recommendations are not resolved yet."))
    closed = day(on, label=_("Date"))
    last = supervision.recommendations.aggregate(last=Max("resolved_on"))["last"]
    if (supervision.concluded_on and closed < supervision.concluded_on) or (last and closed < last):
        raise DomainError(
            _("A supervision is closed after its findings and the last resolved recommendation.")
        )
    supervision.closed_on = closed
    supervision.status = S.CLOSED
    supervision.save(update_fields=["closed_on", "status"])
    record(actor, "oversight.supervision_close", supervision, FIELDS)
    return supervision
