"""The Fatherland Front's comments on drafts and its social critique conferences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import DomainError, Forbidden
from danchu.places.models import Place

from ..models import CritiqueConference, FrontComment
from ..permissions import can_manage_front
from .common import text


def _require(actor: Any, place: Place) -> None:
    if not can_manage_front(actor, FrontComment(place=place)):
        raise Forbidden(_("Only the Fatherland Front officers of the unit may record this."))


@dataclass
class FrontCommentInput:
    place: Place
    draft_title: str
    drafting_body: str
    commented_on: dt.date
    comments: str
    internal: bool = True


@transaction.atomic
def front_comment_record(*, actor: Any, data: FrontCommentInput) -> FrontComment:
    _require(actor, data.place)
    fc = FrontComment.objects.create(
        place=data.place,
        draft_title=text(data.draft_title, label=_("Draft"), max_length=500),
        drafting_body=text(data.drafting_body, label=_("Drafting body"), max_length=255),
        internal=data.internal,
        commented_on=data.commented_on,
        comments=text(data.comments, label=_("The Front's comments"), max_length=10000),
        created_by=actor,
    )
    audit(actor=actor, action="consultations.front_comment", obj=fc, after={"draft": fc.draft_title})
    return fc


@dataclass
class ConferenceInput:
    place: Place
    title: str
    draft_title: str
    drafting_body: str
    held_on: dt.date
    participants: str
    participant_count: int
    conclusions: str


@transaction.atomic
def conference_record(*, actor: Any, data: ConferenceInput) -> CritiqueConference:
    _require(actor, data.place)
    if data.participant_count < 1:
        raise DomainError(_("A conference has at least one participant."), code="participants")
    conf = CritiqueConference.objects.create(
        place=data.place,
        title=text(data.title, label=_("Title"), max_length=500),
        draft_title=text(data.draft_title, label=_("Draft"), max_length=500),
        drafting_body=text(data.drafting_body, label=_("Drafting body"), max_length=255),
        held_on=data.held_on,
        participants=text(data.participants, label=_("Participants"), max_length=5000),
        participant_count=data.participant_count,
        conclusions=text(data.conclusions, label=_("Conclusions"), max_length=10000),
        created_by=actor,
    )
    audit(actor=actor, action="consultations.conference", obj=conf, after={"title": conf.title})
    return conf


@transaction.atomic
def drafting_answer_record(
    *, actor: Any, record: FrontComment | CritiqueConference, answer: str, answered_on: dt.date
) -> FrontComment | CritiqueConference:
    """The drafting body's answer to the Front's comments or conference conclusions."""
    _require(actor, record.place)
    record.answer = text(answer, label=_("Answer of the drafting body"), max_length=10000)
    record.answered_on = answered_on
    record.save(update_fields=["answer", "answered_on"])
    audit(
        actor=actor, action="consultations.front_answer", obj=record, after={"answered_on": str(answered_on)}
    )
    return record
