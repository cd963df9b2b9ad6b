"""Dismissal of a village head ("cho thôi làm", miễn nhiệm/bãi nhiệm; Decree 59 Art. 9, DOMAIN.md §3.4).

The path reuses the meeting machinery: a proposal (the head's own request, or the head of the village
Front work committee's proposal with the reason), an agenda item on matter 4 of Art. 15 voted by secret
ballot at a community meeting of the village (`item_count_secret` per box, then the chair's
`item_confirm`), whose result is computed like every decision against ALL households registered in the
village that day: dismissal needs more than half of them (rule `pass_percent`, 50% by default; Joint
Resolution 09/2008 used the same "more than 50% of all voters or household representatives"). When the
chair confirms the item the dismissal records the result itself; the commune chairman then decides.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Membership, Role
from danchu.accounts.permissions import can_act_in_place
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Level, Place

from ..models import AgendaItem, Dismissal, Meeting
from ..permissions import can_run_in
from .meetings import clean

D = Dismissal.Status
OPEN = (D.PROPOSED, D.ON_AGENDA, D.VOTED)


@transaction.atomic
def dismissal_propose(
    *,
    actor: Any,
    village: Place,
    holder_name: str,
    trigger: str,
    reason: str,
    proposer_name: str,
    holder: Any = None,
) -> Dismissal:
    """Record the request or proposal (received by the village head's office or the commune)."""
    if village.level != Level.VILLAGE:
        raise DomainError(
            _("A village head is dismissed by a village or residential group."), code="not_village"
        )
    if not can_run_in(actor, village):
        raise Forbidden(_("You may only record a dismissal proposal for your own village."))
    if trigger not in Dismissal.Trigger.values:
        raise DomainError(_("Unknown grounds for the dismissal."), code="bad_trigger")
    holder_name = clean(holder_name, limit=200, what=_("The village head's name"))
    proposer_name = clean(proposer_name, limit=200, what=_("The proposer's name"))
    reason = clean(reason, limit=5000, what=_("The reason"))
    if not holder_name or not proposer_name or not reason:
        raise DomainError(
            _("Give the village head's name, who proposes the dismissal and the reason."), code="required"
        )
    Place.objects.select_for_update().filter(pk=village.pk).first()  # one proposal at a time
    if Dismissal.objects.filter(village=village, status__in=OPEN).exists():
        raise Conflict(_("A dismissal of this village's head is already under way."), code="already_open")
    d = Dismissal.objects.create(
        village=village,
        holder_name=holder_name,
        holder=holder,
        trigger=trigger,
        reason=reason,
        proposer_name=proposer_name,
        created_by=actor,
    )
    audit(
        actor=actor,
        action="meetings.dismissal_propose",
        obj=d,
        after=snapshot(d, ["village_id", "holder_name", "trigger", "reason", "proposer_name"]),
    )
    return d


@transaction.atomic
def dismissal_put_to_vote(*, actor: Any, dismissal: Dismissal, item: AgendaItem) -> Dismissal:
    """Put the dismissal on a meeting's agenda: an item on matter 4 (election or dismissal of the
    village head) of a meeting of the same village, voted by secret ballot, not yet decided."""
    d = Dismissal.objects.select_for_update().select_related("village").get(pk=dismissal.pk)
    if not can_run_in(actor, d.village):
        raise Forbidden(_("You may only run a dismissal in your own village."))
    if d.status != D.PROPOSED:
        raise Conflict(_("This dismissal is already on a meeting's agenda or decided."), code="not_proposed")
    it = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)
    if it.meeting.village_id != d.village_id:
        raise DomainError(_("The item belongs to a meeting of another village."), code="other_village")
    if (
        it.kind not in (AgendaItem.Kind.DECIDE, AgendaItem.Kind.ELECT)
        or it.matter != AgendaItem.Matter.VILLAGE_HEAD
    ):
        raise DomainError(
            _("A dismissal is voted on an item about the election or dismissal of the village head."),
            code="bad_item",
        )
    if it.method != AgendaItem.Method.SECRET:
        raise DomainError(_("A dismissal is voted by secret ballot."), code="not_secret")
    if it.status != AgendaItem.Status.PENDING or it.meeting.status in (
        Meeting.Status.CLOSED,
        Meeting.Status.CONFIRMED,
        Meeting.Status.CANCELLED,
    ):
        raise Conflict(_("The item has already been voted on."), code="item_voted")
    if Dismissal.objects.filter(item=it).exists():
        raise Conflict(_("This item already carries another dismissal."), code="item_taken")
    d.item, d.status = it, D.ON_AGENDA
    d.save(update_fields=["item", "status"])
    audit(
        actor=actor,
        action="meetings.dismissal_agenda",
        obj=d,
        after={"item": it.pk, "meeting": it.meeting_id},
    )
    return d


def dismissal_record(*, actor: Any, item: AgendaItem) -> Dismissal | None:
    """Called by `item_confirm` (inside its transaction) once the chair confirms the item's count:
    the dismissal on that item takes the result."""
    d = Dismissal.objects.select_for_update().filter(item=item, status=D.ON_AGENDA).first()
    if d is None:
        return None
    d.status = D.VOTED if item.passed else D.REJECTED
    d.outcome = item.outcome[:300]
    d.save(update_fields=["status", "outcome"])
    audit(
        actor=actor, action="meetings.dismissal_vote", obj=d, after={"status": d.status, "outcome": d.outcome}
    )
    return d


def dismissal_off_agenda(*, actor: Any, meeting: Meeting) -> None:
    """Called by `meeting_cancel` (inside its transaction): a dismissal on an item of the cancelled
    meeting awaits another meeting (else it would block every later proposal of the village)."""
    for d in Dismissal.objects.select_for_update().filter(item__meeting=meeting, status=D.ON_AGENDA):
        before = {"item": d.item_id, "status": d.status}
        d.item, d.status = None, D.PROPOSED
        d.save(update_fields=["item", "status"])
        audit(
            actor=actor,
            action="meetings.dismissal_off_agenda",
            obj=d,
            before=before,
            after={"status": d.status},
        )


@transaction.atomic
def dismissal_decide(*, actor: Any, dismissal: Dismissal, decision_number: str) -> Dismissal:
    """The commune chairman's decision on a dismissal the households approved; the holder's village
    head role (when they have an account) ends today."""
    d = Dismissal.objects.select_for_update().select_related("village").get(pk=dismissal.pk)
    if not can_act_in_place(actor, d.village, {Role.COMMUNE_CHAIRMAN}):
        raise Forbidden(_("Only the commune chairman decides a village head's dismissal."))
    if d.status != D.VOTED:
        raise Conflict(
            _("The commune decides only a dismissal the households approved by the required majority."),
            code="not_voted",
        )
    number = clean(decision_number, limit=100, what=_("The decision number"))
    if not number:
        raise DomainError(_("Give the number of the commune's decision."), code="required")
    today = timezone.localdate()
    d.status, d.decision_number, d.decided_by, d.decided_on = D.DECIDED, number, actor, today
    d.save(update_fields=["status", "decision_number", "decided_by", "decided_on"])
    ended = []
    if d.holder_id:
        from danchu.accounts.services import membership_end

        for m in Membership.objects.active(today).filter(
            person_id=d.holder_id, role=Role.VILLAGE_HEAD, place=d.village
        ):
            membership_end(actor=actor, membership=m, on=today)
            ended.append(m.pk)
    audit(
        actor=actor,
        action="meetings.dismissal_decide",
        obj=d,
        after={"status": d.status, "decision_number": number, "memberships_ended": ended},
    )
    return d
