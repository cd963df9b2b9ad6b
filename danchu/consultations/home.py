"""What consultations puts on a person's page: drafts open for comments in their commune."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.accounts.permissions import confirmed_households
from danchu.accounts.personal_data import name_actions, register_exporter
from danchu.core.home import my_page_section, office_todo

from . import queries
from .models import Audience, Comment, Consultation, Statement, Vote


def my_consultations(person: Any) -> dict[str, Any] | None:
    """The drafts the person's households are consulted on and may comment on today: of their
    commune, for all its residents, their village or a group naming their household."""
    households = list(confirmed_households(person))
    communes = {h.village.parent_id for h in households if h.village.parent_id is not None}
    if not communes:
        return None
    consulted = (
        Q(audience=Audience.ALL)
        | Q(audience=Audience.VILLAGES, villages__in={h.village_id for h in households})
        | Q(audience=Audience.GROUP, households__in=[h.pk for h in households])
    )
    open_now = list(
        Consultation.objects.filter(consulted, place_id__in=communes, status=Consultation.Status.OPEN)
        .filter(Q(opens_on__isnull=True) | Q(opens_on__lte=timezone.localdate()))
        .distinct()
        .order_by("closes_on")[:10]
    )
    return {"consultations": open_now} if open_now else None


def my_comments_data(person: Any) -> list[dict[str, Any]]:
    """The comments the person wrote on drafts, for their own download (Decree 13/2023)."""
    return [
        {
            "consultation": c.consultation.title,
            "quote": c.quote,
            "text": c.text,
            "stance": c.get_stance_display(),
            "created_at": c.created_at,
        }
        for c in Comment.objects.filter(author=person)
        .select_related("consultation")
        .order_by("created_at", "pk")
    ]


def my_opinions_data(person: Any) -> list[dict[str, Any]]:
    """The statements the person wrote and how they voted on others' in opinion maps, for their own
    download (Decree 13/2023)."""
    said = {Vote.AGREE: _("Agree"), Vote.PASS: _("Pass"), Vote.DISAGREE: _("Disagree")}
    rows = [
        {
            "topic": s.conversation.topic,
            "statement": s.text,
            "yours": str(_("You wrote it")),
            "status": s.get_status_display(),
            "at": s.created_at,
        }
        for s in Statement.objects.filter(author__person=person)
        .select_related("conversation")
        .order_by("created_at", "pk")
    ]
    rows += [
        {
            "topic": v.statement.conversation.topic,
            "statement": v.statement.text,
            "yours": str(said.get(v.value, v.value)),
            "status": "",
            "at": v.created_at,
        }
        for v in Vote.objects.filter(participant__person=person)
        .select_related("statement__conversation")
        .order_by("created_at", "pk")
    ]
    return rows


def register() -> None:
    name_actions(
        {
            "consultations.comment": _("You commented on a draft"),
            "consultations.statement_submit": _("You wrote a statement in an opinion map"),
            "consultations.vote": _("You voted on a statement in an opinion map"),
        }
    )
    register_exporter(
        "consultations.opinions",
        _("Your statements and votes in opinion maps"),
        my_opinions_data,
        {
            "topic": _("Topic"),
            "statement": _("Statement"),
            "yours": _("Yours"),
            "status": _("Status"),
            "at": _("Time"),
        },
    )
    register_exporter(
        "consultations.comments",
        _("Your comments on drafts"),
        my_comments_data,
        {
            "consultation": _("Draft"),
            "quote": _("Passage"),
            "text": _("Comment"),
            "stance": _("Stance"),
            "created_at": _("Written"),
        },
    )
    my_page_section(
        "consultations.open",
        _("Drafts open for comments in my commune"),
        template="consultations/home_open.html",
        context=my_consultations,
        order=35,
    )
    office_todo(
        "consultations.period_over",
        _("Comment periods over, still open"),
        count=queries.period_over_count,
        url="consultations:index",
        urgent=True,
        order=70,
    )
    office_todo(
        "consultations.synthesis",
        _("Syntheses to finish and publish"),
        count=queries.synthesis_count,
        url="consultations:index",
        order=71,
    )
    office_todo(
        "consultations.statements",
        _("Statements awaiting moderation"),
        count=queries.statements_to_moderate_count,
        url="consultations:maps",
        order=72,
    )
