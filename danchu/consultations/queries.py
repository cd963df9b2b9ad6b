"""Reads: the draft with its comment counts (the heat view), a consultation's synthesis figures."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from danchu.accounts.permissions import is_admin, readable_places

from .models import Audience, Channel, Comment, Consultation, Paragraph
from .permissions import can_manage_consultation, managed_consultations


@dataclass
class ParagraphRow:
    paragraph: Paragraph
    comments: int
    support: int
    oppose: int
    heat: int  # 0–5: the share of the busiest paragraph's comments, for the heat view


def draft_rows(c: Consultation) -> list[ParagraphRow]:
    qs = (
        Paragraph.objects.filter(consultation=c, version=c.version)
        .annotate(
            n=Count("comments"),
            sup=Count("comments", filter=Q(comments__stance=Comment.Stance.SUPPORT)),
            opp=Count("comments", filter=Q(comments__stance=Comment.Stance.OPPOSE)),
        )
        .order_by("position")
    )
    rows = list(qs)
    top = max((p.n for p in rows), default=0)  # type: ignore[attr-defined]
    return [
        ParagraphRow(
            p,
            p.n,  # type: ignore[attr-defined]
            p.sup,  # type: ignore[attr-defined]
            p.opp,  # type: ignore[attr-defined]
            0 if not top else max(1, round(5 * p.n / top)) if p.n else 0,  # type: ignore[attr-defined]
        )
        for p in rows
    ]


def visible_consultations(person: Any) -> QuerySet[Consultation]:
    """Everyone sees the opened consultations; a draft being prepared only those who may manage it —
    the rule its page and API answer by (`can_view_consultation`), so the list names no draft whose
    page is a 404 to this person (the Inspection Board or the steering committee reading the commune)."""
    if is_admin(person):
        return Consultation.objects.select_related("place")
    drafts = Consultation.objects.filter(
        place__in=readable_places(person), status=Consultation.Status.DRAFT
    ).select_related("place", "body")
    mine = [c.pk for c in drafts if can_manage_consultation(person, c)]
    qs = Consultation.objects.select_related("place")
    return qs.filter(Q(pk__in=mine) | ~Q(status=Consultation.Status.DRAFT))


def comments_of(c: Consultation) -> QuerySet[Comment]:
    return c.comments.select_related("paragraph", "group", "meeting_item__meeting__village").order_by(
        "created_at", "pk"
    )


def comments_by(c: Consultation, person: Any) -> list[Comment]:
    """The comments a signed-in resident sent online, with the group that answers each one."""
    if not getattr(person, "is_authenticated", False):
        return []
    return list(
        c.comments.filter(author_id=person.pk)
        .select_related("paragraph", "group")
        .order_by("created_at", "pk")[:100]
    )


def taking_meeting_comments(village: Any, day: Any) -> list[Consultation]:
    """The consultations a meeting of `village` on `day` can send comments to: of its commune, open
    that day, with the village meeting among their channels, asking the whole commune or this village
    (a named group of households is asked through its own members, not a village meeting)."""
    qs = (
        Consultation.objects.filter(
            place_id=village.parent_id,
            status=Consultation.Status.OPEN,
            opens_on__lte=day,
            closes_on__gte=day,
        )
        .filter(Q(audience=Audience.ALL) | Q(audience=Audience.VILLAGES, villages=village))
        .distinct()
        .order_by("closes_on", "pk")
    )
    # `channels` is a JSON list; "contains" on a JSON list is not portable to SQLite, and a commune
    # has a handful of open consultations.
    return [c for c in qs if Channel.MEETING in (c.channels or [])]


# --- The office's to-dos (home.py) ------------------------------------------------------------------


def period_over_count(person: Any) -> int:
    """Still open for comments after their last day: the period is to be ended and synthesised."""
    from django.utils import timezone

    return (
        managed_consultations(person)
        .filter(status=Consultation.Status.OPEN, closes_on__lt=timezone.localdate())
        .count()
    )


def synthesis_count(person: Any) -> int:
    """Comment periods over whose synthesis and decision are not published yet."""
    return managed_consultations(person).filter(status=Consultation.Status.SYNTHESIS).count()


def statements_to_moderate_count(person: Any) -> int:
    """Statements people wrote in the opinion maps of the person's units, awaiting moderation."""
    from danchu.accounts.permissions import in_acting_places

    from .models import Statement
    from .permissions import COMMUNE_STAFF

    pending = Statement.objects.filter(status=Statement.Status.PENDING)
    return in_acting_places(person, pending, "conversation__place", COMMUNE_STAFF).count()
