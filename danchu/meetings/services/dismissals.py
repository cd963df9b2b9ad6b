"""Dismissal ("cho thôi làm", miễn nhiệm/bãi nhiệm) by the village meeting, Law 10/2022 Art. 15 items 4–5:
of the village head (Decree 59 Art. 9, DOMAIN.md §3.4), or of a member the village elected to the
commune's People's Inspection Board or a community investment supervision board (DOMAIN.md §3.1 item 5,
§6.1).

The path reuses the meeting machinery: a proposal with its grounds and reason, an agenda item voted by
secret ballot at a community meeting of the village — on matter 4 of Art. 15 for the village head, on
matter 5 for a board member — (`item_count_secret` per box, then the chair's `item_confirm`), whose
result is computed like every decision against ALL households registered in the village that day:
dismissal needs more than half of them (rule `pass_percent`, 50% by default; Joint Resolution 09/2008
used the same "more than 50% of all voters or household representatives"). When the chair confirms the
item the dismissal records the result itself. Then the competent body decides: the commune chairman for
the village head, the commune Fatherland Front committee for a board member ([U] for both steps, as the
recognition of the election: DOMAIN.md §3.1). The holder's role ends with the decision; a board member's
seat on the board's own record ends too, through the module that keeps it (electorates.BOARD_SEAT_ENDS).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.permissions import forget
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Level, Place

from .. import queries
from ..electorates import BOARD_OF, BOARD_SEAT_ENDS
from ..models import AgendaItem, Dismissal, Election, Meeting
from ..permissions import can_decide_dismissal, can_propose_dismissal, can_run_in
from .meetings import clean

D = Dismissal.Status
T = Dismissal.Trigger
VILLAGE_HEAD = Election.Office.VILLAGE_HEAD
# Decree 59 Art. 9 [C]: the village head's own request, or the village Front work committee head's
# proposal. A board member: the commune Front proposes the removal to the village that elected them
# (DOMAIN.md §6.1 [C]); their own request (resignation) [C as a reason; its path U] and the village Front
# work committee head's proposal [U: Art. 9's path applied to the members the village elects].
TRIGGERS: dict[str, tuple[str, ...]] = {
    VILLAGE_HEAD: (T.OWN_REQUEST, T.FRONT_PROPOSAL),
    Election.Office.INSPECTION_BOARD: (T.OWN_REQUEST, T.FRONT_PROPOSAL, T.COMMUNE_FRONT),
    Election.Office.SUPERVISION_BOARD: (T.OWN_REQUEST, T.FRONT_PROPOSAL, T.COMMUNE_FRONT),
}


def _member(village: Place, office: str, holder: Any, board: Body | None) -> Any:
    """The sitting member `holder` of `board` whom the village elected (queries.sitting_members), or a
    refusal that says why: no account named, elected by another village, not sitting on that board."""
    if holder is None or board is None:
        raise DomainError(_("Choose the board member to dismiss."), code="required", detail=["member"])
    sitting = queries.sitting_members([village], office)
    if any(h.person.pk == holder.pk and h.body.pk == board.pk for h in sitting):
        return holder
    raise DomainError(
        _("%(person)s is not a sitting member of %(board)s elected by %(village)s.")
        % {"person": holder, "board": board.name, "village": village.name},
        code="not_member",
        detail=["member"],
    )


@transaction.atomic
def dismissal_propose(
    *,
    actor: Any,
    village: Place,
    trigger: str,
    reason: str,
    proposer_name: str,
    holder_name: str = "",
    holder: Any = None,
    office: str = VILLAGE_HEAD,
    board: Body | None = None,
) -> Dismissal:
    """Record the request or proposal (received by the village head's office, the commune or, for a
    board member, the commune Front). A board member is named by their account (`holder`) and their
    board (`board`, an accounts Body), among the members the village elected; their name is the
    account's unless `holder_name` gives it."""
    if village.level != Level.VILLAGE:
        raise DomainError(_("A dismissal is decided by a village or residential group."), code="not_village")
    if office not in TRIGGERS:
        raise DomainError(_("Unknown office."), code="bad_office")
    if not can_propose_dismissal(actor, village, office):
        raise Forbidden(_("You may only record a dismissal proposal for your own village."))
    if trigger == T.COMMUNE_FRONT and office == VILLAGE_HEAD:
        raise DomainError(
            _(
                "The commune Fatherland Front proposes the dismissal of a board member, not of the village head."
            ),
            code="bad_trigger",
            detail=["trigger"],
        )
    if trigger not in TRIGGERS[office]:
        raise DomainError(_("Unknown grounds for the dismissal."), code="bad_trigger", detail=["trigger"])
    holder_name = clean(holder_name, limit=200, what=_("The name of the person dismissed"))
    proposer_name = clean(proposer_name, limit=200, what=_("The proposer's name"))
    reason = clean(reason, limit=5000, what=_("The reason"))
    if office == VILLAGE_HEAD:
        board = None
    else:
        holder = _member(village, office, holder, board)
        holder_name = holder_name or str(holder)[:200]
    if not holder_name or not proposer_name or not reason:
        raise DomainError(
            _("Give the name of the person dismissed, who proposes the dismissal and the reason."),
            code="required",
        )
    Place.objects.select_for_update().filter(pk=village.pk).first()  # one proposal of a village at a time
    under_way = Dismissal.objects.open()
    if office == VILLAGE_HEAD and under_way.filter(village=village, office=VILLAGE_HEAD).exists():
        raise Conflict(_("A dismissal of this village's head is already under way."), code="already_open")
    if office != VILLAGE_HEAD and under_way.filter(board=board, holder=holder).exists():
        raise Conflict(
            _("A dismissal of %(person)s from this board is already under way.") % {"person": holder_name},
            code="already_open",
        )
    d = Dismissal.objects.create(
        village=village,
        office=office,
        board=board,
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
        after=snapshot(
            d,
            [
                "village_id",
                "office",
                "board_id",
                "holder_id",
                "holder_name",
                "trigger",
                "reason",
                "proposer_name",
            ],
        ),
    )
    return d


@transaction.atomic
def dismissal_put_to_vote(*, actor: Any, dismissal: Dismissal, item: AgendaItem) -> Dismissal:
    """Put the dismissal on a meeting's agenda: an item of a meeting of the same village on its matter
    (4: election or dismissal of the village head; 5: of board members), voted by secret ballot, not
    yet decided."""
    d = Dismissal.objects.select_for_update().select_related("village").get(pk=dismissal.pk)
    if not can_run_in(actor, d.village):
        raise Forbidden(_("You may only run a dismissal in your own village."))
    if d.status != D.PROPOSED:
        raise Conflict(_("This dismissal is already on a meeting's agenda or decided."), code="not_proposed")
    it = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting").get(pk=item.pk)
    if it.meeting.village_id != d.village_id:
        raise DomainError(_("The item belongs to a meeting of another village."), code="other_village")
    if it.kind not in (AgendaItem.Kind.DECIDE, AgendaItem.Kind.ELECT) or it.matter != d.matter:
        if d.of_board:
            message = _(
                "A board member's dismissal is voted on an item about the election or dismissal of board members."
            )
        else:
            message = _(
                "A dismissal is voted on an item about the election or dismissal of the village head."
            )
        raise DomainError(message, code="bad_item")
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
    """The competent body's decision on a dismissal the households approved: the commune chairman's for
    the village head, the commune Fatherland Front committee's for a board member. The holder's role
    (when they have an account) ends today; a board member's seat on the board's record ends too, in
    the same transaction — a refusal from that record refuses the decision, and nothing is written."""
    d = (
        Dismissal.objects.select_for_update(of=("self",))
        .select_related("village", "board", "holder", "item__meeting")
        .get(pk=dismissal.pk)
    )
    if not can_decide_dismissal(actor, d):
        if d.of_board:
            raise Forbidden(
                _("Only the commune Fatherland Front committee decides a board member's dismissal.")
            )
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
    ended = _end_board_seat(actor, d, today) if d.of_board else _end_village_head(actor, d, today)
    audit(
        actor=actor,
        action="meetings.dismissal_decide",
        obj=d,
        after={"status": d.status, "decision_number": number, "memberships_ended": ended},
    )
    return d


def _end_village_head(actor: Any, d: Dismissal, today: dt.date) -> list[int]:
    from danchu.accounts.services import membership_end

    ended = []
    if d.holder_id:
        for m in Membership.objects.active(today).filter(
            person_id=d.holder_id, role=Role.VILLAGE_HEAD, place=d.village
        ):
            membership_end(actor=actor, membership=m, on=today)
            ended.append(m.pk)
    return ended


def seat_end_reason(d: Dismissal) -> str:
    """What the board's record says of the seat's end (at most 300 characters, the number first)."""
    meeting = d.item.meeting if d.item is not None else None
    return (
        _(
            "Decision %(number)s of the commune Fatherland Front committee: dismissed by the meeting of %(village)s on %(day)s."
        )
        % {
            "number": d.decision_number,
            "village": d.village.name,
            "day": f"{meeting.meeting_day:%d/%m/%Y}" if meeting is not None else "",
        }
    )[:300]


def _end_board_seat(actor: Any, d: Dismissal, today: dt.date) -> list[int]:
    """The board's role ends now (as recognition granted it, without the chairman's role management: a
    member's role is the Front's to end), then the board's record is asked to end the seat."""
    # A board member's dismissal names both (constraint meetings_board_dismissal_names_member).
    assert d.board is not None and d.holder is not None
    _kind, role = BOARD_OF[d.office]
    ended = []
    for m in Membership.objects.active(today).filter(person=d.holder, role=role, body=d.board):
        before = snapshot(m, ["valid_to"])
        m.valid_to = today - dt.timedelta(days=1)  # no longer counts from today (accounts.membership_end)
        m.save(update_fields=["valid_to"])
        audit(
            actor=actor,
            action="meetings.dismissal_role_end",
            obj=m,
            before=before,
            after=snapshot(m, ["valid_to"]),
        )
        ended.append(m.pk)
    forget(d.holder)
    if d.office in BOARD_SEAT_ENDS:
        BOARD_SEAT_ENDS.get(d.office).end(
            actor=actor, body=d.board, person=d.holder, on=today, reason=seat_end_reason(d)
        )
    return ended
