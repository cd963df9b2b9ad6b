"""The unit's People's Inspection Board (Ban Thanh tra nhân dân) elected at its conference (issue
#14; DOMAIN.md §7.1: "PIB report and PIB election"), through meetings' secret ballot: the same
Election, Participation and Ballot apart, one ballot per voter, receipts, tally only after the vote
closes, paper ballot boxes counted by the vote-counting team (ban kiểm phiếu). Here the electorate is
the conference: the delegates present who have an account vote online, the others on paper; a
conference below its quorum elects nobody, and a winner needs the conference rule's passing share
(more than 50% of the delegates present, or of those convened for an employees' conference).

meetings knows the conference only through the `Electorate` registered here (meetings must not
import workplaces)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from danchu.accounts.permissions import is_admin
from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError
from danchu.core.i18n import later
from danchu.meetings import services as meetings
from danchu.meetings.electorates import ELECTORATES, Majority

from .checks import storable
from .models import Conference, ConferenceRule, Delegate, Ownership, UnitType
from .permissions import can_manage, can_view_conference, is_representative
from .services import lock_conference

ELECTORATE = "workplaces.conference"
OFFICE = "inspection_board"  # meetings' Election.Office.INSPECTION_BOARD


def _conference(ref: int) -> Conference:
    found = Conference.objects.select_related("unit__body__place", "rule").filter(pk=ref).first()
    if found is None:
        raise DomainError(_("No such conference."), code="no_conference")
    return found


def has_inspection_board(unit: Any) -> bool:
    """[U] A People's Inspection Board is elected in state agencies and public service units (Decree
    04/2015 model, DOMAIN.md §7.1) and in state-owned enterprises (Law 10/2022 Chapter IV);
    other enterprises have none."""
    return unit.unit_type != UnitType.ENTERPRISE or unit.ownership == Ownership.STATE


class ConferenceDelegates:
    """The electorate of a conference (meetings/electorates.py), `ref` its id."""

    def name(self, ref: int) -> str:
        return str(_conference(ref))

    def may_run(self, person: Any, ref: int) -> bool:
        return can_manage(person, _conference(ref).unit)

    def may_view(self, person: Any, ref: int) -> bool:
        return can_view_conference(person, _conference(ref))

    def may_recognise(self, person: Any, ref: int) -> bool:
        # [U] Decree 04/2015 model: the unit's trade union executive committee recognises the board
        # its conference elected; its representatives act for it here (not the commune's staff).
        return is_admin(person) or is_representative(person, _conference(ref).unit)

    def check_can_elect(self, ref: int, on: dt.date) -> None:
        c = _conference(ref)
        if c.status != Conference.Status.HELD or c.delegates_present is None:
            raise DomainError(_("Record the attendance before the votes."), code="not_held")
        if not c.quorum_met:
            raise DomainError(
                _("The conference did not reach its quorum (%(p)d of %(c)d present): it cannot elect.")
                % {"p": c.delegates_present, "c": c.delegates_convened},
                code="no_quorum",
            )

    def voters(self, ref: int) -> QuerySet[Delegate]:
        return Delegate.objects.filter(conference_id=ref)

    def roll(self, ref: int) -> int:
        return _conference(ref).delegates_present or 0

    def majority(self, ref: int) -> Majority:
        c = _conference(ref)
        present = c.rule.pass_base == ConferenceRule.PassBase.PRESENT
        base = (c.delegates_present or 0) if present else c.delegates_convened
        return Majority(base, Decimal(c.rule.pass_percent), c.rule.article)

    def seat(self, ref: int, office: str, election: Any) -> list[int]:
        """The elected become members of the unit's board (oversight's Board on the unit's Body,
        created on the first election), with the non-staff role UNIT_INSPECTION_MEMBER: it reads
        their own unit's records and their board's work, nothing of the commune. A winner named
        without an account is seated with the account `winner_account` finds or records for them
        (without sign-in until they claim it); `seating` says afterwards who sits and who does not."""
        c = _conference(ref)
        if office != OFFICE or not has_inspection_board(c.unit):
            return []
        from danchu.oversight.services import unit_board_seat

        winners = election.candidates.filter(elected=True).select_related("person").order_by("pk")
        members = unit_board_seat(
            actor=election.recognised_by,
            body=c.unit.body,
            elected=[winner_account(election.recognised_by, c, w) for w in winners],
            elected_on=election.election_day,
            recognised_on=election.recognised_on,
            seats=election.seats,
        )
        return [m.membership_id for m in members]


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def winner_account(actor: Any, conference: Conference, candidate: Any) -> Any:
    """The account a winner is seated with: the candidate's own; else the one delegate listed at the
    conference with exactly this name (delegates are the unit's people, listed by their account);
    else the account without sign-in recorded when this name was seated on the unit's board before;
    else a new account without sign-in (accounts' walk-in record: the name, no password) that the
    person claims once the unit's representatives record their phone (docs/workplaces.md)."""
    if candidate.person is not None:
        return candidate.person
    from danchu.accounts import services as accounts
    from danchu.oversight.queries import unit_board_people

    name = candidate.full_name
    delegates = [
        d.person
        for d in Delegate.objects.filter(conference=conference).select_related("person")
        if d.person.is_active and _same_name(d.person.full_name, name)
    ]
    if len(delegates) == 1:
        return delegates[0]
    earlier = [
        p
        for p in unit_board_people(conference.unit.body)
        if accounts.is_walk_in(p) and _same_name(p.full_name, name)
    ]
    if len(earlier) == 1:
        return earlier[0]
    return accounts.walk_in_register(actor=actor, full_name=name)


def seating(election: Any) -> list[dict[str, Any]]:
    """After recognition, for each winner: whether they sit on the unit's board (and whether their
    account can sign in yet) or why not. Shown on the election's page, so nobody is dropped unseen."""
    if election.status != "recognised" or election.office != OFFICE:
        return []
    from danchu.accounts.services import is_walk_in
    from danchu.oversight.queries import unit_board, unit_board_seats

    c = _conference(election.electorate_ref)
    board = unit_board(c.unit.body)
    seats = unit_board_seats(board, elected_on=election.election_day) if board is not None else []
    rows = []
    for cand in election.candidates.filter(elected=True).select_related("person").order_by("pk"):
        if cand.person is not None:
            seat = next((m for m in seats if m.person_id == cand.person_id), None)
        else:
            seat = next((m for m in seats if _same_name(m.person.full_name, cand.full_name)), None)
        if seat is not None and seat.ended_on is not None:
            status = "ended"
        elif seat is not None:
            status = "no_sign_in" if is_walk_in(seat.person) else "seated"
        elif not has_inspection_board(c.unit):
            status = "no_board"
        elif cand.person is not None and not cand.person.is_active:
            status = "closed"
        else:
            status = "not_seated"
        rows.append({"name": cand.full_name, "status": status, "seat": seat})
    return rows


def register() -> None:
    ELECTORATES.register(ELECTORATE, ConferenceDelegates())


@transaction.atomic
def delegate_add(*, actor: Any, conference: Conference, person: Any) -> Delegate:
    """List a delegate present at the conference who has an account (they may then vote online).
    No more delegates listed than were present. The caller has checked the actor manages the
    conference (workplaces.manage_conference), as for the other use cases of a conference."""
    c = Conference.objects.select_for_update().filter(pk=conference.pk).first()
    assert c is not None
    if c.status != Conference.Status.HELD or c.delegates_present is None:
        raise DomainError(_("Record the attendance before the votes."), code="not_held")
    if Delegate.objects.filter(conference=c).count() >= c.delegates_present:
        raise DomainError(
            _("%(n)d delegates were present: no more can be listed.") % {"n": c.delegates_present},
            code="too_many_delegates",
        )
    try:
        with transaction.atomic():
            d = Delegate.objects.create(
                conference=c,
                person=person,
                added_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        raise Conflict(_("This person is already listed as a delegate."), code="delegate_twice") from None
    audit(actor=actor, action="workplaces.delegate_add", obj=c, after={"person": person.pk})
    _tell_delegate(person, c)
    return d


def _tell_delegate(person: Any, conference: Conference) -> None:
    """The delegate learns where to vote: nothing else leads them to the conference's page."""
    from django.urls import reverse

    from danchu.accounts.notify import notify

    notify(
        person,
        subject=later(lambda: _("You are listed as a delegate of %(c)s") % {"c": conference}),
        body=later(
            lambda: _("You may vote online on the resolutions and elections of this conference on its page.")
        ),
        url=reverse("workplaces:conference", args=[conference.pk]),
    )


@transaction.atomic
def inspection_board_elect(
    *,
    actor: Any,
    conference: Conference,
    candidates: list[str],
    seats: int,
    paper: bool = False,
    accounts: dict[str, Any] | None = None,
) -> Any:
    """Put the election of the unit's People's Inspection Board to the conference (held, quorum
    reached); meetings holds the vote. Returns the meetings Election. Like resolution_open, under
    the conference's row lock: an attendance correction waits, then is refused."""
    candidates = [storable(name, label=_("Candidates")) for name in candidates]
    conference = lock_conference(conference)
    if not has_inspection_board(conference.unit):
        raise DomainError(
            _(
                "Only agencies, public service units and state-owned enterprises elect a People's Inspection Board."
            ),
            code="no_board",
        )
    return meetings.electorate_election_plan(
        actor=actor,
        electorate=ELECTORATE,
        ref=conference.pk,
        office=OFFICE,
        election_day=conference.held_on or conference.planned_on,
        candidates=candidates,
        seats=seats,
        paper=paper,
        accounts=accounts,
    )
