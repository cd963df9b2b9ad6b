"""What oversight puts on a person's page and on the office home (issue #16): a board member sees
their board's open items; a member and a competent person see what waits for them as to-dos."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from danchu.core.home import my_page_section, office_todo

from . import queries


def my_board(person: Any) -> dict[str, Any] | None:
    boards = queries.open_items(person)
    return {"boards": boards} if boards else None


def awaiting_my_answer(person: Any) -> int:
    if not getattr(person, "is_authenticated", False):
        return 0
    return queries.awaiting_answer(person).count()


def register() -> None:
    my_page_section(
        "oversight.board",
        _("My People's Inspection Board"),
        template="oversight/home_mine.html",
        context=my_board,
        order=40,
    )
    office_todo(
        "oversight.unclassified",
        _("Information waiting for the board"),
        count=queries.unclassified_count,
        url="oversight:office",
        order=55,
    )
    office_todo(
        "oversight.awaiting_answer",
        _("Recommendations awaiting my answer"),
        count=awaiting_my_answer,
        url="oversight:office",
        urgent=True,
        order=56,
    )
