"""Who may do what, in one place: the rules registry, the guard every page and API operation wears,
and the getter that combines lookup and authorisation.

Rules
    Modules register named permissions in their `permissions.register()` (listed in the app's
    manifest, see core/modules.py): ``rule("cases.accept_case", predicate, who=STAFF)``.
    ``can(person, "cases.accept_case", case)`` answers them everywhere (views, API, templates through
    ``user.has_perm`` — accounts' authentication backend delegates to this registry).

Guards
    Every URL pattern's view carries ``@access(who)`` and every API operation passes
    ``openapi_extra=api_access(who)``. The guard is enforced (not a label): ``who`` is

    - "anyone": public, no sign-in;
    - "signed_in": any signed-in person (anonymous: sign-in page, or 401 from the API);
    - "staff": a person holding a staff role somewhere;
    - "admin": system administrators;
    - a named permission such as "cases.accept_case": the rule's own gate (``who=`` at
      registration, staff by default) is enforced here; the object's scope by the getter.

    The person predicates behind "staff" and "admin" are registered by accounts (core imports no
    domain app): ``gate("staff", is_staff)``.

Getters
    One getter per object kind, built on ``get_for``: it looks the object up by the user's input and
    answers 404 both when it does not exist and when the person may not see it, so ids cannot be
    probed (Zulip's access_stream_by_id, healthchecks' _get_check_for_user)::

        def meeting_for(person, pk, action="meetings.view") -> Meeting:
            return get_for(person, Meeting.objects.select_related("village"), action, pk=pk)

The permission-matrix test (core/tests/test_access_matrix.py) walks the URL configuration and the
OpenAPI document and fails on anything undeclared.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import Http404
from django.shortcuts import redirect

from danchu.core import sqlmemo

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=Model)

PUBLIC = "anyone"
SIGNED_IN = "signed_in"
STAFF = "staff"
ADMIN = "admin"

Predicate = Callable[[Any, Any], bool]


@dataclass(frozen=True)
class Rule:
    name: str
    predicate: Predicate
    who: str = STAFF  # the gate a guard enforces before the object is known


RULES: dict[str, Rule] = {}
# Person predicates behind the plain gates ("staff", "admin"), registered by accounts.
GATES: dict[str, Callable[[Any], bool]] = {}


def rule(name: str, predicate: Predicate, *, who: str = STAFF) -> Predicate:
    """Register a named permission: predicate(person, obj) -> bool. Modules call this in register()."""
    existing = RULES.get(name)
    if existing is not None and existing.predicate is not predicate:
        raise ValueError(f"permission {name!r} is defined twice")
    if who not in (PUBLIC, SIGNED_IN, STAFF, ADMIN):
        raise ValueError(f"permission {name!r}: gate must be a plain level, not {who!r}")
    RULES[name] = Rule(name, predicate, who)
    return predicate


def gate(name: str, predicate: Callable[[Any], bool]) -> None:
    GATES[name] = predicate


def can(person: Any, name: str, obj: Any = None) -> bool:
    try:
        found = RULES[name]
    except KeyError:
        raise KeyError(f"unknown permission {name!r}") from None
    return bool(found.predicate(person, obj))


def is_signed_in(person: Any) -> bool:
    return bool(getattr(person, "is_authenticated", False))


def level_of(who: str) -> str:
    """The plain level a declaration requires before any object is known."""
    if who in (PUBLIC, SIGNED_IN, STAFF, ADMIN):
        return who
    try:
        return RULES[who].who
    except KeyError:
        raise KeyError(f"unknown permission {who!r} in an access declaration") from None


def passes(person: Any, who: str) -> bool:
    """Does the person pass the gate of a declaration (without an object)?"""
    level = level_of(who)
    if level == PUBLIC:
        return True
    if not is_signed_in(person):
        return False
    if level == SIGNED_IN:
        return True
    return bool(GATES[level](person))


@dataclass(frozen=True)
class Access:
    who: str
    note: str = ""
    below: str = ""  # where a signed-in person below the gate is sent by GET (access(below=...))

    @property
    def is_public(self) -> bool:
        return self.who == PUBLIC


class SignInRequired(Exception):
    """Raised by a guard for an anonymous person: pages send them to sign in, the API answers 401."""


def check(person: Any, who: str, refusal: str = "") -> None:
    """Enforce a declaration: SignInRequired for anonymous people, Forbidden (403) otherwise, with
    the declaration's own refusal message (an English msgid marked with gettext_noop) if it has one."""
    if passes(person, who):
        return
    if not is_signed_in(person):
        raise SignInRequired
    from django.utils.translation import gettext as _

    from .errors import Forbidden

    if refusal:
        raise Forbidden(_(refusal))
    if level_of(who) == ADMIN:
        raise Forbidden(_("Only system administrators may do this."))
    raise Forbidden(_("This is for the staff of the unit concerned."))


def access(who: str, note: str = "", *, below: str = "") -> Callable[[F], F]:
    """Declare and enforce who may open a page: anonymous people are sent to sign in, signed-in people
    below the gate get 404. The view then needs no guard of its own (object scope: the getter).
    `below`: a URL name without parameters, the same module's page for a signed-in person below the
    gate, where a GET is sent instead of 404 — a resident who opens /meetings/ (the village
    meetings the office runs) lands on their own meetings, not on "not found"."""

    def decorate(view: F) -> F:
        if who == PUBLIC:
            view.danchu_access = Access(who, note)  # type: ignore[attr-defined]
            return view

        @functools.wraps(view)
        def guarded(request: Any, *args: Any, **kwargs: Any) -> Any:
            if not passes(request.user, who):
                if not is_signed_in(request.user):
                    from django.contrib.auth.views import redirect_to_login

                    return redirect_to_login(request.get_full_path())
                # A page answers 404 to a signed-in person below its gate, as its getter does for an
                # object they may not see: the back office does not reveal what exists behind it.
                if below and request.method in ("GET", "HEAD"):
                    return redirect(below)
                raise Http404
            return view(request, *args, **kwargs)

        guarded.danchu_access = Access(who, note, below)  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return decorate


def api_access(who: str, note: str = "", *, refusal: str = "") -> dict[str, Any]:
    """The openapi_extra for a django-ninja operation; DanchuAPI enforces it on every call.
    `refusal`: the 403 message, an English msgid marked with gettext_noop (translated when refused)."""
    declaration = {"who": who, "note": note}
    if refusal:
        declaration["refusal"] = refusal
    return {"x-danchu-access": declaration}


def declared(view: Callable[..., Any]) -> Access | None:
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "__wrapped__", None)):
        found = getattr(candidate, "danchu_access", None)
        if found is not None:
            return found
    return None


def get_for(
    person: Any,
    queryset: QuerySet[M],
    action: str,
    /,
    *,
    subject: Callable[[M], Any] | None = None,
    not_found: str = "",
    memo: Hashable = None,
    **lookup: Any,
) -> M:
    """The object matching `lookup` that `person` may `action`, else Http404 (missing and
    forbidden look the same). The base of every module's getter.

    `subject(obj)` is what the rule is asked about when it is not the object itself (a household's
    rule is about its village); `not_found` is the 404's message (translated by the caller). `memo`:
    the statement is compiled once per worker under this key (core.sqlmemo), which must name whatever
    else shapes `queryset` (a public page's getter: ~1 ms of the ORM for ~0.1 ms of SQL)."""
    try:
        # No object has a NUL in a key, and PostgreSQL refuses one in a query with an error (a 500):
        # a code or id posted with one is not found, whichever getter reads it.
        has_nul = any(isinstance(v, str) and "\x00" in v for v in lookup.values())
        binds = None if has_nul or memo is None else _prepared(queryset.model, lookup)
        if has_nul:
            obj = None
        elif binds is not None:
            found = sqlmemo.objects(
                (memo, tuple(sorted(binds))), lambda **b: _first(queryset, b), binds=binds
            )
            obj = found[0] if found else None
        else:
            obj = queryset.filter(**lookup).first()
    except (ValueError, TypeError, OverflowError):  # a malformed id from the URL or the query string
        obj = None
    if obj is None or not can(person, action, subject(obj) if subject else obj):
        raise Http404(not_found) if not_found else Http404
    return obj


def _first(queryset: QuerySet[M], lookup: dict[str, Any]) -> QuerySet[M]:
    found = queryset.filter(**lookup)  # as first() does
    return (found if found.ordered else found.order_by("pk"))[:1]


def _prepared(model: Any, lookup: dict[str, Any]) -> dict[str, Any] | None:
    """The lookup's values as the ORM would compare them (an id from the URL as an integer; ValueError
    when it is none), or None when they are not plain fields' integers and text (the ORM's path)."""
    out: dict[str, Any] = {}
    for name, value in lookup.items():
        if "__" in name or isinstance(value, Model):  # an object: the ORM takes its key
            return None
        field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        prepared = field.get_prep_value(value)
        if isinstance(prepared, bool) or not isinstance(prepared, int | str):
            return None
        if isinstance(prepared, int) and not sqlmemo.in_range(field, prepared):
            raise OverflowError(name)  # the ORM finds nothing there too; the database would refuse it
        out[name] = prepared
    return out


# --- Scopes: where a person may act -----------------------------------------------------------------
# Rules answer "may this person act on this object?"; a scope answers "on which places?", for lists
# and menus ("the villages whose registers I keep"). Registered by accounts, which knows the roles.
SCOPES: dict[str, Callable[[Any], list[Any]]] = {}


def scope(name: str, places: Callable[[Any], list[Any]]) -> None:
    SCOPES[name] = places


def places_for(person: Any, name: str) -> list[Any]:
    """The places where `person` holds permission `name` (their own units)."""
    if not is_signed_in(person):
        return []
    return SCOPES[name](person)


# The kernel's own rule: the audit log is read by system administrators.
rule("core.read_audit", lambda person, _entry: passes(person, ADMIN), who=ADMIN)


__all__ = [
    "PUBLIC",
    "SIGNED_IN",
    "STAFF",
    "ADMIN",
    "Access",
    "RULES",
    "SignInRequired",
    "access",
    "api_access",
    "can",
    "check",
    "declared",
    "gate",
    "get_for",
    "passes",
    "places_for",
    "rule",
    "scope",
]
