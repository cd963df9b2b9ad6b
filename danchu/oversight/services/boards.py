"""Boards: the Front sets a board up and recognises its members; members keep their programme."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.permissions import forget
from danchu.accounts.queries import villages_of
from danchu.core.calendar import today
from danchu.core.errors import Conflict, DomainError
from danchu.places.models import Level, Place

from ..models import Board, BoardMember, Period, Plan, PlanVersion
from ..rules import in_force
from .common import day, not_too_early, record, text

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
    not_too_early(term_from, label=_("Term from"))
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


def _check_residence(person: Any, commune: Place) -> None:
    """Law 10/2022, Art. 37: a member lives in the area. Refused when the person is known to live only
    elsewhere (household links, resident roles); a person the site knows no residence of is the
    Front's to vouch for, as on paper."""
    known = villages_of(person)
    if known.exists() and not known.filter(Q(parent=commune) | Q(pk=commune.pk)).exists():
        raise DomainError(
            _(
                "%(person)s does not live in %(commune)s and cannot be a member of its People's Inspection "
                "Board (Law 10/2022, Art. 37)."
            )
            % {"person": person, "commune": commune.name}
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
    _check_residence(data.person, board.body.place)
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
    if member.ended_on < member.elected_on:
        raise DomainError(_("A membership cannot end before the member was elected."))
    member.end_reason = text(reason, label=_("Reason"), limit=300)
    member.save(update_fields=["ended_on", "end_reason"])
    # The role stops counting now, not at the end of the day: a member removed this morning must not
    # read the board's confidential matters this afternoon (accounts.membership_end does the same).
    last_day = min(member.ended_on, today() - dt.timedelta(days=1))
    Membership.objects.filter(pk=member.membership_id).update(valid_to=last_day)
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


def _period_bounds(period: str, year: int, number: int) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a quarter, a half or a year (a term's plan spans the term)."""
    months = {Period.QUARTER: 3, Period.HALF_YEAR: 6, Period.YEAR: 12}.get(Period(period))
    if months is None:
        return None
    first = dt.date(year, months * ((number if months < 12 else 1) - 1) + 1, 1)
    return first, first + relativedelta(months=months, days=-1)


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
    not_too_early(data.start_on, label=_("From"))
    bounds = _period_bounds(data.period, data.year, data.number)
    if bounds is not None and not (bounds[0] <= data.start_on and data.end_on <= bounds[1]):
        # The public page lists a year's plans by the period they name: a plan "quarter 2/2026" that
        # runs from 2019 would be shown, and counted, where it does not belong.
        raise DomainError(
            _("The dates of this plan must fall within its period: from %(start)s to %(end)s.")
            % {"start": f"{bounds[0]:%d/%m/%Y}", "end": f"{bounds[1]:%d/%m/%Y}"}
        )
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
