"""Elections of the village head and board members, held as a secret electronic ballot
(DOMAIN.md §3.4; Decree 59 Arts. 6–9). Participation and ballot content are kept apart."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.permissions import is_household_representative
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Household, Level, Place

from .. import queries
from ..models import Ballot, Candidate, Election, Participation
from ..permissions import can_recognise, can_run_in
from ..rules import more_than
from .meetings import clean

E = Election.Status
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# [U] Pháp lệnh 34/2007 / Nghị quyết liên tịch 09/2008: a new election within 15 days when nobody wins.
RERUN_WITHIN_DAYS = 15


def steps(election: Election) -> list[dict[str, Any]]:
    """The steps and their deadlines relative to election day D (Decree 59, Arts. 6–7)."""
    d = election.election_day
    return [
        {"label": _("Election plan implemented (at least 20 days before)"), "due": d - dt.timedelta(days=20)},
        {
            "label": _("Election team established (no later than 10 days before)"),
            "due": d - dt.timedelta(days=10),
        },
        {
            "label": _("Public notice of the election (at least 7 days before)"),
            "due": d - dt.timedelta(days=7),
        },
        {"label": _("Election day"), "due": d},
    ]


def _require_run(actor: Any, election: Election) -> None:
    if not can_run_in(actor, election.village):
        raise Forbidden(_("You may only run elections of your own village."))


@transaction.atomic
def election_plan(
    *,
    actor: Any,
    village: Place,
    office: str,
    election_day: dt.date,
    candidates: list[str],
    seats: int = 1,
    rerun_of: Election | None = None,
) -> Election:
    if village.level != Level.VILLAGE:
        raise DomainError(_("An election is held by a village or residential group."), code="not_village")
    if not can_run_in(actor, village):
        raise Forbidden(_("You may only run elections of your own village."))
    if office not in Election.Office.values:
        raise DomainError(_("Unknown office."), code="bad_office")
    names = [clean(n, limit=200, what=_("A candidate's name")) for n in candidates if n and n.strip()]
    if not names:
        raise DomainError(_("An election needs at least one candidate."), code="no_candidates")
    if len(set(names)) != len(names):
        raise DomainError(_("A candidate is listed twice."), code="duplicate_candidate")
    if not 1 <= seats <= len(names):
        raise DomainError(
            _("The number of seats must be between 1 and the number of candidates."), code="seats"
        )
    e = Election.objects.create(
        village=village,
        office=office,
        election_day=election_day,
        seats=seats,
        created_by=actor,
        rerun_of=rerun_of,
    )
    for n in names:
        Candidate.objects.create(election=e, full_name=n)
    audit(
        actor=actor,
        action="meetings.election_plan",
        obj=e,
        after={**snapshot(e, ["village_id", "office", "election_day", "seats"]), "candidates": names},
    )
    return e


@transaction.atomic
def election_open(*, actor: Any, election: Election) -> Election:
    e = Election.objects.select_for_update(of=("self",)).select_related("village").get(pk=election.pk)
    _require_run(actor, e)
    if e.status != E.PLANNED:
        raise Conflict(_("Only a planned election can open."), code="not_planned")
    e.status = E.OPEN
    e.roster_size = queries.roster(e.village, e.election_day).count()
    e.save(update_fields=["status", "roster_size"])
    audit(actor=actor, action="meetings.election_open", obj=e, after=snapshot(e, ["status", "roster_size"]))
    return e


def _receipt() -> str:
    return "-".join("".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(4)) for _ in range(3))


@transaction.atomic
def ballot_cast(*, person: Any, election: Election, household: Household, choices: list[int]) -> str:
    """Cast a household's secret ballot; returns the receipt code (shown once, kept by the voter).
    What is stored: that the household took part (Participation) and, apart, the ballot with its
    receipt (Ballot) — no voter, no time, no link between the two."""
    e = Election.objects.select_for_update(of=("self",)).select_related("village").get(pk=election.pk)
    if e.status != E.OPEN:
        raise Conflict(_("Voting is not open for this election."), code="not_open")
    if household.village_id != e.village_id:
        raise Forbidden(_("This household is not of the election's village."))
    if not queries.roster(e.village, e.election_day).filter(pk=household.pk).exists():
        raise Forbidden(_("This household was not registered in the village on election day."))
    if not is_household_representative(person, household):
        raise Forbidden(_("Only the household's representative votes for it."))
    valid = set(e.candidates.values_list("pk", flat=True))
    picked = sorted(set(int(c) for c in choices))
    if not set(picked) <= valid:
        raise DomainError(_("The ballot names someone who is not a candidate."), code="bad_choice")
    if len(picked) > e.seats:
        raise DomainError(_("The ballot chooses more candidates than there are seats."), code="too_many")
    try:
        with transaction.atomic():
            Participation.objects.create(election=e, household=household)
    except IntegrityError:
        raise Conflict(
            _("This household has already voted; a ballot cannot be changed."), code="already_voted"
        ) from None
    receipt = _receipt()
    Ballot.objects.create(election=e, receipt=receipt, choices=picked)
    # The audit says that a household took part, never how it voted.
    audit(
        actor=person,
        action="meetings.ballot_cast",
        object_type="meetings.election",
        object_id=e.pk,
        after={"household": household.number},
    )
    return receipt


@transaction.atomic
def election_close(*, actor: Any, election: Election) -> Election:
    e = Election.objects.select_for_update().get(pk=election.pk)
    _require_run(actor, e)
    if e.status != E.OPEN:
        raise Conflict(_("Only an open election can close."), code="not_open")
    e.status = E.CLOSED
    e.save(update_fields=["status"])
    audit(actor=actor, action="meetings.election_close", obj=e, after={"status": e.status})
    return e


def recount(election: Election) -> dict[str, Any]:
    """The tally recomputed from the stored ballots (used by election_tally and verify_tally)."""
    votes: Counter[int] = Counter()
    receipts = []
    blank = 0
    for choices, receipt in (
        Ballot.objects.filter(election=election).order_by("shuffle").values_list("choices", "receipt")
    ):
        receipts.append(receipt)
        if not choices:
            blank += 1
        votes.update(int(c) for c in choices)
    total = election.roster_size or 0
    candidates = list(election.candidates.all())
    ranked = sorted(candidates, key=lambda c: (-votes[c.pk], c.full_name))
    # Decree 59 / Ordinance 2007 model: a winner needs more than 50% counted against ALL households.
    winners = [c.pk for c in ranked if more_than(votes[c.pk], total, Decimal(50))][: election.seats]
    return {
        "roster": total,
        "ballots": len(receipts),
        "blank": blank,
        "votes": {str(c.pk): votes[c.pk] for c in candidates},
        "winners": winners,
        "receipts": sorted(receipts),
    }


@transaction.atomic
def election_tally(*, actor: Any, election: Election) -> Election:
    e = Election.objects.select_for_update().get(pk=election.pk)
    _require_run(actor, e)
    if e.status != E.CLOSED:
        raise Conflict(_("The tally cannot be opened before the vote closes."), code="not_closed")
    e.tally = recount(e)
    winners = e.tally["winners"]
    e.candidates.filter(pk__in=winners).update(elected=True)
    e.status = E.TALLIED if winners else E.FAILED
    e.save(update_fields=["tally", "status"])
    audit(
        actor=actor,
        action="meetings.election_tally",
        obj=e,
        after={"status": e.status, "votes": e.tally["votes"], "winners": winners},
    )
    return e


BOARD_OF: dict[str, tuple[str, str]] = {
    Election.Office.INSPECTION_BOARD: (Body.Kind.INSPECTION_BOARD, Role.INSPECTION_MEMBER),
    Election.Office.SUPERVISION_BOARD: (Body.Kind.SUPERVISION_BOARD, Role.SUPERVISION_MEMBER),
}


@transaction.atomic
def election_recognise(*, actor: Any, election: Election, board: Body | None = None) -> Election:
    """Recognition by the commune chairman (village head, Decree 59 Art. 8) before the result takes
    effect. Elected board members with an account become members of their board."""
    e = Election.objects.select_for_update(of=("self",)).select_related("village__parent").get(pk=election.pk)
    if not can_recognise(actor, e):
        raise Forbidden(_("Only the commune chairman recognises the result."))
    if e.status != E.TALLIED:
        raise Conflict(_("Only a tallied election with a winner can be recognised."), code="not_tallied")
    e.status, e.recognised_by, e.recognised_on = E.RECOGNISED, actor, timezone.localdate()
    e.save(update_fields=["status", "recognised_by", "recognised_on"])
    created = []
    if e.office in BOARD_OF and board is not None:
        kind, role = BOARD_OF[e.office]
        if board.kind != kind or board.place_id != e.village.parent_id:
            raise DomainError(_("That board is not the commune's board for this office."), code="bad_board")
        for c in e.candidates.filter(elected=True, person__isnull=False).select_related("person"):
            assert c.person is not None
            ms = Membership.objects.create(
                person=c.person, role=role, place=board.place, body=board, valid_from=e.recognised_on
            )
            created.append(ms.pk)
    audit(
        actor=actor,
        action="meetings.election_recognise",
        obj=e,
        after={"status": e.status, "memberships": created},
    )
    return e


def election_rerun(*, actor: Any, election: Election, election_day: dt.date) -> Election:
    if election.status != E.FAILED:
        raise Conflict(_("A re-election follows an election in which nobody was elected."), code="not_failed")
    limit = election.election_day + dt.timedelta(days=RERUN_WITHIN_DAYS)
    if not election.election_day < election_day <= limit:
        raise DomainError(
            _("The re-election is held within %(days)s days (by %(date)s).")
            % {"days": RERUN_WITHIN_DAYS, "date": limit.strftime("%d/%m/%Y")},
            code="rerun_window",
        )
    return election_plan(
        actor=actor,
        village=election.village,
        office=election.office,
        election_day=election_day,
        candidates=list(election.candidates.values_list("full_name", flat=True)),
        seats=election.seats,
        rerun_of=election,
    )
