"""Who may do what with works: the history is public; commune staff run the works and the ledger; the
commune Fatherland Front sets up the board; the board's members do its work; a household sees its own
contributions."""

from __future__ import annotations

from typing import Any

from danchu.accounts.models import Role
from danchu.accounts.permissions import (
    COMMUNE_STAFF,
    can_act_in_place,
    can_read_place,
    confirmed_households,
    has_role,
    is_admin,
    memberships,
    scope_place,
)
from danchu.core.access import PUBLIC, SIGNED_IN, get_for, rule
from danchu.places.models import Household

from .models import Board, BoardMember, Payment, Photo, Pledge, Recommendation, Session, Work

# A supervision board member is not among them: the role is held in the commune, but the member reads
# the ledger of the one work their board supervises (can_read_ledger), not every work of the commune.
LEDGER_READERS = COMMUNE_STAFF | {Role.VILLAGE_HEAD, Role.FRONT_OFFICER}


def work_of(obj: Any) -> Work:
    if isinstance(obj, Work):
        return obj
    if isinstance(obj, Board):
        return obj.work
    if isinstance(obj, Recommendation | BoardMember | Session):
        return obj.board.work
    return obj.work  # Payment, Pledge, Photo…


def can_manage(person: Any, obj: Any) -> bool:
    """Commune staff of the work's commune run it (acting is not inherited)."""
    return can_act_in_place(person, work_of(obj).commune, COMMUNE_STAFF)


def can_read_ledger(person: Any, obj: Any) -> bool:
    """Staff reading the commune, the village heads of the work's villages, and the members of the
    work's own board (open or closed: what they supervised stays theirs to check)."""
    work = work_of(obj)
    if can_read_place(person, work.commune, LEDGER_READERS):
        return True
    if any(has_role(person, Role.VILLAGE_HEAD, v) for v in work.villages.all()):
        return True
    board = getattr(work, "board", None)
    return board is not None and is_board_member(person, board)


def can_establish_board(person: Any, obj: Any) -> bool:
    return is_admin(person) or has_role(person, Role.FRONT_OFFICER, work_of(obj).commune)


def _supervised_bodies(person: Any) -> list[int]:
    return [m.body_id for m in memberships(person) if m.role == Role.SUPERVISION_MEMBER and m.body_id]


def seated_boards(person: Any) -> Any:
    """The boards the person sits on now — the one statement of the rule: a current member with this
    account, or the SUPERVISION_MEMBER role on the board's body. Lists (queries.boards_served, the
    cases a board handles) filter by it; is_board_member asks it about one board."""
    from django.db.models import Q

    if not getattr(person, "is_authenticated", False):
        return Board.objects.none()  # (members without an account have no person: never match "no person")
    seats = BoardMember.objects.current().filter(person_id=person.pk).values("board_id")
    return Board.objects.filter(Q(body_id__in=_supervised_bodies(person)) | Q(pk__in=seats))


def is_board_member(person: Any, board: Board) -> bool:
    if not getattr(person, "is_authenticated", False):
        return False
    if board.body_id is not None and board.body_id in _supervised_bodies(person):
        return True  # from the memberships already loaded for the request: no query
    return bool(seated_boards(person).filter(pk=board.pk).exists())


def can_supervise(person: Any, obj: Any) -> bool:
    """The board's members (and the commune Front that set it up) record its work."""
    work = work_of(obj)
    board = getattr(work, "board", None)
    if board is None or board.status != Board.Status.ACTIVE:
        return False
    return can_establish_board(person, work) or is_board_member(person, board)


def front_communes(person: Any) -> list[int]:
    """The communes whose Front the person is an officer of (the Front sets the works' boards up). Held
    roles only: an administrator reads routed cases at the handling level, as every routed type's
    (docs/cases.md), and is not the Front of every commune."""
    return [p.pk for m in memberships(person) if m.role == Role.FRONT_OFFICER and (p := scope_place(m))]


def can_handle_information(person: Any, work: Work) -> bool:
    """A citizen's information about the work, routed as a case to its board (case_types.py): the
    board's current members and the officers of the commune's Front that set it up."""
    board = getattr(work, "board", None)
    if board is None or not getattr(person, "is_authenticated", False):
        return False
    return work.commune_id in front_communes(person) or is_board_member(person, board)


def is_own_household(person: Any, household: Household) -> bool:
    return household in confirmed_households(person)


def can_see_payment(person: Any, payment: Payment) -> bool:
    return is_own_household(person, payment.household) or can_read_ledger(person, payment)


def has_boards(person: Any) -> bool:
    """Shows the works entry in the back office to commune staff, the Front and board members."""
    return is_admin(person) or any(
        m.role in COMMUNE_STAFF | {Role.FRONT_OFFICER, Role.SUPERVISION_MEMBER, Role.VILLAGE_HEAD}
        for m in memberships(person)
    )


def register() -> None:
    from .seats import register as register_seats  # meetings' hook for the members a village dismisses

    register_seats()
    rule("works.view", lambda person, obj: True, who=PUBLIC)
    rule("works.manage", can_manage)
    rule("works.ledger", can_read_ledger)
    rule("works.board_establish", can_establish_board)
    rule("works.supervise", can_supervise)
    rule("works.payment_view", can_see_payment, who=SIGNED_IN)
    rule("works.inform", lambda person, obj: True, who=SIGNED_IN)


def work_for(person: Any, pk: Any, action: str = "works.view") -> Work:
    return get_for(
        person, Work.objects.select_related("commune", "board"), action, memo="works.work_for", pk=pk
    )


def payment_for(person: Any, pk: Any, action: str = "works.payment_view") -> Payment:
    return get_for(
        person, Payment.objects.select_related("work__commune", "household__village"), action, pk=pk
    )


def pledge_for(person: Any, pk: Any, action: str = "works.manage", work: Work | None = None) -> Pledge:
    """A household's pledge (of `work` when given: the page's URL names both)."""
    found = Pledge.objects.select_related("work__commune", "household__village")
    return get_for(person, found.filter(work=work) if work is not None else found, action, pk=pk)


def member_for(person: Any, pk: Any, action: str = "works.supervise") -> BoardMember:
    return get_for(
        person, BoardMember.objects.current().select_related("board__work__commune"), action, pk=pk
    )


def photo_for(person: Any, pk: Any) -> Photo:
    return get_for(person, Photo.objects.all(), "works.view", memo="works.photo_for", pk=pk)


def session_for(person: Any, board: Board, pk: Any, action: str = "works.supervise") -> Session:
    """A session of `board` (the id comes from the form or the API)."""
    return get_for(person, Session.objects.select_related("board__work__commune"), action, pk=pk, board=board)


def recommendation_for(person: Any, pk: Any, action: str) -> Recommendation:
    qs = Recommendation.objects.select_related("board__work__commune")
    return get_for(person, qs, action, memo="works.recommendation_for", pk=pk)
