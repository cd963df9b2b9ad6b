"""A unit's People's Inspection Board (agency, public service unit, state enterprise): its members
seated when the unit's conference elects them (workplaces calls this from meetings' recognition), and
the head and deputy head the board then chooses among them."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils.translation import gettext as _

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.permissions import forget
from danchu.accounts.services import claim_phone_record, is_walk_in
from danchu.core.audit import audit
from danchu.core.errors import DomainError

from ..models import Board, BoardMember
from ..rules import in_force
from .common import day, record


@transaction.atomic
def unit_board_seat(
    *,
    actor: Any,
    body: Body,
    elected: list[Any],
    elected_on: dt.date,
    recognised_on: dt.date,
    seats: int,
) -> list[BoardMember]:
    """Seat on the board of a unit (agency, public service unit, state enterprise: its accounts Body)
    the people its conference elected, when the election is recognised (workplaces' electorate calls
    this from meetings' recognition). The board is created on the first election. An election at a
    later conference starts a new term (`unit_board_term_months` from the recognition): the seats of
    the previous term end the day before, and a re-elected member gets a new seat for the new term. A
    second round of the same conference adds to its term. A person already seated is not seated twice,
    a closed account not at all; an account without sign-in yet (the caller recorded a winner who
    had none) is seated.
    Each seat is a Membership with the non-staff role UNIT_INSPECTION_MEMBER on the unit's body."""
    if body.kind == Body.Kind.INSPECTION_BOARD:
        raise DomainError(_("This is a commune's board: its members are elected by the villages."))
    board = Board.objects.select_for_update().filter(body=body).first()
    term_to = recognised_on + relativedelta(months=in_force("unit_board_term_months", elected_on).value)
    term_to -= dt.timedelta(days=1)
    if board is None:
        board = Board.objects.create(
            body=body,
            size=max(seats, 1),
            term_from=recognised_on,
            term_to=term_to,
            established_on=recognised_on,
        )
        record(actor, "oversight.board_establish", board, ["body_id", "size", "term_from", "term_to"])
    sitting = BoardMember.objects.filter(board=board, ended_on__isnull=True).select_related("person")
    if not sitting.filter(elected_on=elected_on).exists():
        # A new term: the board elected at an earlier conference hands over.
        for member in sitting.filter(elected_on__lt=elected_on):
            ended = max(member.term_from, recognised_on - dt.timedelta(days=1))
            member.ended_on = ended
            member.end_reason = _("Term ended: a new board was elected on %(date)s.") % {
                "date": f"{elected_on:%d/%m/%Y}"
            }
            member.save(update_fields=["ended_on", "end_reason"])
            Membership.objects.filter(pk=member.membership_id).update(valid_to=ended)
            forget(member.person)
            record(actor, "oversight.member_end", member, ["ended_on", "end_reason"])
        before = {"term_from": board.term_from, "term_to": board.term_to, "size": board.size}
        board.term_from, board.term_to, board.size = recognised_on, term_to, max(seats, 1)
        board.save(update_fields=["term_from", "term_to", "size"])
        record(actor, "oversight.board_term", board, ["term_from", "term_to", "size"], before)
    assert board.term_from is not None and board.term_to is not None
    seated = set(sitting.values_list("person_id", flat=True))
    title = str(BoardMember.Position.MEMBER.label)
    created = []
    for person in elected:
        # A closed account is not seated; an account without sign-in yet (a winner who had none,
        # recorded by workplaces through accounts' walk-in record) is.
        if person.pk in seated or not (person.is_active or is_walk_in(person)):
            continue
        seated.add(person.pk)
        membership = Membership.objects.create(
            person=person,
            role=Role.UNIT_INSPECTION_MEMBER,
            body=body,
            title=title,
            valid_from=board.term_from,
            valid_to=board.term_to,
        )
        forget(person)
        member = BoardMember.objects.create(
            board=board,
            person=person,
            membership=membership,
            electorate=BoardMember.Electorate.CONFERENCE,
            village=None,
            position=BoardMember.Position.MEMBER,
            elected_on=elected_on,
            term_from=board.term_from,
            term_to=board.term_to,
            recognised_on=recognised_on,
        )
        record(actor, "oversight.unit_member_seat", member, ["board_id", "person_id", "elected_on"])
        created.append(member)
    active = BoardMember.objects.filter(board=board, ended_on__isnull=True).count()
    if active > board.size:
        before = {"size": board.size}
        board.size = active
        board.save(update_fields=["size"])
        record(actor, "oversight.board_size", board, ["size"], before)  # every state change audited
    return created


@transaction.atomic
def unit_board_positions(
    *,
    actor: Any,
    board: Board,
    head: BoardMember | int,
    deputy: BoardMember | int | None = None,
    on: dt.date | None = None,
) -> Board:
    """Record the head (Trưởng ban) and, if any, the deputy head (Phó Trưởng ban) the newly elected
    board of a unit chose from among its sitting members (a board has a head, a deputy head and
    members, DOMAIN.md §6.1; [U] the same structure for a unit's board). One head, at most one
    deputy, not the same person; every other sitting member is a member (`head`, `deputy`: a
    BoardMember or its id). Recording again replaces the previous choice (the audit keeps it). The
    seat's title (its accounts Membership) follows the position."""
    if not board.is_unit:
        raise DomainError(
            _("A commune's board records the position of each member when the member is added."),
            code="not_unit_board",
        )
    on = day(on, label=_("Date"))
    board = Board.objects.select_for_update().get(pk=board.pk)
    sitting = {
        m.pk: m
        for m in BoardMember.objects.filter(board=board, ended_on__isnull=True).select_related("person")
    }
    chosen: dict[str, int | None] = {
        "head": head.pk if isinstance(head, BoardMember) else head,
        "deputy": deputy.pk if isinstance(deputy, BoardMember) else deputy,
    }
    refusals = {
        "head": _("Choose the head among the sitting members of the board."),
        "deputy": _("Choose the deputy head among the sitting members of the board."),
    }
    for key, pk in chosen.items():
        if pk is None and key == "deputy":
            continue
        if pk is None or pk not in sitting:
            raise DomainError(refusals[key], code="not_a_member")
        if sitting[pk].term_from > on:
            raise DomainError(
                _("%(person)s did not sit on the board on that day.") % {"person": sitting[pk].person},
                code="not_yet_seated",
            )
    if chosen["deputy"] is not None and chosen["deputy"] == chosen["head"]:
        raise DomainError(
            _("The head and the deputy head must be two different members."), code="same_person"
        )
    head_pk, deputy_pk = chosen["head"], chosen["deputy"]
    assert head_pk is not None  # refused above otherwise
    wanted = {pk: BoardMember.Position.MEMBER for pk in sitting}
    wanted[head_pk] = BoardMember.Position.HEAD
    if deputy_pk is not None:
        wanted[deputy_pk] = BoardMember.Position.DEPUTY
    before = {
        str(pos): [m.pk for m in sitting.values() if m.position == pos]
        for pos in (BoardMember.Position.HEAD, BoardMember.Position.DEPUTY)
    }
    for pk, position in wanted.items():
        member = sitting[pk]
        if member.position == position:
            continue
        member.position = position
        member.position_since = None if position == BoardMember.Position.MEMBER else on
        member.save(update_fields=["position", "position_since"])
        Membership.objects.filter(pk=member.membership_id).update(
            title=str(BoardMember.Position(position).label)
        )
        forget(member.person)
    audit(
        actor=actor,
        action="oversight.board_positions",
        obj=board,
        before=before,
        after={"head": chosen["head"], "deputy": chosen["deputy"], "on": on.isoformat()},
    )
    return board


@transaction.atomic
def unit_member_claim_send(*, actor: Any, member: BoardMember, phone: str) -> BoardMember:
    """A unit's representative records the phone of a sitting member whose account has no sign-in
    yet (elected without one): accounts sends them, by SMS, a code and the link to claim it. Asked
    again, a new code goes out (a mistyped number is corrected the same way)."""
    if not member.board.is_unit:
        raise DomainError(_("Only a unit's board records its members this way."), code="not_unit_board")
    if member.ended_on is not None:
        raise DomainError(_("This member's seat has ended."), code="seat_ended")
    claim_phone_record(actor=actor, person=member.person, phone=phone)
    audit(
        actor=actor,
        action="oversight.unit_member_claim_send",
        obj=member,
        after={"person_id": member.person_id},
        on_behalf_of=member.person,
    )
    return member
