"""What disclosures puts on the office home (drafts to post, legal obligations overdue, questions
waiting) and on a person's page (what they follow)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.core.home import my_page_section, office_todo

from . import categories, queries
from .models import Disclosure, Follow


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


def register() -> None:
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
