"""Motions voted by another module's electorate (meetings/electorates.py): a workplace conference's
resolutions. Open → delegates with an account vote online, one vote each, and the secretary enters
the room's show of hands → close, when the result is computed against the electorate's majority
(frozen at the opening). Online and room votes together never exceed those who may vote (the
delegates present); a body that cannot decide (below its quorum) opens no motion."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Exists
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden

from ..electorates import ELECTORATES, Electorate
from ..models import Motion, MotionVote
from ..rules import more_than
from .locks import read_shared
from .meetings import clean

M = Motion.Status
COUNTS = ["room_for", "room_against", "room_abstain"]


def _electorate(name: str) -> Electorate:
    if name not in ELECTORATES:
        raise DomainError(_("Unknown electorate."), code="bad_electorate")
    return ELECTORATES.get(name)


def _runnable(actor: Any, motion: Motion) -> Motion:
    """The motion locked for update (waits for the votes in flight), if the actor runs its body."""
    m = Motion.objects.select_for_update().get(pk=motion.pk)
    if not _electorate(m.electorate).may_run(actor, m.electorate_ref):
        raise Forbidden(_("You may not run this vote."))
    if m.status != M.OPEN:
        raise Conflict(_("This vote is closed; its result cannot be changed."), code="closed")
    return m


def _too_many(cast: int, roll: int) -> DomainError:
    return DomainError(
        _("%(cast)d votes counted but only %(roll)d delegates are present.") % {"cast": cast, "roll": roll},
        code="too_many_votes",
    )


@transaction.atomic
def motion_open(*, actor: Any, electorate: str, ref: int, title: str) -> Motion:
    """Put a motion to the body `ref` of `electorate`: the actor runs the body, which can decide
    (its quorum reached); the roll and the majority are those of the electorate at this moment."""
    voters = _electorate(electorate)
    if not voters.may_run(actor, ref):
        raise Forbidden(_("You may not run this vote."))
    title = clean(title, limit=500, what=_("Title"))
    if not title:
        raise DomainError(_("Give the resolution's title."), code="no_title")
    voters.check_can_elect(ref, timezone.localdate())
    majority = voters.majority(ref)
    m = Motion.objects.create(
        electorate=electorate,
        electorate_ref=ref,
        title=title,
        roll=voters.roll(ref),
        majority_base=majority.base,
        majority_percent=majority.percent,
        majority_basis=majority.basis[:255],
        opened_by=actor if getattr(actor, "is_authenticated", False) else None,
        opened_at=timezone.now(),
    )
    audit(
        actor=actor,
        action="meetings.motion_open",
        obj=m,
        after=snapshot(
            m, ["electorate", "electorate_ref", "title", "roll", "majority_base", "majority_percent"]
        ),
    )
    return m


@transaction.atomic
def motion_vote(*, person: Any, motion: Motion, choice: str) -> MotionVote:
    """A voter's own vote, online. The motion is read under a shared lock (voters do not wait for
    each other; the close waits for those in flight), with whether the person is on the
    electorate's list; one vote per voter is the unique constraint's guarantee: a second vote is
    refused and the first kept (as a raised hand is not raised twice)."""
    if choice not in MotionVote.Choice.values:
        raise DomainError(_("Unknown choice."), code="bad_choice")
    if not getattr(person, "is_authenticated", False):
        raise Forbidden(_("Only a delegate of the conference votes on this resolution."))
    voters = _electorate(motion.electorate)
    state = read_shared(
        Motion.objects.filter(pk=motion.pk).annotate(
            on_list=Exists(voters.voters(motion.electorate_ref).filter(person=person))
        ),
        "status",
        "on_list",
        "roll",
        *COUNTS,
    )
    if state is None or state["status"] != M.OPEN:
        raise Conflict(_("Voting is not open for this resolution."), code="not_open")
    if not state["on_list"]:
        raise Forbidden(_("Only a delegate of the conference votes on this resolution."))
    online = MotionVote.objects.filter(motion_id=motion.pk).count()
    cast = online + 1 + sum(state[c] for c in COUNTS)
    if cast > state["roll"]:
        raise _too_many(cast, state["roll"])
    try:
        # No savepoint of its own: a refused insert ends this service's atomic block with the Conflict.
        vote = MotionVote.objects.create(motion_id=motion.pk, person=person, choice=choice)
    except IntegrityError:
        raise Conflict(
            _("You have already voted on this resolution; the first vote is kept."), code="already_voted"
        ) from None
    # An open vote, not a secret ballot: who voted how is recorded, as a raised hand is seen.
    audit(
        actor=person, action="meetings.motion_vote", obj=vote, after={"motion": motion.pk, "choice": choice}
    )
    return vote


@transaction.atomic
def motion_count_room(
    *, actor: Any, motion: Motion, votes_for: int, votes_against: int, votes_abstain: int
) -> Motion:
    """The secretary enters the show of hands of the delegates voting in the room (not those who
    voted online); entered again, it replaces the earlier count until the close."""
    m = _runnable(actor, motion)
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise DomainError(_("Counts cannot be negative."), code="negative")
    online = m.votes.count()
    cast = online + votes_for + votes_against + votes_abstain
    if cast > m.roll:
        raise _too_many(cast, m.roll)
    before = snapshot(m, COUNTS)
    m.room_for, m.room_against, m.room_abstain = votes_for, votes_against, votes_abstain
    m.save(update_fields=COUNTS)
    audit(actor=actor, action="meetings.motion_count_room", obj=m, before=before, after=snapshot(m, COUNTS))
    return m


@transaction.atomic
def motion_close(*, actor: Any, motion: Motion) -> Motion:
    """Close the vote and compute the result: passed when the votes for (online and in the room)
    are more than the majority's percent of its base (the rule's, frozen at the opening)."""
    m = _runnable(actor, motion)
    online = dict(m.votes.values_list("choice").annotate(n=Count("pk")).values_list("choice", "n"))
    votes_for = m.room_for + online.get(MotionVote.Choice.FOR, 0)
    cast = (
        votes_for
        + m.room_against
        + m.room_abstain
        + sum(n for c, n in online.items() if c != MotionVote.Choice.FOR)
    )
    if cast > m.roll:  # online votes raced past the room's count: the secretary corrects it first
        raise _too_many(cast, m.roll)
    m.passed = more_than(votes_for, m.majority_base, m.majority_percent)
    m.status, m.closed_at = M.CLOSED, timezone.now()
    m.closed_by = actor if getattr(actor, "is_authenticated", False) else None
    m.save(update_fields=["passed", "status", "closed_at", "closed_by"])
    audit(
        actor=actor,
        action="meetings.motion_close",
        obj=m,
        before={"status": M.OPEN},
        after={
            "status": m.status,
            "passed": m.passed,
            "votes_for": votes_for,
            "votes_against": m.room_against + online.get(MotionVote.Choice.AGAINST, 0),
            "votes_abstain": m.room_abstain + online.get(MotionVote.Choice.ABSTAIN, 0),
            "majority_base": m.majority_base,
        },
    )
    return m
