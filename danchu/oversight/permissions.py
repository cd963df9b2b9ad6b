"""Who may do what in oversight, and the getters that combine lookup with it.

- A board's members work on its matters and plans; the commune Front sets the board up and
  recognises its members (Law 10/2022, Art. 36; the Front steers the board).
- The Front, the steering committees above and administrators read a board's work; nobody else reads
  a matter that is not public, except the person a recommendation is addressed to and the citizen
  who sent it. A board member of another commune gets 404 like anyone else.
- A unit's board (agency, public service unit, state enterprise; attached to the unit's Body) is
  worked by its members (role UNIT_INSPECTION_MEMBER, not staff), read by them, the steering members
  of its place and above and administrators; the unit's representatives (who recognise its election)
  end a seat, record the head and deputy head the board chose and send a member elected without an
  account the code to claim it (the rule oversight.set_positions). Its members read nothing of the
  commune: not its board, cases or calendar.
- The rules a unit board's member needs are gated "signed in" (they are not staff); the predicate is
  the check, as for every rule.
- The competent person a recommendation names answers it (the commune chairman when no account is
  named for a matter's recommendation).
- The Front officers of a place run its supervisions; the Front and steering members above read them.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404

from danchu.accounts.models import Body, Role
from danchu.accounts.permissions import can_act_in_place, can_read_place, has_role, is_admin, memberships
from danchu.core.access import PUBLIC, SIGNED_IN, get_for, rule
from danchu.core.audit import audit
from danchu.places.models import Level, Place

from .models import Board, BoardMember, Channel, DocumentRequest, Matter, Plan, Recommendation, Supervision

READERS = frozenset({Role.FRONT_OFFICER, Role.STEERING_MEMBER})
# A unit's board is no business of the commune Front; the steering committees above read it.
UNIT_READERS = frozenset({Role.STEERING_MEMBER})
SEAT_ROLES = frozenset({Role.INSPECTION_MEMBER, Role.UNIT_INSPECTION_MEMBER})
# A matter's findings are published once concluded (a flag on a matter still open publishes nothing).
PUBLISHED = (Matter.Status.CONCLUDED, Matter.Status.RECOMMENDED, Matter.Status.RESOLVED)


def board_of(obj: Any) -> Board:
    """The board of a board, a member or a plan (rules on a board apply to what belongs to it)."""
    return obj if isinstance(obj, Board) else obj.board


def seat_of(person: Any, board: Board) -> bool:
    """Holds an active People's Inspection Board role in this board (the role of its kind)."""
    role = board.member_role
    return any(m.role == role and m.body_id == board.body_id for m in memberships(person))


def represents_unit_of(person: Any, board: Board) -> bool:
    """A representative of the unit whose board this is (role WORKPLACE_REP on the same body)."""
    return board.is_unit and any(
        m.role == Role.WORKPLACE_REP and m.body_id == board.body_id for m in memberships(person)
    )


def board_communes(person: Any) -> list[int]:
    """The communes (place ids) whose People's Inspection Board the person serves on: the cases they
    handle when a citizen's information is routed to the board (cases' "handled by" hook)."""
    return [
        m.body.place_id
        for m in memberships(person)
        if m.role == Role.INSPECTION_MEMBER
        and m.body is not None
        and m.body.kind == Body.Kind.INSPECTION_BOARD
    ]


def board_people(case: Any) -> list[Any]:
    """The serving members of the board of the case's commune (whom cases may assign the case to)."""
    from danchu.accounts.models import Membership

    rows = Membership.objects.active().filter(
        role=Role.INSPECTION_MEMBER, body__kind=Body.Kind.INSPECTION_BOARD, body__place_id=case.unit_id
    )
    return [m.person for m in rows.select_related("person") if m.person.is_active]


def is_front_of(person: Any, place: Any) -> bool:
    """A Fatherland Front officer acting at exactly this place (or an administrator)."""
    return can_act_in_place(person, place, {Role.FRONT_OFFICER})


def reads_board(person: Any, board: Board) -> bool:
    readers = UNIT_READERS if board.is_unit else READERS
    return is_admin(person) or seat_of(person, board) or can_read_place(person, board.place, readers)


def manages_board(person: Any, board: Board) -> bool:
    """The commune Front manages its commune's board; the unit's representatives a unit's board."""
    if board.is_unit:
        return is_admin(person) or represents_unit_of(person, board)
    return is_front_of(person, board.place)


def is_addressee(person: Any, rec: Recommendation) -> bool:
    if not getattr(person, "is_authenticated", False):
        return False
    if rec.addressee_person_id is not None:
        return bool(rec.addressee_person_id == person.pk)
    if rec.matter_id is not None:
        board = rec.matter.board  # type: ignore[union-attr]
        # A unit's board recommends to the unit's own competent person, never the commune's chairman:
        # unnamed, its answer is recorded by the board (can_answer).
        return not board.is_unit and has_role(person, Role.COMMUNE_CHAIRMAN, board.place)
    return False


def can_answer(person: Any, rec: Recommendation) -> bool:
    """The competent person answers; an answer that came on paper (a written reply, whether or not an
    account was named) is recorded by the board or the Front that made the recommendation."""
    return is_addressee(person, rec) or can_follow_up(person, rec)


def reads_matter_record(person: Any, matter: Matter) -> bool:
    """Reads the matter's record (classification, plan, document requests), not only the findings
    the board published: those who read the board's work, the sender and the competent persons it
    recommends to."""
    if reads_board(person, matter.board):
        return True
    if not getattr(person, "is_authenticated", False):
        return False
    if matter.submitted_by_id == person.pk:
        return True
    return any(is_addressee(person, r) for r in matter.recommendations.all())


def reads_reported_words(person: Any, matter: Matter, *, handles: bool | None = None) -> bool:
    """What was reported. A matter routed from a case holds the citizen's own words, which cases seals
    from the commune's staff, its chairman and the Front (the informant is protected as a denouncer):
    the board that handles it and the sender read them. A slip the board recorded is the board's own
    note, read with the record. `handles`: can_handle_matter, when the caller already knows it."""
    if matter.channel == Channel.CASE:
        if handles is None:
            handles = can_handle_matter(person, matter)
        return handles or (getattr(person, "is_authenticated", False) and matter.submitted_by_id == person.pk)
    return reads_matter_record(person, matter)


def can_view_matter(person: Any, matter: Matter) -> bool:
    """Published findings are everyone's (signed in); the rest is the record's readers'."""
    return (matter.public and matter.status in PUBLISHED) or reads_matter_record(person, matter)


def can_handle_matter(person: Any, matter: Matter) -> bool:
    return is_admin(person) or seat_of(person, matter.board)


def can_follow_up(person: Any, rec: Recommendation) -> bool:
    if rec.matter_id is not None:
        return can_handle_matter(person, rec.matter)  # type: ignore[arg-type]
    return can_supervise(person, rec.supervision.front)  # type: ignore[union-attr]


def can_view_recommendation(person: Any, rec: Recommendation) -> bool:
    if is_addressee(person, rec):
        return True
    if rec.matter_id is not None:
        return can_view_matter(person, rec.matter)  # type: ignore[arg-type]
    return can_view_supervision(person, rec.supervision)  # type: ignore[arg-type]


def can_supervise(person: Any, front: Body) -> bool:
    return front.kind == Body.Kind.FATHERLAND_FRONT and is_front_of(person, front.place)


def reads_supervision_record(person: Any, s: Supervision) -> bool:
    """Reads the supervision's record (the Front's follow-up notes), not only its published findings."""
    if is_admin(person) or can_read_place(person, s.front.place, READERS):
        return True
    return any(is_addressee(person, r) for r in s.recommendations.all())


def can_view_supervision(person: Any, s: Supervision) -> bool:
    return s.public or reads_supervision_record(person, s)


def works_in_oversight(person: Any) -> bool:
    """Shown the oversight entry of the back office."""
    roles = {Role.INSPECTION_MEMBER, Role.FRONT_OFFICER, Role.COMMUNE_CHAIRMAN, Role.STEERING_MEMBER}
    # Not UNIT_INSPECTION_MEMBER: not staff, they reach their board from their own page.
    return is_admin(person) or any(m.role in roles for m in memberships(person))


def register() -> None:
    from .seats import register as register_seats  # meetings' hook for the members it elects

    register_seats()
    # Signed in, not staff: a unit board's members are not staff (their seat is the check).
    rule("oversight.read_board", lambda p, obj: reads_board(p, board_of(obj)), who=SIGNED_IN)
    rule("oversight.establish_board", lambda p, place: is_front_of(p, place))
    rule("oversight.manage_board", lambda p, obj: manages_board(p, board_of(obj)))
    # The positions a unit's board chose (head, deputy): recorded by the unit's representatives, who
    # recognise its election (a commune's board records them when the Front adds a member).
    rule("oversight.set_positions", lambda p, obj: board_of(obj).is_unit and manages_board(p, board_of(obj)))
    rule("oversight.work", lambda p, obj: is_admin(p) or seat_of(p, board_of(obj)), who=SIGNED_IN)
    rule("oversight.view_matter", can_view_matter, who=SIGNED_IN)
    rule("oversight.read_matter_record", reads_matter_record, who=SIGNED_IN)
    rule("oversight.read_reported_words", reads_reported_words, who=SIGNED_IN)
    rule("oversight.handle_matter", can_handle_matter, who=SIGNED_IN)
    rule("oversight.view_recommendation", can_view_recommendation, who=SIGNED_IN)
    rule("oversight.answer", can_answer)
    rule("oversight.follow_up", can_follow_up, who=SIGNED_IN)
    rule("oversight.supervise", can_supervise)
    rule("oversight.view_supervision", can_view_supervision, who=SIGNED_IN)
    rule("oversight.read_supervision_record", reads_supervision_record, who=SIGNED_IN)
    rule("oversight.send_information", lambda p, board: True, who=SIGNED_IN)
    rule("oversight.public", lambda p, obj: True, who=PUBLIC)


# --- Getters: one per object kind; 404 for missing and forbidden alike -------------------------------


def board_for(person: Any, pk: Any, action: str = "oversight.read_board") -> Board:
    return get_for(
        person, Board.objects.select_related("body__place"), action, memo="oversight.board_for", pk=pk
    )


def member_for(person: Any, pk: Any, action: str = "oversight.manage_board") -> BoardMember:
    qs = BoardMember.objects.select_related("board__body__place", "person")
    return get_for(person, qs, action, memo="oversight.member_for", pk=pk)


def plan_for(person: Any, pk: Any, action: str = "oversight.work") -> Plan:
    return get_for(
        person, Plan.objects.select_related("board__body__place"), action, memo="oversight.plan_for", pk=pk
    )


def matter_for(person: Any, pk: Any, action: str = "oversight.view_matter") -> Matter:
    """The matter if the person may `action` it, else 404; a signed-in person refused a matter that
    exists is audited (a matter may hold who reported it), a probe of missing ids is not."""
    try:
        qs = Matter.objects.select_related("board__body__place", "village")
        return get_for(person, qs, action, memo="oversight.matter_for", pk=pk)
    except Http404:
        refused = Matter.objects.filter(pk=pk).first() if str(pk).isdigit() else None
        if refused is not None and getattr(person, "is_authenticated", False):
            audit(actor=person, action="oversight.matter_refused", obj=refused, after={"refused": action})
        raise


def active_member_for(
    person: Any, matter: Matter, pk: Any, action: str = "oversight.handle_matter"
) -> BoardMember:
    """A serving member of the matter's board (to assign as a handler); the rule is asked about the matter."""
    qs = BoardMember.objects.filter(board_id=matter.board_id, ended_on__isnull=True).select_related("person")
    return get_for(person, qs, action, subject=lambda _member: matter, pk=pk)


def document_request_for(
    person: Any, matter: Matter, pk: Any, action: str = "oversight.handle_matter"
) -> DocumentRequest:
    """A document request of this matter; the rule is asked about the matter."""
    qs = DocumentRequest.objects.filter(matter=matter).select_related("matter")
    return get_for(person, qs, action, subject=lambda _request: matter, pk=pk)


def recommendation_for(person: Any, pk: Any, action: str = "oversight.view_recommendation") -> Recommendation:
    qs = Recommendation.objects.select_related("matter__board__body__place", "supervision__front__place")
    return get_for(person, qs, action, pk=pk)


def supervision_for(person: Any, pk: Any, action: str = "oversight.view_supervision") -> Supervision:
    qs = Supervision.objects.select_related("front__place")
    return get_for(person, qs, action, memo="oversight.supervision_for", pk=pk)


def _place_code(code: Any) -> str:
    """A place code from a URL: one with a NUL byte matches nothing (PostgreSQL refuses to compare it:
    a 500, not a 404)."""
    code = str(code or "")
    if "\x00" in code:
        raise Http404
    return code[:32]


def commune_for(person: Any, code: str, action: str = "oversight.establish_board") -> Place:
    return get_for(person, Place.objects.filter(level=Level.COMMUNE), action, code=_place_code(code))


def public_commune(code: str) -> Place:
    """A commune's public board page: any commune (the page says when it has no board yet)."""
    return get_for(
        None, Place.objects.filter(level=Level.COMMUNE), "oversight.public", code=_place_code(code)
    )


def front_for(person: Any, pk: Any, action: str = "oversight.supervise") -> Body:
    return get_for(
        person, Body.objects.select_related("place").filter(kind=Body.Kind.FATHERLAND_FRONT), action, pk=pk
    )
