"""Recommendations to the competent person: made, answered, followed up, resolved.

One model serves the boards' matters and the Front's supervisions. A recommendation cannot be marked
resolved before the authority has answered it; when every recommendation of a matter is resolved, the
matter is resolved.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danchu.core.calendar import add_calendar_days, today
from danchu.core.errors import Conflict, DomainError
from danchu.core.formats import number
from danchu.core.i18n import later

from ..models import Matter, Recommendation, Supervision
from ..permissions import is_addressee
from ..rules import in_force
from .common import day, record, tell, text
from .matters import check_not_interested

FIELDS = ["status", "addressee", "addressee_person_id", "made_on", "due_on", "answered_on", "resolved_on"]


@transaction.atomic
def recommendation_make(
    *,
    actor: Any,
    addressee: str,
    content: str,
    matter: Matter | None = None,
    supervision: Supervision | None = None,
    addressee_person: Any = None,
    due_on: dt.date | None = None,
    on: dt.date | None = None,
) -> Recommendation:
    if (matter is None) == (supervision is None):
        raise DomainError(_("A recommendation comes from a matter or a supervision."))
    made = day(on, label=_("Date"))
    if matter is not None:
        check_not_interested(actor, matter)
        if matter.status not in (Matter.Status.CONCLUDED, Matter.Status.RECOMMENDED):
            raise Conflict(_("Recommendations follow the board's conclusion."))
        if matter.concluded_on and made < matter.concluded_on:
            raise DomainError(_("A recommendation cannot come before the conclusion."))
    if supervision is not None and supervision.status != Supervision.Status.CONCLUDED:
        raise Conflict(_("Recommendations follow the supervision's findings."))
    if supervision is not None and supervision.concluded_on and made < supervision.concluded_on:
        raise DomainError(_("A recommendation cannot come before the supervision's findings."))
    due = due_on or add_calendar_days(made, in_force("answer_days", made).value)
    if due < made:
        raise DomainError(_("The answer cannot be due before the recommendation is made."))
    rec = Recommendation.objects.create(
        matter=matter,
        supervision=supervision,
        addressee=text(addressee, label=_("Competent person"), limit=300),
        addressee_person=addressee_person,
        content=text(content, label=_("Recommendation"), limit=10000),
        made_on=made,
        due_on=due,
    )
    if matter is not None:
        fields = ["status"]
        matter.status = Matter.Status.RECOMMENDED
        if matter.recommended_on is None:
            matter.recommended_on = made
            fields.append("recommended_on")
        if matter.resolved_on is not None:
            matter.resolved_on = None
            fields.append("resolved_on")
        matter.save(update_fields=fields)
    if addressee_person is not None:
        tell(
            [addressee_person],
            subject=later(
                lambda: _("A recommendation awaits your answer by %(date)s") % {"date": f"{due:%d/%m/%Y}"}
            ),
            body=rec.content[:500],
        )
    record(actor, "oversight.recommendation_make", rec, FIELDS)
    return rec


@transaction.atomic
def recommendation_answer(
    *, actor: Any, recommendation: Recommendation, answer: str, on: dt.date | None = None
) -> Recommendation:
    """The competent person answers (what they did or will do); or the board or the Front records a
    written answer received on paper, dated `on` (the reply's date). The entry points date the
    addressee's own answer the day it is sent (dated_here)."""
    rec = recommendation
    if rec.status != Recommendation.Status.OPEN:
        raise Conflict(_("This recommendation has already been answered."))
    rec.answer = text(answer, label=_("Answer"), limit=10000)
    rec.answered_on = day(on, label=_("Date"))
    if rec.answered_on < rec.made_on:
        raise DomainError(_("The answer cannot come before the recommendation."))
    rec.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    rec.status = Recommendation.Status.ANSWERED
    rec.save(update_fields=["answer", "answered_on", "answered_by", "status"])
    record(actor, "oversight.recommendation_answer", rec, FIELDS)
    return rec


def dated_here(person: Any, rec: Recommendation, on: dt.date | None) -> dt.date | None:
    """The date an answer is recorded with: the addressee's own answer is dated the day it is sent
    (the on-time rate counts these dates); the board or the Front gives a paper answer's date."""
    if on is not None and is_addressee(person, rec) and on != today():
        raise DomainError(_("An answer sent here is dated the day it is sent."))
    return on


@transaction.atomic
def recommendation_follow_up(
    *, actor: Any, recommendation: Recommendation, note: str, on: dt.date | None = None
) -> Recommendation:
    rec = recommendation
    if rec.status == Recommendation.Status.RESOLVED:
        # A resolved recommendation is closed: its record is not written to any more.
        raise Conflict(_("This recommendation is already resolved."))
    if rec.matter is not None:
        check_not_interested(actor, rec.matter)
    when = day(on, label=_("Date"))
    if when < rec.made_on:
        raise DomainError(_("A follow-up comes after the recommendation."))
    line = f"{when:%d/%m/%Y}: {text(note, label=_('Follow-up'), limit=2000)}"
    if len(rec.follow_up) + len(line) > 20000:
        raise DomainError(
            _("%(field)s is too long (at most %(n)s characters).")
            % {"field": _("Follow-up"), "n": number(20000)}
        )
    rec.follow_up = f"{rec.follow_up}\n{line}".strip()
    rec.save(update_fields=["follow_up"])
    record(actor, "oversight.recommendation_follow_up", rec, ["follow_up"])
    return rec


@transaction.atomic
def recommendation_resolve(
    *, actor: Any, recommendation: Recommendation, resolution: str, on: dt.date | None = None
) -> Recommendation:
    """Close a recommendation: only once the authority has answered it."""
    rec = recommendation
    if rec.status == Recommendation.Status.OPEN:
        raise Conflict(_("A recommendation cannot be closed before the competent person has answered it."))
    if rec.status == Recommendation.Status.RESOLVED:
        raise Conflict(_("This recommendation is already resolved."))
    if rec.matter is not None:
        check_not_interested(actor, rec.matter)
    rec.resolution = text(resolution, label=_("Resolution"), limit=10000)
    rec.resolved_on = day(on, label=_("Date"))
    assert rec.answered_on is not None
    if rec.resolved_on < rec.answered_on:
        raise DomainError(_("A recommendation is resolved after it is answered."))
    rec.status = Recommendation.Status.RESOLVED
    rec.save(update_fields=["resolution", "resolved_on", "status"])
    matter = rec.matter
    if (
        matter is not None
        and not matter.recommendations.exclude(status=Recommendation.Status.RESOLVED).exists()
    ):
        matter.status = Matter.Status.RESOLVED
        matter.resolved_on = rec.resolved_on
        matter.save(update_fields=["status", "resolved_on"])
        record(actor, "oversight.matter_resolve", matter, ["status", "resolved_on"])
    record(actor, "oversight.recommendation_resolve", rec, FIELDS)
    return rec
