"""Paper ballots in an election (issue #10): the election team (tổ bầu cử, Decree 59 Art. 7) and the
count of each ballot box (main and extra/mobile), combined with online ballots at the tally.

A paper count holds numbers only — ballots issued, returned, valid, invalid and votes per candidate —
so a paper ballot cannot be linked to the household that cast it. The counts of a box must hold
together: votes for a candidate ≤ valid ballots, valid + invalid = returned ≤ issued, and all the
ballots issued (paper and online) ≤ the households registered on election day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden

from ..models import Election, PaperBox, Participation
from ..permissions import can_run_election
from ..rules import C, rule_value
from .meetings import clean

E = Election.Status
BOX_FIELDS = ["kind", "label", "issued", "returned", "valid", "invalid", "votes"]


def _lock(election: Election, actor: Any) -> Election:
    e = Election.objects.select_for_update(of=("self",)).select_related("village").get(pk=election.pk)
    if not can_run_election(actor, e):
        if e.electorate:
            raise Forbidden(_("You may not run this election."))
        raise Forbidden(_("You may only run elections of your own village."))
    return e


@transaction.atomic
def election_team_set(
    *, actor: Any, election: Election, head: str, members: list[str], on: dt.date | None = None
) -> Election:
    """Name the election team: its head (the village Front work committee's representative) and
    members (of the socio-political organisations and households). Candidates may not sit on it.
    The team is set no later than the `team_days` rule (10 days, Decree 59) before election day.
    `on`: the day the team was set, today unless given (pages and the API give nothing; the demo
    records a past election)."""
    e = _lock(election, actor)
    if not e.paper:
        raise DomainError(_("This election is not held by paper ballot."), code="not_paper")
    if e.status not in (E.PLANNED, E.OPEN):
        raise Conflict(_("The election team is named before the count."), code="team_closed")
    on = on or timezone.localdate()
    rule = rule_value(C.TEAM_DAYS, e.election_day)
    latest = e.election_day - dt.timedelta(days=int(rule.value))
    # A conference elects its vote-counting team (ban kiểm phiếu) in session, on the day: the
    # village rule of Decree 59 Art. 6 is not its rule.
    if not e.electorate and on > latest:
        raise DomainError(
            _(
                "The election team must be set no later than %(days)s days before election day "
                "(%(basis)s): for the election on %(day)s, by %(latest)s at the latest."
            )
            % {
                "days": int(rule.value),
                "basis": rule.legal_basis,
                "day": formats.date_format(e.election_day, "SHORT_DATE_FORMAT"),
                "latest": formats.date_format(latest, "SHORT_DATE_FORMAT"),
            },
            code="team_late",
        )
    head = clean(head, limit=200, what=_("The team head's name"))
    if not head:
        raise DomainError(_("Name the head of the election team."), code="team_head")
    names = [clean(n, limit=200, what=_("A team member's name")) for n in members if n and n.strip()]
    if not names:
        raise DomainError(_("The election team needs at least one member besides its head."), code="team")
    if len(names) > 30:
        raise DomainError(_("The election team has at most 30 members."), code="team")
    everyone = [head, *names]
    if len({n.casefold() for n in everyone}) != len(everyone):
        raise DomainError(_("A team member is listed twice."), code="team")
    candidates = {n.casefold() for n in e.candidates.values_list("full_name", flat=True)}
    on_team = [n for n in everyone if n.casefold() in candidates]
    if on_team:
        raise DomainError(
            _("A candidate may not sit on the election team: %(names)s.") % {"names": ", ".join(on_team)},
            code="candidate_on_team",
        )
    before = snapshot(e, ["team_head", "team", "team_set_on"])
    e.team_head, e.team, e.team_set_on = head, names, on
    e.save(update_fields=["team_head", "team", "team_set_on"])
    audit(
        actor=actor,
        action="meetings.election_team",
        obj=e,
        before=before,
        after=snapshot(e, ["team_head", "team", "team_set_on"]),
    )
    return e


@dataclass
class PaperCount:
    """What the team writes on its count sheet for one box."""

    label: str
    issued: int
    returned: int
    valid: int
    invalid: int
    votes: dict[int, int] = field(default_factory=dict)  # candidate id → votes
    kind: str = PaperBox.Kind.MAIN


def _check(e: Election, count: PaperCount) -> dict[str, int]:
    numbers = (count.issued, count.returned, count.valid, count.invalid, *count.votes.values())
    if any(n < 0 for n in numbers):
        raise DomainError(_("Counts cannot be negative."), code="negative")
    if count.returned > count.issued:
        raise DomainError(
            _("%(returned)s ballots returned but only %(issued)s issued.")
            % {"returned": count.returned, "issued": count.issued},
            code="returned_gt_issued",
        )
    if count.valid + count.invalid != count.returned:
        raise DomainError(
            _(
                "Valid (%(valid)s) and invalid (%(invalid)s) ballots must add up to the ballots "
                "returned (%(returned)s)."
            )
            % {"valid": count.valid, "invalid": count.invalid, "returned": count.returned},
            code="valid_invalid_returned",
        )
    names = dict(e.candidates.values_list("pk", "full_name"))
    unknown = [c for c in count.votes if c not in names]
    if unknown:
        raise DomainError(_("The count names someone who is not a candidate."), code="bad_choice")
    for pk, n in count.votes.items():
        if n > count.valid:
            raise DomainError(
                _("%(name)s has %(votes)s votes but the box has only %(valid)s valid ballots.")
                % {"name": names[pk], "votes": n, "valid": count.valid},
                code="votes_gt_valid",
            )
    total = sum(count.votes.values())
    if total > count.valid * e.seats:
        raise DomainError(
            _(
                "%(total)s votes in all, more than %(valid)s valid ballots can carry "
                "(each chooses at most %(seats)s)."
            )
            % {"total": total, "valid": count.valid, "seats": e.seats},
            code="votes_gt_valid",
        )
    return {str(pk): count.votes.get(pk, 0) for pk in sorted(names)}


@transaction.atomic
def paper_box_record(*, actor: Any, election: Election, count: PaperCount) -> PaperBox:
    """The team enters (or corrects, before the tally) the count of one box after the poll closes.
    Inconsistent counts are refused with the reason and nothing is kept."""
    e = _lock(election, actor)
    if not e.paper:
        raise DomainError(_("This election is not held by paper ballot."), code="not_paper")
    if e.status != E.CLOSED:
        raise Conflict(
            _("Ballot boxes are counted after the poll closes and before the tally."), code="not_closed"
        )
    if not e.team_head:
        raise Conflict(_("Name the election team before entering its count."), code="no_team")
    if count.kind not in PaperBox.Kind.values:
        raise DomainError(_("Unknown kind of ballot box."), code="bad_kind")
    label = clean(count.label, limit=100, what=_("The box label"))
    if not label:
        raise DomainError(_("Each ballot box needs its own label."), code="box_label")
    votes = _check(e, count)
    others = PaperBox.objects.filter(election=e).exclude(label=label)
    issued = sum(others.values_list("issued", flat=True)) + count.issued
    online = Participation.objects.filter(election=e).count()
    roster = e.roster_size or 0
    if issued + online > roster and e.electorate:
        raise DomainError(
            _(
                "%(issued)s paper ballots issued and %(online)s online ballots, more than the "
                "%(roster)s voters present."
            )
            % {"issued": issued, "online": online, "roster": roster},
            code="issued_gt_roster",
        )
    if issued + online > roster:
        raise DomainError(
            _(
                "%(issued)s paper ballots issued and %(online)s online ballots, more than the "
                "%(roster)s households registered on election day."
            )
            % {"issued": issued, "online": online, "roster": roster},
            code="issued_gt_roster",
        )
    existing = PaperBox.objects.filter(election=e, label=label).first()
    before = snapshot(existing, BOX_FIELDS) if existing else None
    box = existing or PaperBox(election=e, label=label)
    box.kind, box.issued, box.returned = count.kind, count.issued, count.returned
    box.valid, box.invalid, box.votes, box.entered_by = count.valid, count.invalid, votes, actor
    box.save()
    audit(
        actor=actor,
        action="meetings.paper_box_correct" if existing else "meetings.paper_box_record",
        obj=e,
        before=before,
        after={**snapshot(box, BOX_FIELDS), "team_head": e.team_head},
    )
    return box


def paper_totals(election: Election) -> dict[str, Any]:
    """The paper boxes summed: {"boxes", "issued", "returned", "valid", "invalid", "votes"}."""
    boxes = list(PaperBox.objects.filter(election=election).order_by("kind", "label"))
    votes: dict[str, int] = {}
    for b in boxes:
        for pk, n in b.votes.items():
            votes[pk] = votes.get(pk, 0) + int(n)
    return {
        "boxes": len(boxes),
        "issued": sum(b.issued for b in boxes),
        "returned": sum(b.returned for b in boxes),
        "valid": sum(b.valid for b in boxes),
        "invalid": sum(b.invalid for b in boxes),
        "votes": votes,
    }
