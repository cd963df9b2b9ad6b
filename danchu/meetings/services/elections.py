"""Elections of the village head and board members, held as a secret electronic ballot
(DOMAIN.md §3.4; Decree 59 Arts. 6–9). Participation and ballot content are kept apart."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.accounts.models import Body, Membership
from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Household, Level, Place

from .. import queries
from ..electorates import BOARD_OF, BOARD_SEATS, electorate_of, ref_of, village_of
from ..models import Ballot, Candidate, Election, Participation
from ..permissions import can_recognise, can_run_election, can_run_in
from ..rules import C, more_than, rule_value
from .election_boards import election_board
from .locks import read_shared_kept
from .meetings import checked_day, clean
from .secrecy import reshuffle

E = Election.Status
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
# [U] Pháp lệnh 34/2007 / Nghị quyết liên tịch 09/2008: a new election within 15 days when nobody wins.
RERUN_WITHIN_DAYS = 15


def steps(election: Election) -> list[dict[str, Any]]:
    """The steps and their deadlines relative to election day D (Decree 59, Arts. 6–7)."""
    d = election.election_day
    if election.electorate:
        # Elected in session: the counting team is elected by the conference on the day.
        return [{"label": _("Election at the conference"), "due": d}]
    team_days = int(rule_value(C.TEAM_DAYS, d).value)
    return [
        {"label": _("Election plan implemented (at least 20 days before)"), "due": d - dt.timedelta(days=20)},
        {
            "label": _("Election team established (no later than %(days)d days before)")
            % {"days": team_days},
            "due": d - dt.timedelta(days=team_days),
        },
        {
            "label": _("Public notice of the election (at least 7 days before)"),
            "due": d - dt.timedelta(days=7),
        },
        {"label": _("Election day"), "due": d},
    ]


def _require_run(actor: Any, election: Election) -> None:
    if not can_run_election(actor, election):
        if election.electorate:
            raise Forbidden(_("You may not run this election."))
        raise Forbidden(_("You may only run elections of your own village."))


def candidate_accounts(candidates: list[str]) -> tuple[list[str], dict[str, Any]]:
    """Candidates as the page and the API give them, one a line: a name, or a name, ";" and the phone
    number or e-mail of the candidate's account (an elected board member with an account sits on the
    board on recognition). The names, and the accounts by name; a line whose contact is no account is
    refused with its number."""
    from danchu.accounts.queries import account_by_contact

    names, accounts = [], {}
    for n, line in enumerate((c for c in candidates if c and c.strip()), start=1):
        name, _sep, contact = line.partition(";")
        names.append(name)
        if contact.strip():
            try:
                accounts[clean(name, limit=200, what=_("A candidate's name"))] = account_by_contact(contact)
            except DomainError as refused:
                raise DomainError(
                    _("Candidate %(n)s (%(name)s): %(problem)s")
                    % {"n": n, "name": name.strip()[:60], "problem": refused.message},
                    code="no_account",
                ) from None
    return names, accounts


def _candidate_names(candidates: list[str], seats: int) -> list[str]:
    names = [clean(n, limit=200, what=_("A candidate's name")) for n in candidates if n and n.strip()]
    if not names:
        raise DomainError(_("An election needs at least one candidate."), code="no_candidates")
    if len({n.casefold() for n in names}) != len(names):
        raise DomainError(_("A candidate is listed twice."), code="duplicate_candidate")
    if not 1 <= seats <= len(names):
        raise DomainError(
            _("The number of seats must be between 1 and the number of candidates."), code="seats"
        )
    return names


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
    accounts: dict[str, Any] | None = None,
    paper: bool = False,
) -> Election:
    """`accounts`: candidate name → their user account, when they have one (an elected board member
    with an account becomes a member of the board on recognition). The caller has checked them."""
    if village.level != Level.VILLAGE:
        raise DomainError(_("An election is held by a village or residential group."), code="not_village")
    if not can_run_in(actor, village):
        raise Forbidden(_("You may only run elections of your own village."))
    if office not in Election.Office.values:
        raise DomainError(_("Unknown office."), code="bad_office")
    checked_day(election_day, what=_("The election day"))
    candidates, linked = candidate_accounts(candidates)
    return election_create(
        actor=actor,
        names=_candidate_names(candidates, seats),
        accounts={**linked, **(accounts or {})},
        audited=["village_id", "office", "election_day", "seats", "paper"],
        village=village,
        office=office,
        election_day=election_day,
        seats=seats,
        rerun_of=rerun_of,
        paper=paper,
    )


def election_create(
    *, actor: Any, names: list[str], accounts: dict[str, Any] | None, audited: list[str], **fields: Any
) -> Election:
    """The election row, its candidates and the audit entry: the end of every plan (a village's,
    another module's electorate's), after the plan's own checks."""
    e = Election.objects.create(created_by=actor, **fields)
    for n in names:
        Candidate.objects.create(election=e, full_name=n, person=(accounts or {}).get(n))
    audit(
        actor=actor,
        action="meetings.election_plan",
        obj=e,
        after={**snapshot(e, audited), "candidates": names},
    )
    return e


@transaction.atomic
def election_open(*, actor: Any, election: Election) -> Election:
    e = Election.objects.select_for_update(of=("self",)).select_related("village").get(pk=election.pk)
    _require_run(actor, e)
    if e.status != E.PLANNED:
        raise Conflict(_("Only a planned election can open."), code="not_planned")
    if (day := e.election_day) > timezone.localdate():  # households vote on the day, on its roster
        raise Conflict(
            _("Voting opens on the election day, %(day)s.") % {"day": f"{day:%d/%m/%Y}"}, code="not_yet"
        )
    e.status = E.OPEN
    voters = electorate_of(e)
    if voters is None:
        e.roster_size = queries.roster(village_of(e), e.election_day).count()
    else:
        voters.check_can_elect(ref_of(e), e.election_day)
        e.roster_size = voters.roll(ref_of(e))
        majority = voters.majority(ref_of(e))
        e.majority_base, e.majority_percent = majority.base, majority.percent
    e.save(update_fields=["status", "roster_size", "majority_base", "majority_percent"])
    audit(
        actor=actor,
        action="meetings.election_open",
        obj=e,
        after=snapshot(e, ["status", "roster_size", "majority_base", "majority_percent"]),
    )
    return e


def _receipt() -> str:
    return "-".join("".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(4)) for _ in range(3))


def _ballot_state(*, election: int, **standing: Any) -> QuerySet[Election]:
    """The election's state and the household's standing, for ballot_cast(): compiled once per process."""
    return Election.objects.filter(pk=election).annotate(**queries.standing(**standing))


@transaction.atomic
def ballot_cast(*, person: Any, election: Election, household: Household, choices: list[int]) -> str:
    """Cast a household's secret ballot; returns the receipt code (shown once, kept by the voter).
    What is stored: that the household took part (Participation) and, apart, the ballot with its
    receipt (Ballot) — no voter, no time, no link between the two. The election row is read under a
    shared lock with the roster and representative checks in the same query: voters do not wait for
    each other, closing waits for the ballots in flight; one ballot per household is the unique
    constraint on Participation. `election` comes from `election_for` (with its village)."""
    if household.village_id != election.village_id:
        raise Forbidden(_("This household is not of the election's village."))
    state = read_shared_kept(
        "meetings.ballot_cast",
        Election,
        _ballot_state,
        ("status", "seats", "in_roster", "represents"),
        {
            "election": election.pk,
            "village": election.village_id,
            "day": election.election_day,
            "household": household.pk,
            "person": person.pk,
        },
    )
    if state is None or state["status"] != E.OPEN:
        raise Conflict(_("Voting is not open for this election."), code="not_open")
    if not state["in_roster"]:
        raise Forbidden(_("This household was not registered in the village on election day."))
    if not state["represents"]:
        raise Forbidden(_("Only the household's representative votes for it."))
    receipt = _store(
        election,
        seats=state["seats"],
        choices=choices,
        participation={"household": household},
        already=_("This household has already voted; a ballot cannot be changed."),
    )
    # The audit says that a household took part, never how it voted.
    audit(
        actor=person,
        action="meetings.ballot_cast",
        object_type="meetings.election",
        object_id=election.pk,
        after={"household": household.number},
    )
    return receipt


def _store(
    election: Election, *, seats: int, choices: list[int], participation: dict[str, Any], already: str
) -> str:
    """Check the choices, record that the voter took part and, apart, the ballot; the receipt."""
    valid = set(Candidate.objects.filter(election_id=election.pk).values_list("pk", flat=True))
    picked = sorted(set(int(c) for c in choices))
    if not set(picked) <= valid:
        raise DomainError(_("The ballot names someone who is not a candidate."), code="bad_choice")
    if len(picked) > seats:
        raise DomainError(_("The ballot chooses more candidates than there are seats."), code="too_many")
    try:
        # No savepoint of its own: a refused insert ends this service's atomic block with the Conflict.
        Participation.objects.create(election=election, **participation)
    except IntegrityError:
        raise Conflict(already, code="already_voted") from None
    receipt = _receipt()
    Ballot.objects.create(election=election, receipt=receipt, choices=picked)
    return receipt


@transaction.atomic
def election_close(*, actor: Any, election: Election) -> Election:
    e = Election.objects.select_for_update().get(pk=election.pk)
    _require_run(actor, e)
    if e.status != E.OPEN:
        raise Conflict(_("Only an open election can close."), code="not_open")
    e.status = E.CLOSED
    e.save(update_fields=["status"])
    reshuffle(e)  # secrecy.py: the stored ballots no longer lie in the order they were cast
    audit(actor=actor, action="meetings.election_close", obj=e, after={"status": e.status})
    return e


def recount(election: Election) -> dict[str, Any]:
    """The tally recomputed from the stored ballots and the paper boxes' counts (used by
    election_tally and verify_tally): online ballots and paper votes are added per candidate."""
    from .paper import paper_totals

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
    online = dict(votes)
    paper = paper_totals(election)
    for pk, n in paper["votes"].items():
        votes[int(pk)] += n
    # Decree 59 / Ordinance 2007 model: a winner needs more than 50% counted against ALL households;
    # another electorate fixes its own base and share when the vote opens (majority_base).
    total = election.majority_base if election.majority_base is not None else election.roster_size or 0
    share = Decimal(election.majority_percent)
    candidates = list(election.candidates.all())
    ranked = sorted(candidates, key=lambda c: (-votes[c.pk], c.full_name))
    winners = [c.pk for c in ranked if more_than(votes[c.pk], total, share)][: election.seats]
    return {
        "roster": total,
        "ballots": len(receipts),
        "blank": blank,
        "votes": {str(c.pk): votes[c.pk] for c in candidates},
        "online_votes": {str(c.pk): online.get(c.pk, 0) for c in candidates},
        "paper": paper,
        "winners": winners,
        "receipts": sorted(receipts),
    }


@transaction.atomic
def election_tally(*, actor: Any, election: Election) -> Election:
    e = Election.objects.select_for_update().get(pk=election.pk)
    _require_run(actor, e)
    if e.status != E.CLOSED:
        raise Conflict(_("The tally cannot be opened before the vote closes."), code="not_closed")
    if e.paper and not e.paper_boxes.exists():
        raise Conflict(_("Enter the count of the ballot boxes before the tally."), code="no_boxes")
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


@transaction.atomic
def election_recognise(*, actor: Any, election: Election, board: Body | None = None) -> Election:
    """Recognition by the commune chairman (village head, Decree 59 Art. 8) before the result takes
    effect. Elected board members with an account become members of their board: `board`, required
    when the commune has several boards of the office sitting (election_boards)."""
    e = Election.objects.select_for_update(of=("self",)).select_related("village__parent").get(pk=election.pk)
    voters = electorate_of(e)
    if not can_recognise(actor, e):
        if voters is not None:
            raise Forbidden(_("Only the competent body recognises the result."))
        raise Forbidden(
            _("Only the competent body (commune chairman or Fatherland Front) recognises the result.")
        )
    if e.status != E.TALLIED:
        raise Conflict(_("Only a tallied election with a winner can be recognised."), code="not_tallied")
    e.status, e.recognised_by, e.recognised_on = E.RECOGNISED, actor, timezone.localdate()
    e.save(update_fields=["status", "recognised_by", "recognised_on"])
    created = []
    if voters is not None:
        if e.electorate_ref is not None:
            created = voters.seat(e.electorate_ref, e.office, e)
    elif e.office in BOARD_OF:
        role = BOARD_OF[e.office][1]
        board = election_board(e, board)  # the one chosen, or the commune's only one: never a guess
        seat = BOARD_SEATS.get(e.office) if e.office in BOARD_SEATS else None
        for c in e.candidates.filter(elected=True, person__isnull=False).select_related("person"):
            assert c.person is not None
            ms = Membership.objects.create(
                person=c.person, role=role, place=board.place, body=board, valid_from=e.recognised_on
            )
            created.append(ms.pk)
            if seat is not None:  # the board's own record of its members (electorates.BOARD_SEATS)
                seat(actor=actor, election=e, body=board, person=c.person)
    audit(
        actor=actor,
        action="meetings.election_recognise",
        obj=e,
        after={"status": e.status, "memberships": created},
    )
    return e


@transaction.atomic
def election_rerun(*, actor: Any, election: Election, election_day: dt.date) -> Election:
    """One re-election per failed election: the row is locked, so a second click or a concurrent
    request sees the first re-election and is refused (two plans would split the households' vote)."""
    election = Election.objects.select_for_update(of=("self",)).select_related("village").get(pk=election.pk)
    if election.status != E.FAILED:
        raise Conflict(_("A re-election follows an election in which nobody was elected."), code="not_failed")
    if election.reruns.exists():
        raise Conflict(_("The re-election of this election is already planned."), code="rerun_exists")
    limit = election.election_day + dt.timedelta(days=RERUN_WITHIN_DAYS)
    if not election.election_day < election_day <= limit:
        raise DomainError(
            _("The re-election is held within %(days)s days (by %(date)s).")
            % {"days": RERUN_WITHIN_DAYS, "date": limit.strftime("%d/%m/%Y")},
            code="rerun_window",
        )
    accounts = {c.full_name: c.person for c in election.candidates.filter(person__isnull=False)}
    if election.electorate and election.electorate_ref is not None:
        from .voters import electorate_election_plan  # voters builds on this module

        return electorate_election_plan(
            actor=actor,
            electorate=election.electorate,
            ref=election.electorate_ref,
            office=election.office,
            election_day=election_day,
            candidates=list(election.candidates.values_list("full_name", flat=True)),
            seats=election.seats,
            paper=election.paper,
            rerun_of=election,
            accounts=accounts,
        )
    assert election.village is not None
    return election_plan(
        actor=actor,
        village=election.village,
        office=election.office,
        election_day=election_day,
        candidates=list(election.candidates.values_list("full_name", flat=True)),
        seats=election.seats,
        paper=election.paper,
        rerun_of=election,
        accounts=accounts,
    )
