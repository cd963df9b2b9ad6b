"""Reads of oversight: what a person's office page lists, what a commune's public page shows."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from danchu.accounts.models import Body, Role
from danchu.accounts.permissions import acting_places, is_admin, memberships, readable_places
from danchu.places.models import Place

from .models import Board, BoardMember, Matter, Plan, Recommendation, Supervision
from .permissions import READERS


def boards_for(person: Any) -> QuerySet[Board]:
    """Boards the person sits on or reads (the Front and steering members above them)."""
    qs = Board.objects.select_related("body__place")
    if is_admin(person):
        return qs.all()
    seats = [m.body_id for m in memberships(person) if m.role == Role.INSPECTION_MEMBER and m.body_id]
    return qs.filter(Q(body_id__in=seats) | Q(body__place__in=readable_places(person, READERS))).distinct()


def fronts_for(person: Any) -> QuerySet[Body]:
    """The Front committees the person acts for (their own place)."""
    places = acting_places(person, {Role.FRONT_OFFICER})
    return Body.objects.filter(kind=Body.Kind.FATHERLAND_FRONT, place__in=places).select_related("place")


def communes_without_board(person: Any) -> list[Place]:
    places = acting_places(person, {Role.FRONT_OFFICER})
    have = set(Board.objects.filter(body__place__in=places).values_list("body__place_id", flat=True))
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
            | Q(addressee_person__isnull=True, matter__board__body__place_id__in=chaired)
        )
        .select_related("matter", "supervision")
    )


def matters_of(board: Board) -> QuerySet[Matter]:
    return board.matters.select_related("village").annotate(n_recs=Count("recommendations"))


def active_members(board: Board) -> QuerySet[BoardMember]:
    return board.members.filter(ended_on__isnull=True).select_related("person", "village")


def plans_of(board: Board, *, public_only: bool = False) -> QuerySet[Plan]:
    qs = board.plans.prefetch_related("versions")
    return qs.filter(public=True) if public_only else qs


def public_matters(board: Board) -> QuerySet[Matter]:
    return board.matters.filter(public=True).prefetch_related("recommendations")


def board_of_place(place: Place) -> Board | None:
    return Board.objects.filter(body__place=place).select_related("body__place").first()


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
