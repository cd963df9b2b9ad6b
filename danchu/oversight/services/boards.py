"""Boards: the Front sets a board up and recognises its members; members keep their programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils.translation import gettext as _

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.permissions import forget
from danchu.accounts.services import is_walk_in
from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError
from danchu.places.models import Level, Place

from ..models import Board, BoardMember, Period, Plan, PlanVersion
from ..rules import in_force
from .common import day, record, text

# Law 10/2022, Art. 37: a member may not at the same time be an official, civil servant or part-timer
# of the commune, the village or the residential group.
INCOMPATIBLE_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN, Role.VILLAGE_HEAD})


@transaction.atomic
def board_establish(
    *,
    actor: Any,
    place: Place,
    size: int,
    term_from: dt.date,
    term_to: dt.date,
    name: str = "",
    contact: str = "",
    body: Body | None = None,
) -> Board:
    """The commune Front sets up the People's Inspection Board of its commune (or of an agency's body)."""
    if body is None and place.level != Level.COMMUNE:
        raise DomainError(_("A People's Inspection Board is set up for a commune."))
    minimum = in_force("board_min_size", term_from).value
    if size < minimum:
        raise DomainError(_("A board has at least %(n)s members.") % {"n": minimum})
    if term_to <= term_from:
        raise DomainError(_("The term must end after it starts."))
    if body is None:
        if Board.objects.filter(body__place=place, body__kind=Body.Kind.INSPECTION_BOARD).exists():
            raise Conflict(_("This commune already has a People's Inspection Board."))
        short = place.name
        body = Body.objects.filter(
            kind=Body.Kind.INSPECTION_BOARD, place=place
        ).first() or Body.objects.create(
            kind=Body.Kind.INSPECTION_BOARD,
            name=text(name, label=_("Name"), limit=255, required=False)
            or _("People's Inspection Board of %(place)s") % {"place": short},
            place=place,
        )
    elif Board.objects.filter(body=body).exists():
        raise Conflict(_("This body already has a People's Inspection Board."))
    board = Board.objects.create(
        body=body,
        size=size,
        term_from=term_from,
        term_to=term_to,
        contact=text(contact, label=_("Contact"), limit=300, required=False),
        established_on=term_from,
    )
    record(actor, "oversight.board_establish", board, ["body_id", "size", "term_from", "term_to"])
    return board


def board_of_body(body: Body) -> Board:
    """The board record of an inspection-board body, created on first use (bodies made by accounts)."""
    board, _created = Board.objects.get_or_create(body=body)
    return board


def _check_standards(person: Any, on: dt.date) -> None:
    held = Membership.objects.active(on).filter(person=person, role__in=INCOMPATIBLE_ROLES)
    if held.exists():
        raise DomainError(
            _(
                "%(person)s holds an office in the commune or a village and cannot be a member of the "
                "People's Inspection Board (Law 10/2022, Art. 37)."
            )
            % {"person": person}
        )


@dataclass(frozen=True)
class MemberData:
    person: Any
    village: Place
    position: str = BoardMember.Position.MEMBER
    elected_on: dt.date | None = None
    by_election: bool = False
    public_phone: bool = False
    public_note: str = ""


@transaction.atomic
def member_add(*, actor: Any, board: Board, data: MemberData) -> BoardMember:
    """Record a member elected by a village meeting (or a by-election) and give them the board's role."""
    if board.is_unit:
        raise DomainError(
            _(
                "A unit's board members are elected at its conference and seated when the election is recognised."
            )
        )
    elected = day(data.elected_on, label=_("Election date"))
    village = data.village
    if village.level != Level.VILLAGE or village.parent_id != board.body.place_id:
        raise DomainError(_("Choose a village of the board's commune."))
    if data.position not in BoardMember.Position.values:
        raise DomainError(_("Choose a position."))
    if board.term_from is None or board.term_to is None:
        raise DomainError(_("Set the board's term first."))
    if elected > board.term_to:
        raise DomainError(_("The board's term has ended."))
    _check_standards(data.person, elected)
    active = BoardMember.objects.filter(board=board, ended_on__isnull=True)
    if active.filter(person=data.person).exists():
        raise Conflict(_("%(person)s is already a member of this board.") % {"person": data.person})
    if active.count() >= board.size:
        raise DomainError(_("The board already has its %(n)s members.") % {"n": board.size})
    if (
        data.position == BoardMember.Position.HEAD
        and active.filter(position=BoardMember.Position.HEAD).exists()
    ):
        raise Conflict(_("The board already has a head."))
    if data.by_election:
        rule = in_force("by_election_min_months", elected)
        if elected + relativedelta(months=rule.value) > board.term_to:
            raise DomainError(
                _("A by-election is held only when at least %(n)s months of the term remain (%(article)s).")
                % {"n": rule.value, "article": rule.article}
            )
    term_from = max(elected, board.term_from)
    title = str(BoardMember.Position(data.position).label)
    # A role granted before the board was recorded here (by an administrator) becomes the seat.
    membership = (
        Membership.objects.active(elected)
        .filter(
            person=data.person, role=Role.INSPECTION_MEMBER, body=board.body, inspection_seat__isnull=True
        )
        .first()
    )
    if membership is not None:
        membership.valid_from, membership.valid_to, membership.title = term_from, board.term_to, title
        membership.save(update_fields=["valid_from", "valid_to", "title"])
    else:
        membership = Membership.objects.create(
            person=data.person,
            role=Role.INSPECTION_MEMBER,
            place=board.body.place,
            body=board.body,
            title=title,
            valid_from=term_from,
            valid_to=board.term_to,
        )
    forget(data.person)
    member = BoardMember.objects.create(
        board=board,
        person=data.person,
        membership=membership,
        village=village,
        position=data.position,
        election=BoardMember.Election.BY_ELECTION if data.by_election else BoardMember.Election.REGULAR,
        elected_on=elected,
        term_from=term_from,
        term_to=board.term_to,
        public_phone=data.public_phone,
        public_note=text(data.public_note, label=_("Contact"), limit=300, required=False),
    )
    record(
        actor, "oversight.member_add", member, ["board_id", "person_id", "village_id", "position", "election"]
    )
    return member


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
        board.size = active
        board.save(update_fields=["size"])
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
        member.save(update_fields=["position"])
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
def member_recognise(*, actor: Any, member: BoardMember, on: dt.date | None = None) -> BoardMember:
    """The commune Front recognises a member elected by a village."""
    if member.recognised_on is not None:
        raise Conflict(_("This member is already recognised."))
    member.recognised_on = day(on, label=_("Date"))
    member.save(update_fields=["recognised_on"])
    record(actor, "oversight.member_recognise", member, ["recognised_on"])
    return member


@transaction.atomic
def member_end(*, actor: Any, member: BoardMember, reason: str, on: dt.date | None = None) -> BoardMember:
    """A member leaves (resignation, removal proposed by the Front, moving away): the role ends too."""
    if member.ended_on is not None:
        raise Conflict(_("This membership has already ended."))
    member.ended_on = day(on, label=_("Date"))
    member.end_reason = text(reason, label=_("Reason"), limit=300)
    member.save(update_fields=["ended_on", "end_reason"])
    Membership.objects.filter(pk=member.membership_id).update(valid_to=member.ended_on)
    forget(member.person)
    record(actor, "oversight.member_end", member, ["ended_on", "end_reason"])
    return member


@transaction.atomic
def member_contact(*, actor: Any, member: BoardMember, public_phone: bool, public_note: str) -> BoardMember:
    """A member chooses what citizens see of them (the phone only if they publish it)."""
    before = {"public_phone": member.public_phone, "public_note": member.public_note}
    member.public_phone = bool(public_phone)
    member.public_note = text(public_note, label=_("Contact"), limit=300, required=False)
    member.save(update_fields=["public_phone", "public_note"])
    record(actor, "oversight.member_contact", member, ["public_phone", "public_note"], before)
    return member


@dataclass(frozen=True)
class PlanData:
    period: str
    year: int
    title: str
    objectives: str
    contents: str
    start_on: dt.date
    end_on: dt.date
    number: int = 0
    budget: int = 0
    public: bool = True


PLAN_FIELDS = [
    "period",
    "year",
    "number",
    "title",
    "objectives",
    "contents",
    "start_on",
    "end_on",
    "budget",
    "public",
]


def _clean_plan(data: PlanData) -> dict[str, Any]:
    if data.period not in Period.values:
        raise DomainError(_("Choose a period."))
    if not 2000 <= data.year <= 2100:
        raise DomainError(_("Enter a valid year."))
    if data.period == Period.QUARTER and data.number not in (1, 2, 3, 4):
        raise DomainError(_("Choose the quarter (1 to 4)."))
    if data.period == Period.HALF_YEAR and data.number not in (1, 2):
        raise DomainError(_("Choose the half of the year (1 or 2)."))
    if data.end_on < data.start_on:
        raise DomainError(_("The plan must end after it starts."))
    if data.budget < 0 or data.budget > 10**13:
        raise DomainError(_("Enter a valid budget."))
    cleaned = asdict(data)
    cleaned["title"] = text(data.title, label=_("Title"), limit=255)
    cleaned["objectives"] = text(data.objectives, label=_("Objectives"), limit=5000)
    cleaned["contents"] = text(data.contents, label=_("Contents"), limit=20000)
    if data.period not in (Period.QUARTER, Period.HALF_YEAR):
        cleaned["number"] = 0
    return cleaned


@transaction.atomic
def plan_create(*, actor: Any, board: Board, data: PlanData) -> Plan:
    plan = Plan.objects.create(board=board, **_clean_plan(data))
    record(actor, "oversight.plan_create", plan, PLAN_FIELDS)
    return plan


@transaction.atomic
def plan_adjust(*, actor: Any, plan: Plan, data: PlanData, reason: str) -> Plan:
    """Adjust a plan (Decree 59/2023, Art. 14: plans can be adjusted); the previous text is kept."""
    reason = text(reason, label=_("Reason for the adjustment"), limit=500)
    cleaned = _clean_plan(data)
    from danchu.core.audit import snapshot

    before = snapshot(plan, PLAN_FIELDS)
    PlanVersion.objects.create(
        plan=plan, version=plan.version, content=before, reason=reason, changed_by=actor
    )
    for name, value in cleaned.items():
        setattr(plan, name, value)
    plan.version += 1
    plan.save(update_fields=[*PLAN_FIELDS, "version", "updated_at"])
    record(actor, "oversight.plan_adjust", plan, [*PLAN_FIELDS, "version"], before)
    return plan
