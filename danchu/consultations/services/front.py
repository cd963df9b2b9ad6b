"""The Fatherland Front's comments on drafts and its social critique conferences."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import DomainError, Forbidden
from danchu.places.models import Place

from ..models import CritiqueConference, FrontComment
from ..permissions import can_manage_front
from .common import text


def _not_future(day: dt.date, label: str) -> None:
    """These records tell what has happened: a date after today is a typing mistake (9999, 2062)."""
    if day > timezone.localdate():
        raise DomainError(_("%(field)s cannot be after today.") % {"field": label}, code="date_in_future")


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
    _not_future(data.commented_on, _("Commented on"))
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
    _not_future(data.held_on, _("Held on"))
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
    _not_future(answered_on, _("Answered on"))
    asked_on = record.commented_on if isinstance(record, FrontComment) else record.held_on
    if answered_on < asked_on:
        raise DomainError(
            _("The answer cannot come before the comments it answers (%(date)s).")
            % {"date": asked_on.strftime("%d/%m/%Y")},
            code="answer_before_comments",
        )
    before = {"answer": record.answer, "answered_on": str(record.answered_on or "")}
    record.answer = text(answer, label=_("Answer of the drafting body"), max_length=10000)
    record.answered_on = answered_on
    record.save(update_fields=["answer", "answered_on"])
    audit(
        actor=actor,
        action="consultations.front_answer",
        obj=record,
        before=before if before["answer"] else None,
        after={"answered_on": str(answered_on)},
    )
    return record
