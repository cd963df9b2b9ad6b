"""Elections voted by another module's electorate (meetings/electorates.py): a workplace
conference's delegates electing the unit's People's Inspection Board. The same Election, Candidate,
Participation and Ballot as a village's election, the same open, close, paper count, tally and
recognition; only who may vote and what a winner needs come from the electorate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Exists
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError, Forbidden

from ..electorates import ELECTORATES, electorate_of
from ..models import Election
from .elections import E, _candidate_names, _store, election_create
from .locks import read_shared
from .meetings import checked_day


@transaction.atomic
def electorate_election_plan(
    *,
    actor: Any,
    electorate: str,
    ref: int,
    office: str,
    election_day: dt.date,
    candidates: list[str],
    seats: int = 1,
    paper: bool = False,
    accounts: dict[str, Any] | None = None,
    rerun_of: Election | None = None,
) -> Election:
    """An election voted by another module's electorate (meetings/electorates.py): the body `ref`
    must be able to elect (its quorum reached) and the actor run its elections. `accounts`: as for
    election_plan."""
    if electorate not in ELECTORATES:
        raise DomainError(_("Unknown electorate."), code="bad_electorate")
    voters = ELECTORATES.get(electorate)
    if not voters.may_run(actor, ref):
        raise Forbidden(_("You may not run this election."))
    if office not in Election.Office.values or office == Election.Office.VILLAGE_HEAD:
        raise DomainError(_("Unknown office."), code="bad_office")
    checked_day(election_day, what=_("The election day"))
    voters.check_can_elect(ref, election_day)
    return election_create(
        actor=actor,
        names=_candidate_names(candidates, seats),
        accounts=accounts,
        audited=["electorate", "electorate_ref", "office", "election_day", "seats", "paper"],
        electorate=electorate,
        electorate_ref=ref,
        title=voters.name(ref)[:255],
        office=office,
        election_day=election_day,
        seats=seats,
        rerun_of=rerun_of,
        paper=paper,
    )


@transaction.atomic
def voter_ballot_cast(*, person: Any, election: Election, choices: list[int]) -> str:
    """Cast the secret ballot of a voter of another module's electorate (a conference delegate);
    the same guarantees as ballot_cast: the participation (that this person voted) and the ballot
    with its receipt are stored apart, one ballot per person (a unique constraint), under a shared
    lock on the election row that also reads whether the person is on the electorate's list."""
    voters = electorate_of(election)
    if voters is None or election.electorate_ref is None:
        raise Conflict(_("This election is voted by households."), code="household_election")
    if not getattr(person, "is_authenticated", False):
        raise Forbidden(_("Only a delegate of the conference votes in this election."))
    state = read_shared(
        Election.objects.filter(pk=election.pk).annotate(
            on_list=Exists(voters.voters(election.electorate_ref).filter(person=person))
        ),
        "status",
        "seats",
        "on_list",
    )
    if state is None or state["status"] != E.OPEN:
        raise Conflict(_("Voting is not open for this election."), code="not_open")
    if not state["on_list"]:
        raise Forbidden(_("Only a delegate of the conference votes in this election."))
    receipt = _store(
        election,
        seats=state["seats"],
        choices=choices,
        participation={"person": person},
        already=_("You have already voted; a ballot cannot be changed."),
    )
    audit(
        actor=person,
        action="meetings.ballot_cast",
        object_type="meetings.election",
        object_id=election.pk,
        after={"voter": person.pk},
    )
    return receipt
