"""Deciding an item: the show of hands, the secret paper ballot, household opinion slips, the chair's
confirmation against all registered households; online voting where Decree 59 Art. 5 allows it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Household

from .. import queries
from ..models import AgendaItem, Attendance, BallotBox, HouseholdVote, Meeting
from ..rules import C, more_than, rule_value
from .locks import read_shared_kept
from .meetings import _require_run, clean, household_by_code

S = Meeting.Status


def _votable(actor: Any, item: AgendaItem) -> AgendaItem:
    it = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting__village").get(pk=item.pk)
    _require_run(actor, it.meeting)
    if not it.needs_vote:
        raise DomainError(_("This item is not put to a vote."), code="no_vote")
    if it.status == AgendaItem.Status.DECIDED:
        raise Conflict(_("This item is already decided; its result cannot be changed."), code="decided")
    if it.meeting.status != S.OPEN:
        raise Conflict(_("Votes are counted while the meeting is in session."), code="not_open")
    if it.online_open:
        # A count entered now would leave the online vote open past the item's decision.
        raise Conflict(
            _("Online voting is open for this item: close it before entering another count."),
            code="online_open",
        )
    return it


def _check_counts(it: AgendaItem, cast: int) -> None:
    """The room votes only for the households present that have not already voted on the item by
    opinion slip or online (one household, one vote: a household that voted online and then came to
    the meeting does not vote again by raising hands)."""
    present = Attendance.objects.filter(meeting=it.meeting).count()
    already = queries.voted_outside_present(it.meeting).get(it.pk, 0)
    room = present - already
    if cast <= room:
        return
    if already:
        raise DomainError(
            _(
                "%(cast)s votes counted but only %(room)s households present may vote in the room: "
                "%(already)s of those present already voted on this item by slip or online."
            )
            % {"cast": cast, "room": room, "already": already},
            code="too_many_votes",
        )
    raise DomainError(
        _("%(cast)s votes counted but only %(present)s households are present.")
        % {"cast": cast, "present": room},
        code="too_many_votes",
    )


@transaction.atomic
def item_count_hands(
    *, actor: Any, item: AgendaItem, votes_for: int, votes_against: int, abstentions: int
) -> AgendaItem:
    """The secretary enters the show of hands; the chair confirms it (item_confirm)."""
    it = _votable(actor, item)
    if hasattr(it, "dismissal"):
        raise DomainError(_("A dismissal is voted by secret ballot."), code="not_secret")
    if min(votes_for, votes_against, abstentions) < 0:
        raise DomainError(_("Counts cannot be negative."), code="negative")
    _check_counts(it, votes_for + votes_against + abstentions)
    it.method = AgendaItem.Method.HANDS
    it.votes_for, it.votes_against, it.abstentions = votes_for, votes_against, abstentions
    it.spoilt = it.blank = 0
    it.status, it.counted_by = AgendaItem.Status.COUNTED, actor
    it.save(
        update_fields=[
            "method",
            "votes_for",
            "votes_against",
            "abstentions",
            "spoilt",
            "blank",
            "status",
            "counted_by",
        ]
    )
    audit(
        actor=actor,
        action="meetings.count_hands",
        obj=it,
        after=snapshot(it, ["votes_for", "votes_against", "abstentions"]),
    )
    return it


@dataclass
class BoxCount:
    label: str
    votes_for: int
    votes_against: int
    spoilt: int = 0
    blank: int = 0


@transaction.atomic
def item_count_secret(
    *, actor: Any, item: AgendaItem, team: list[str], boxes: list[BoxCount], team_minutes: str = ""
) -> AgendaItem:
    """A secret paper ballot: the counting team of 3–5 (Decree 59 Art. 3(5)) enters each box."""
    it = _votable(actor, item)
    team = [clean(n, limit=200, what=_("A team member's name")) for n in team if n and n.strip()]
    if not 3 <= len(team) <= 5:
        raise DomainError(_("The counting team has 3 to 5 members."), code="team_size")
    if len({n.casefold() for n in team}) != len(team):  # one person written three times is no team
        raise DomainError(_("A team member is listed twice."), code="team")
    if not boxes:
        raise DomainError(_("Enter the counts of at least one ballot box."), code="no_boxes")
    labels = [clean(b.label, limit=100, what=_("The box label")) for b in boxes]
    if len(set(labels)) != len(labels) or not all(labels):
        raise DomainError(_("Each ballot box needs its own label."), code="box_label")
    for b in boxes:
        if min(b.votes_for, b.votes_against, b.spoilt, b.blank) < 0:
            raise DomainError(_("Counts cannot be negative."), code="negative")
    total = sum(b.votes_for + b.votes_against + b.spoilt + b.blank for b in boxes)
    _check_counts(it, total)
    it.boxes.all().delete()
    for label, b in zip(labels, boxes, strict=True):
        BallotBox.objects.create(
            item=it,
            label=label,
            votes_for=b.votes_for,
            votes_against=b.votes_against,
            spoilt=b.spoilt,
            blank=b.blank,
        )
    it.method = AgendaItem.Method.SECRET
    it.votes_for = sum(b.votes_for for b in boxes)
    it.votes_against = sum(b.votes_against for b in boxes)
    it.spoilt, it.blank, it.abstentions = sum(b.spoilt for b in boxes), sum(b.blank for b in boxes), 0
    it.counting_team, it.team_minutes = team, clean(team_minutes, limit=5000, what=_("The team's minutes"))
    it.status, it.counted_by = AgendaItem.Status.COUNTED, actor
    it.save()
    audit(
        actor=actor,
        action="meetings.count_secret",
        obj=it,
        after={
            **snapshot(it, ["votes_for", "votes_against", "spoilt", "blank"]),
            "team": team,
            "boxes": [b.label for b in boxes],
        },
    )
    return it


@transaction.atomic
def slip_record(*, actor: Any, item: AgendaItem, code: str, choice: str) -> HouseholdVote:
    """A returned household opinion slip (for households that did not attend). Recorded once."""
    it = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting__village").get(pk=item.pk)
    _require_run(actor, it.meeting)
    if not it.needs_vote or it.status == AgendaItem.Status.DECIDED:
        raise Conflict(
            _("Slips are recorded for an item put to a vote and not yet decided."), code="slip_closed"
        )
    if it.meeting.status not in (S.OPEN, S.CLOSED):
        raise Conflict(_("Slips are recorded once the meeting has been held."), code="slip_closed")
    if choice not in HouseholdVote.Choice.values:
        raise DomainError(_("Unknown choice."), code="bad_choice")
    household = household_by_code(it.meeting, code)
    if Attendance.objects.filter(meeting=it.meeting, household=household).exists():
        raise Conflict(_("This household attended the meeting and voted there."), code="already_voted")
    try:
        with transaction.atomic():
            vote = HouseholdVote.objects.create(
                item=it,
                household=household,
                channel=HouseholdVote.Channel.SLIP,
                choice=choice,
                recorded_by=actor,
            )
    except IntegrityError:
        raise Conflict(
            _("Household %(code)s has already voted on this item; the first vote is kept.")
            % {"code": household.number},
            code="already_voted",
        ) from None
    audit(
        actor=actor,
        action="meetings.slip_record",
        obj=vote,
        after={"item": it.pk, "household": household.number, "choice": choice},
    )
    return vote


@transaction.atomic
def item_confirm(*, actor: Any, item: AgendaItem) -> AgendaItem:
    """The chair confirms the count; the result is computed against ALL households registered in the
    village that day (never set by hand, so an item cannot be declared passed without the threshold)."""
    it = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting__village").get(pk=item.pk)
    _require_run(actor, it.meeting)
    if it.status != AgendaItem.Status.COUNTED:
        raise Conflict(_("Enter the count before the chair confirms it."), code="not_counted")
    slips = HouseholdVote.objects.filter(item=it, choice=HouseholdVote.Choice.FOR).count()
    total = queries.roster_size(it.meeting)
    threshold = rule_value(C.PASS_PERCENT, it.meeting.meeting_day).value
    votes_for = it.votes_for + slips
    it.slips_for = slips
    it.passed = more_than(votes_for, total, threshold)
    it.denominator, it.threshold = total, threshold
    it.status, it.confirmed_by, it.confirmed_at = AgendaItem.Status.DECIDED, actor, timezone.now()
    it.save(
        update_fields=[
            "slips_for",
            "passed",
            "denominator",
            "threshold",
            "status",
            "confirmed_by",
            "confirmed_at",
        ]
    )
    audit(
        actor=actor,
        action="meetings.item_confirm",
        obj=it,
        after={**snapshot(it, ["passed", "slips_for", "denominator", "threshold"]), "outcome": it.outcome},
    )
    from .dismissals import dismissal_record

    dismissal_record(actor=actor, item=it)
    return it


# --- Online voting (Decree 59/2023/NĐ-CP, Art. 5) ---------------------------------------------------


@dataclass
class OnlineConditions:
    """Decree 59 Art. 5(1): all three must hold before an online vote opens."""

    head_and_front_agree: bool  # (a) the village head and the Front work committee agree
    unanimous: bool  # (b) the community chose this method unanimously
    devices: bool  # (c) household representatives have devices or smartphones


@transaction.atomic
def item_online_open(*, actor: Any, item: AgendaItem, conditions: OnlineConditions) -> AgendaItem:
    it = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting__village").get(pk=item.pk)
    _require_run(actor, it.meeting)
    if it.kind != AgendaItem.Kind.DECIDE or it.matter != AgendaItem.Matter.OTHER:
        raise DomainError(
            _("Online voting is allowed only for other self-management matters (Art. 15(6))."),
            code="not_allowed",
        )
    if it.status != AgendaItem.Status.PENDING or it.online_open:
        raise Conflict(_("This item is already being voted on or decided."), code="not_pending")
    if it.meeting.status not in (S.CONVENED, S.OPEN):
        raise Conflict(_("The meeting must be convened (notice sent) first."), code="not_convened")
    missing = [
        label
        for ok, label in (
            (conditions.head_and_front_agree, _("the village head and the Front work committee agree")),
            (conditions.unanimous, _("the community chose online voting unanimously")),
            (conditions.devices, _("household representatives have devices")),
        )
        if not ok
    ]
    if missing:
        raise DomainError(
            _("Online voting cannot open; conditions not met: %(missing)s.")
            % {"missing": "; ".join(missing)},
            code="conditions",
        )
    it.online_conditions = {**conditions.__dict__, "recorded_by": actor.pk, "on": str(timezone.localdate())}
    it.online_open = True
    it.save(update_fields=["online_conditions", "online_open"])
    audit(actor=actor, action="meetings.online_open", obj=it, after={"conditions": it.online_conditions})
    return it


def _vote_state(*, item: int, meeting: int, **standing: Any) -> QuerySet[AgendaItem]:
    """The item's state and the household's standing, for online_vote(): compiled once per process."""
    attended = Exists(Attendance.objects.filter(meeting_id=meeting, household_id=standing["household"]))
    return AgendaItem.objects.filter(pk=item).annotate(**queries.standing(**standing), attended=attended)


@transaction.atomic
def online_vote(*, person: Any, item: AgendaItem, household: Household, choice: str) -> HouseholdVote:
    """One household's online vote. The item is read under a shared lock (voters do not wait for each
    other; closing the vote waits for those in flight); the roster, representative and attendance
    checks ride on that same query; one household, one vote is the unique constraint's guarantee.
    `item` comes from `item_for` (with its meeting and village)."""
    if choice not in HouseholdVote.Choice.values:
        raise DomainError(_("Unknown choice."), code="bad_choice")
    meeting = item.meeting
    state = read_shared_kept(
        "meetings.online_vote",
        AgendaItem,
        _vote_state,
        ("online_open", "status", "in_roster", "represents", "attended"),
        {
            "item": item.pk,
            "meeting": item.meeting_id,
            "village": meeting.village_id,
            "day": meeting.meeting_day,
            "household": household.pk,
            "person": person.pk,
        },
    )
    if state is None or not state["online_open"] or state["status"] != AgendaItem.Status.PENDING:
        raise Conflict(_("Online voting is not open for this item."), code="not_open")
    if not state["in_roster"]:
        raise Forbidden(_("This household is not registered in the village on the meeting day."))
    if not state["represents"]:
        raise Forbidden(_("Only the household's representative votes for it."))
    if state["attended"]:
        raise Conflict(_("This household attended the meeting and voted there."), code="already_voted")
    try:
        # No savepoint of its own: a refused insert ends this service's atomic block with the Conflict.
        vote = HouseholdVote.objects.create(
            item=item,
            household=household,
            channel=HouseholdVote.Channel.ONLINE,
            choice=choice,
            recorded_by=person,
        )
    except IntegrityError:
        raise Conflict(
            _("Household %(code)s has already voted on this item; the first vote is kept.")
            % {"code": household.number},
            code="already_voted",
        ) from None
    audit(
        actor=person,
        action="meetings.online_vote",
        obj=vote,
        after={"item": item.pk, "household": household.number},
    )
    return vote


@transaction.atomic
def item_online_close(*, actor: Any, item: AgendaItem) -> AgendaItem:
    it = AgendaItem.objects.select_for_update(of=("self",)).select_related("meeting__village").get(pk=item.pk)
    _require_run(actor, it.meeting)
    if not it.online_open:
        raise Conflict(_("Online voting is not open for this item."), code="not_open")
    it.online_open = False
    it.status, it.counted_by = AgendaItem.Status.COUNTED, actor
    it.save(update_fields=["online_open", "status", "counted_by"])
    audit(actor=actor, action="meetings.online_close", obj=it, after={"votes": it.household_votes.count()})
    return it
