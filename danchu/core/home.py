"""What modules put on the office home (counts and to-dos) and on a person's "my page".

Each module names a `home` module in its manifest whose `register()` adds entries here:

    office_todo("cases.overdue", _("Overdue cases"), count=overdue, url="cases:staff_list", query="?t=overdue")
    my_page_section("cases.mine", _("My cases"), template="cases/home_mine.html", context=my_cases)

`count(person)` answers how many things wait for the person within their own scope (0 hides the
to-do); `context(person)` answers what the template reads as `data`, or None when the section has nothing to
show. The front imports no module: it only reads these registries (issue #16 items 2 and 8).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from .registry import Registry


@dataclass(frozen=True)
class OfficeTodo:
    key: str
    label: Any  # lazily translated
    count: Callable[[Any], int]
    url_name: str
    query: str = ""  # e.g. "?t=overdue": the list filtered to what the count counts
    urgent: bool = False
    order: int = 100


@dataclass(frozen=True)
class MyPageSection:
    key: str
    title: Any  # lazily translated
    template: str
    context: Callable[[Any], dict[str, Any] | None]
    order: int = 100


OFFICE_TODOS: Registry[OfficeTodo] = Registry("office to-dos")
MY_PAGE: Registry[MyPageSection] = Registry("my page sections")


def office_todo(
    key: str,
    label: Any,
    *,
    count: Callable[[Any], int],
    url: str,
    query: str = "",
    urgent: bool = False,
    order: int = 100,
) -> OfficeTodo:
    return OFFICE_TODOS.register(key, OfficeTodo(key, label, count, url, query, urgent, order))


def my_page_section(
    key: str,
    title: Any,
    *,
    template: str,
    context: Callable[[Any], dict[str, Any] | None],
    order: int = 100,
) -> MyPageSection:
    return MY_PAGE.register(key, MyPageSection(key, title, template, context, order))


def todos_for(person: Any) -> list[dict[str, Any]]:
    """The to-dos with something waiting for `person` (counts within their scope), in order."""
    rows = []
    for todo in sorted(OFFICE_TODOS, key=lambda t: (t.order, t.key)):
        n = todo.count(person)
        if n:
            url = reverse(todo.url_name) + todo.query
            rows.append({"key": todo.key, "label": todo.label, "count": n, "url": url, "urgent": todo.urgent})
    return rows


def my_page_for(person: Any) -> list[dict[str, Any]]:
    """The sections of `person`'s page that have something to show, in order."""
    sections = []
    for section in sorted(MY_PAGE, key=lambda s: (s.order, s.key)):
        context = section.context(person)
        if context is not None:
            sections.append(
                {"key": section.key, "title": section.title, "template": section.template, "context": context}
            )
    return sections
