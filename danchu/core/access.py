"""Who may use a page or an API endpoint, declared once where it is defined.

Every URL pattern's view carries `@access(...)`; every API operation passes
`openapi_extra=api_access(...)`. The permission-matrix test (tests/test_access_matrix.py) walks the
URL configuration and the OpenAPI document, fails on anything undeclared, and exercises each
declaration as anonymous, citizen and staff users.

`who` is one of:
- "anyone": public, no sign-in;
- "signed_in": any signed-in person;
- "staff": a person holding a staff role somewhere (the view then checks the scope of the object);
- "admin": system administrators;
- a named permission such as "cases.accept_case" (staff-only, scope checked by the view).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])

PUBLIC = "anyone"
SIGNED_IN = "signed_in"
STAFF = "staff"
ADMIN = "admin"


@dataclass(frozen=True)
class Access:
    who: str
    note: str = ""

    @property
    def is_public(self) -> bool:
        return self.who == PUBLIC


def access(who: str, note: str = "") -> Callable[[F], F]:
    def decorate(view: F) -> F:
        view.danchu_access = Access(who, note)  # type: ignore[attr-defined]
        return view

    return decorate


def api_access(who: str, note: str = "") -> dict[str, Any]:
    """The openapi_extra for a django-ninja operation."""
    return {"x-danchu-access": {"who": who, "note": note}}


def declared(view: Callable[..., Any]) -> Access | None:
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "__wrapped__", None)):
        found = getattr(candidate, "danchu_access", None)
        if found is not None:
            return found
    return None
