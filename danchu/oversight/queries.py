"""Reads of oversight: what a person's office page lists, what a commune's public page shows."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from danchu.accounts.models import Body, Role
from danchu.accounts.permissions import acting_places, is_admin, memberships, readable_places
from danchu.core.text import vi_sort_key
from danchu.places.models import Place
from danchu.places.queries import sort_key

from .models import (
    Board,
    BoardMember,
    Channel,
    DocumentRequest,
    Matter,
    Period,
    Plan,
    Recommendation,
    Supervision,
)
from .permissions import PUBLISHED, READERS, SEAT_ROLES, UNIT_READERS

TRACKING_CODE = re.compile(r"[A-Z0-9]{1,4}-[A-Z0-9]{4,10}")  # the shape of cases' tracking codes


def boards_for(person: Any) -> QuerySet[Board]:
    """Boards the person sits on or reads (the Front and steering members above them; a unit's board:
    the steering members above it, not the commune Front)."""
    qs = Board.objects.select_related("body__place")
    if is_admin(person):
        return qs.all()
    seats = [m.body_id for m in memberships(person) if m.role in SEAT_ROLES and m.body_id]
    commune = Q(body__kind=Body.Kind.INSPECTION_BOARD, body__place__in=readable_places(person, READERS))
    unit = ~Q(body__kind=Body.Kind.INSPECTION_BOARD) & Q(
        body__place__in=readable_places(person, UNIT_READERS)
    )
    return qs.filter(Q(body_id__in=seats) | commune | unit).distinct()


def fronts_for(person: Any) -> QuerySet[Body]:
    """The Front committees the person acts for (their own place)."""
    places = acting_places(person, {Role.FRONT_OFFICER})
    return Body.objects.filter(kind=Body.Kind.FATHERLAND_FRONT, place__in=places).select_related("place")


def communes_without_board(person: Any) -> list[Place]:
    places = acting_places(person, {Role.FRONT_OFFICER})
    have = set(
        Board.objects.commune().filter(body__place__in=places).values_list("body__place_id", flat=True)
    )
    return [p for p in places if p.level == 3 and p.pk not in have]


def supervisions_for(person: Any) -> QuerySet[Supervision]:
    if is_admin(person):
        return Supervision.objects.select_related("front__place")
    return Supervision.objects.filter(front__place__in=readable_places(person, READERS)).select_related(
        "front__place"
    )


def awaiting_answer(person: Any) -> QuerySet[Recommendation]:
    """Open recommendations addressed to the person (or, unnamed, to the chairman they are)."""
    chaired = [m.place_id for m in memberships(person) if m.role == Role.COMMUNE_CHAIRMAN and m.place_id]
    return (
        Recommendation.objects.filter(status=Recommendation.Status.OPEN)
        .filter(
            Q(addressee_person=person)
            | Q(
                addressee_person__isnull=True,
                matter__board__body__place_id__in=chaired,
                matter__board__body__kind=Body.Kind.INSPECTION_BOARD,  # not a unit's board
            )
        )
        .select_related("matter", "supervision")
        .order_by("due_on", "id")  # the most urgent first
    )


def matters_of(board: Board) -> QuerySet[Matter]:
    qs = board.matters.select_related("village").annotate(n_recs=Count("recommendations"))
    return qs.order_by("-received_on", "-id")  # a GROUP BY drops the model's ordering: the pages need one


POSITION_RANK: dict[str, int] = {BoardMember.Position.HEAD: 0, BoardMember.Position.DEPUTY: 1}


def active_members(board: Board) -> list[BoardMember]:
    """The sitting members: the head first, then the deputy head, then the members, by their village
    in Vietnamese order (the database's collation puts "Đ" after "Y")."""
    qs = board.members.filter(ended_on__isnull=True).select_related("person", "village")
    return sorted(
        qs,
        key=lambda m: (
            POSITION_RANK.get(m.position, 2),
            sort_key(m.village) if m.village is not None else vi_sort_key(""),
            m.pk,
        ),
    )


def plans_of(board: Board, *, public_only: bool = False) -> QuerySet[Plan]:
    qs = board.plans.prefetch_related("versions")
    return qs.filter(public=True) if public_only else qs


def public_matters(board: Board) -> QuerySet[Matter]:
    """The findings the board published: concluded matters only (no draft), newest first. What the
    public page and API read of them is the title, the findings and the recommendations with their
    answers, never the description or who reported it."""
    return (
        board.matters.filter(public=True, status__in=PUBLISHED, concluded_on__isnull=False)
        .order_by("-concluded_on", "-id")
        .prefetch_related("recommendations")
    )


def plans_of_year(board: Board, year: int) -> QuerySet[Plan]:
    """The board's public plans for `year`, and its term plan running that year."""
    return (
        board.plans.filter(public=True)
        .filter(Q(year=year) | Q(period=Period.TERM, start_on__year__lte=year, end_on__year__gte=year))
        .order_by("start_on", "period")
    )


def village_of(commune: Place, code: str) -> Place:
    """A village of the commune by its code (the API's village_code), or a clear 400."""
    village = None if "\x00" in code else commune.children.filter(code=code).first()
    if village is None:
        from django.utils.translation import gettext as _

        from danchu.core.errors import DomainError

        raise DomainError(_("Choose a village of the board's commune."))
    return village


def case_tracking_url(matter: Matter) -> str:
    """The public tracking page of the case a matter came from ("" for a reference typed by hand that
    is not a tracking code)."""
    code = matter.case_reference.strip().upper()
    if matter.channel != Channel.CASE or not TRACKING_CODE.fullmatch(code):
        return ""
    from danchu.cases.queries import tracking_code_exists

    return reverse("cases:track_detail", args=[code]) if tracking_code_exists(code) else ""


def board_of_place(place: Place) -> Board | None:
    """The commune's own board (not the board of a unit located there)."""
    return Board.objects.commune().filter(body__place=place).select_related("body__place").first()


def unit_board(body: Body) -> Board | None:
    """The board of a unit's body (workplaces shows it on the unit's page), if elected."""
    return Board.objects.filter(body=body).select_related("body__place").first()


def unit_board_people(body: Body) -> list[Any]:
    """Everyone ever seated on the board of a unit's body (this term or an earlier one)."""
    seats = BoardMember.objects.filter(board__body=body).select_related("person")
    return list({m.person_id: m.person for m in seats}.values())


def unit_board_seats(board: Board, *, elected_on: Any) -> list[BoardMember]:
    """The seats (sitting or ended) of the members a unit's conference elected on that day."""
    return list(board.members.filter(elected_on=elected_on).select_related("person"))


def board_summaries(boards: QuerySet[Board]) -> list[dict[str, Any]]:
    """Per board: matters taken up, with signs of violation, recommended, resolved (all time)."""
    listed = list(boards)
    counts = {
        row["board_id"]: row
        for row in Matter.objects.filter(board__in=listed)
        .values("board_id")
        .annotate(
            taken_up=Count("id", filter=~Q(status__in=[Matter.Status.RECEIVED, Matter.Status.FORWARDED])),
            violation=Count("id", filter=Q(signs_of_violation=True)),
            recommended=Count("id", filter=Q(recommended_on__isnull=False)),
            resolved=Count("id", filter=Q(status=Matter.Status.RESOLVED)),
            waiting=Count("id", filter=Q(status=Matter.Status.RECEIVED)),
        )
    }
    return [{"board": b, **counts.get(b.pk, {})} for b in listed]


def supervisions_by_topic(supervisions: QuerySet[Supervision]) -> list[dict[str, Any]]:
    from .models import Topic

    labels = dict(Topic.choices)
    rows = (
        supervisions.order_by()
        .values("topic")
        .annotate(n=Count("id"), closed=Count("id", filter=Q(status="closed")))
    )
    return [{"topic": labels.get(r["topic"], r["topic"]), "n": r["n"], "closed": r["closed"]} for r in rows]


# --- What waits for a board member (my page, office to-dos) ------------------------------------------

CLOSED = (Matter.Status.RESOLVED, Matter.Status.FORWARDED)


def seats_of(person: Any) -> QuerySet[BoardMember]:
    """The person's current seats on boards."""
    if not getattr(person, "is_authenticated", False):
        return BoardMember.objects.none()
    return BoardMember.objects.filter(person=person, ended_on__isnull=True).select_related(
        "board__body__place"
    )


def open_items(person: Any, *, on: Any = None) -> list[dict[str, Any]]:
    """Per board the person sits on: its open matters (those the person handles first), documents
    requested and not received, and recommendations still awaiting the answer (overdue first)."""
    from danchu.core.calendar import today

    on = on or today()
    out = []
    for seat in seats_of(person):
        board = seat.board
        matters = list(
            board.matters.exclude(status__in=CLOSED)
            .annotate(mine=Count("handlers", filter=Q(handlers=seat)))
            .order_by("-mine", "received_on", "id")[:50]
        )
        documents = list(
            DocumentRequest.objects.filter(matter__board=board, received_on__isnull=True)
            .select_related("matter")
            .order_by("due_on")[:20]
        )
        recommendations = list(
            Recommendation.objects.filter(matter__board=board, status=Recommendation.Status.OPEN)
            .select_related("matter")
            .order_by("due_on")[:20]
        )
        out.append(
            {
                "board": board,
                "matters": matters,
                "waiting": sum(1 for m in matters if m.status == Matter.Status.RECEIVED),
                "documents": documents,
                "recommendations": recommendations,
                "today": on,
            }
        )
    return out


def unclassified_count(person: Any) -> int:
    """Matters received by the person's boards and not yet classified."""
    boards = seats_of(person).values("board_id")
    return Matter.objects.filter(board__in=boards, status=Matter.Status.RECEIVED).count()
