"""Case types handled by a body other than the commune's staff ("handled by" hook).

A case type may name, in `CaseType.extra["routed_to"]`, the body that handles its cases (for
oversight's `oversight_information`: "oversight.board", the People's Inspection Board of the case's
commune). The module that owns the body registers a `Handler` under that name from its `ready()`
(`register_handler`), so cases never imports it. `cases.permissions` asks the handler, on every
entry point (page, API, Open311, commands), who belongs to the body:

- `units(person)`: the units (communes) whose routed cases the person handles — one query, used for
  lists (`readable_cases`);
- `handles(person, case)`: whether the person handles this case (by default: its unit is one of
  `units(person)`);
- `people(case)`: the members the case may be assigned to;
- `cases(person)` (optional): the routed cases the person handles as a filter (a `Q` on the case),
  for a body narrower than a commune — a works supervision board handles the information about its
  own work, not every work of the commune; lists use it instead of `units`, and `handles` must agree.

Nobody else acts on such a case: the commune's officers and chairman do not see it (need-to-know;
docs/cases.md), and a case type naming a handler nobody registered is handled by nobody (fail closed).

`CaseType.extra["public_form"] = False` keeps a type off the general case form, the office intake
form, the public API's intake and Open311: its module files it through its own page with
`CaseSubmission(through_module=True)`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from danchu.core.registry import Registry

from .types import CASE_TYPES, CaseType, in_public_form

__all__ = [
    "HANDLERS",
    "Handler",
    "case_handler",
    "case_handlers",
    "handler_of",
    "handles",
    "in_public_form",
    "register_handler",
]


@dataclass(frozen=True)
class Handler:
    key: str
    label: object  # lazily translated name of the body, shown on the case
    units: Callable[[Any], Iterable[Any]]  # person -> the unit pks whose routed cases they handle
    people: Callable[[Any], Iterable[Any]]  # case -> the members it may be assigned to
    handles: Callable[[Any, Any], bool] | None = None  # (person, case) -> bool
    # The lines above the signature of the body's answer (Vietnamese: the document's own words).
    signature: tuple[str, ...] = ()
    cases: Callable[[Any], Any] | None = None  # person -> Q of the routed cases they handle

    def case_filter(self, person: Any) -> Any:
        """The routed cases (of this handler's types) the person handles, as a filter on Case."""
        from django.db.models import Q

        if self.cases is not None:
            return self.cases(person) if getattr(person, "is_authenticated", False) else Q(pk__in=[])
        return Q(unit__in=self.unit_ids(person))

    def unit_ids(self, person: Any) -> set[int]:
        if not getattr(person, "is_authenticated", False):
            return set()
        return {getattr(u, "pk", u) for u in self.units(person)}

    def handles_case(self, person: Any, case: Any) -> bool:
        if not getattr(person, "is_authenticated", False):
            return False
        if self.handles is not None:
            return bool(self.handles(person, case))
        return case.unit_id in self.unit_ids(person)


HANDLERS: Registry[Handler] = Registry("case handlers")


def register_handler(handler: Handler) -> None:
    """Called by the module that owns the body, from its AppConfig (idempotent)."""
    if handler.key not in HANDLERS:
        HANDLERS.register(handler.key, handler)


def routed_to(ctype: CaseType) -> str:
    return str(ctype.extra.get("routed_to") or "")


def routed_types() -> dict[str, str]:
    """{case type key: handler key} of every routed type."""
    return {t.key: routed_to(t) for t in CASE_TYPES if routed_to(t)}


def handler_of(case_type_key: str) -> Handler | None:
    """The registered handler of a routed type, or None (not routed, or nobody registered it)."""
    key = routed_types().get(case_type_key, "")
    return HANDLERS.get(key) if key and key in HANDLERS else None


def is_routed(case: Any) -> bool:
    return case.case_type in routed_types()


def handles(person: Any, case: Any) -> bool:
    """`person` belongs to the body a routed case is handled by (False for other types)."""
    handler = handler_of(case.case_type)
    return handler is not None and handler.handles_case(person, case)


def case_handlers(case: Any) -> list[Any]:
    """Whom the case may be assigned to: the unit's staff, or the members of the body a routed type is
    handled by (handlers.py)."""
    from .queries import unit_handlers

    if not is_routed(case):
        return unit_handlers(case.unit)
    handler = handler_of(case.case_type)
    return list(handler.people(case)) if handler is not None else []


def case_handler(case: Any, pk: Any) -> Any:
    return next((p for p in case_handlers(case) if str(p.pk) == str(pk).strip()), None)
