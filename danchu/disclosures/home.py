"""What disclosures puts on the office home (drafts to post, legal obligations overdue, questions
waiting) and on a person's page (what they follow)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.accounts.personal_data import name_actions, register_exporter
from danchu.core.home import my_page_section, office_todo

from . import categories, queries
from .models import Disclosure, Follow, Question


def drafts_count(person: Any) -> int:
    return queries.office_list(person, status=Disclosure.Status.DRAFT).count()


def overdue_obligations_count(person: Any) -> int:
    return queries.overdue_obligations(person).count()


def questions_count(person: Any) -> int:
    return queries.pending_questions(person).count()


def my_follows(person: Any) -> dict[str, Any] | None:
    follows = list(Follow.objects.filter(person=person).select_related("place").order_by("created_at"))
    rows = []
    for f in follows:
        category = categories.get(f.category) if f.category else None
        rows.append({"place": f.place, "category": category.name if category else ""})
    return {"follows": rows} if rows else None


def my_questions_data(person: Any) -> list[dict[str, Any]]:
    """The questions the person asked under disclosures, for their own download (Decree 13/2023)."""
    return [
        {
            "disclosure": q.disclosure.title,
            "text": q.text,
            "status": q.get_status_display(),
            "answer": q.answer,
            "reject_reason": q.reject_reason,
            "asked_at": q.asked_at,
            "answered_at": q.answered_at,
        }
        for q in Question.objects.filter(asker=person).select_related("disclosure").order_by("asked_at", "pk")
    ]


def my_follows_data(person: Any) -> list[dict[str, Any]]:
    """What the person follows (a commune or village, a category), for their own download."""
    rows = []
    for f in Follow.objects.filter(person=person).select_related("place").order_by("created_at", "pk"):
        category = categories.get(f.category) if f.category else None
        rows.append(
            {
                "place": f.place.name if f.place else str(_("Everywhere")),
                "category": str(category.name) if category else str(_("Every category")),
                "since": f.created_at,
            }
        )
    return rows


def register() -> None:
    name_actions(
        {
            "disclosures.question_ask": _("You asked a question about a disclosure"),
            "disclosures.follow": _("You followed a unit's disclosures"),
            "disclosures.unfollow": _("You stopped following a unit's disclosures"),
        }
    )
    register_exporter(
        "disclosures.questions",
        _("Questions you asked about disclosures"),
        my_questions_data,
        {
            "disclosure": _("Disclosure"),
            "text": _("Question"),
            "status": _("Status"),
            "answer": _("Answer"),
            "reject_reason": _("Why it was not published"),
            "asked_at": _("Asked"),
            "answered_at": _("Date of the answer"),
        },
    )
    register_exporter(
        "disclosures.follows",
        _("What you follow"),
        my_follows_data,
        {"place": _("Place"), "category": _("Category"), "since": _("Since")},
    )
    office_todo(
        "disclosures.overdue",
        _("Disclosures overdue by law"),
        count=overdue_obligations_count,
        url="disclosures:office_compliance",
        urgent=True,
        order=30,
    )
    office_todo(
        "disclosures.drafts",
        _("Disclosures to post"),
        count=drafts_count,
        url="disclosures:office",
        query="?status=draft",
        order=40,
    )
    office_todo(
        "disclosures.questions",
        _("Questions waiting for an answer"),
        count=questions_count,
        url="disclosures:office_questions",
        order=50,
    )
    my_page_section(
        "disclosures.follows",
        _("What I follow"),
        template="disclosures/home_follows.html",
        context=my_follows,
        order=60,
    )
