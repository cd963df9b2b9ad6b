"""Who may do what: rules over (person, action, object), in one module.

Scope rules:
- reading inherits downwards: a role held at a place lets its holder read everything below it
  (a province steering member reads every commune of the province);
- acting does not: a role acts on its own unit's work only. The unit of a village's work is the
  village (for its village head) and its commune (for commune staff).

Modules compose these predicates into named permissions (`rule("cases.accept_case", ...)`) that
views, the API and templates use by name: `can(person, "cases.accept_case", case.unit)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, cast

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import sqlmemo
from danchu.core.access import ADMIN, SIGNED_IN, STAFF, can, gate, get_for, rule, scope
from danchu.places.models import Household, Level, Place, Succession

from .models import MFA_ROLES, STAFF_ROLES, HouseholdLink, Membership, PersonalToken, Role, User

COMMUNE_STAFF = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN})


def _memberships(person: int, on: dt.date) -> QuerySet[Membership]:
    # Compiled once per process (core.sqlmemo): every signed-in request reads the person's roles.
    return Membership.objects.active(on).filter(person_id=person).select_related("place", "body")


def memberships(person: Any) -> list[Membership]:
    """The person's active roles, cached on the person object for the request."""
    if not getattr(person, "is_authenticated", False):
        return []
    cached = getattr(person, "_danchu_memberships", None)
    if cached is None:
        binds = {"person": person.pk, "on": timezone.localdate()}
        cached = sqlmemo.objects("accounts.memberships", _memberships, binds=binds)
        person._danchu_memberships = cached
    return cached


def forget(person: Any) -> None:
    """Drop the cached roles (after granting or ending one)."""
    if hasattr(person, "_danchu_memberships"):
        del person._danchu_memberships


def is_admin(person: Any) -> bool:
    if not getattr(person, "is_authenticated", False):
        return False
    return bool(person.is_superuser) or any(m.role == Role.ADMIN for m in memberships(person))


def is_staff(person: Any) -> bool:
    """Holds any staff role (or is an administrator)."""
    return is_admin(person) or any(m.role in STAFF_ROLES for m in memberships(person))


def must_use_mfa(person: Any) -> bool:
    """Staff, and the holders of a non-staff role that sees other people's personal data (a unit's
    People's Inspection Board member): TOTP required, sessions expire as for staff."""
    return is_admin(person) or any(m.role in MFA_ROLES for m in memberships(person))


def needs_mfa_setup(person: Any) -> bool:
    if not must_use_mfa(person):
        return False
    from allauth.mfa.models import Authenticator

    found = sqlmemo.values(  # every signed-in staff request asks: compiled once
        "accounts.has_totp",
        lambda person: Authenticator.objects.filter(user_id=person, type=Authenticator.Type.TOTP).values(
            "id"
        )[:1],
        binds={"person": person.pk},
    )
    return not found


def scope_place(m: Membership) -> Place | None:
    """The place a role is held at: its place, or its body's place."""
    return m.place or (m.body.place if m.body else None)


_scope_place = scope_place


def has_role(person: Any, roles: Iterable[str] | str, place: Place | None = None) -> bool:
    """Holds one of `roles` exactly at `place` (or anywhere when place is None)."""
    wanted = {roles} if isinstance(roles, str) else set(roles)
    for m in memberships(person):
        if m.role in wanted and (place is None or _scope_place(m) == place):
            return True
    return False


def _former_paths(person: Any, scope: Place) -> list[str]:
    """The paths of the provinces merged whole into the province `scope` on 1 July 2025 (Succession):
    their former districts and communes are now its own to read and to record the past of. Read once
    per person and scope, and only when a former unit is asked about."""
    cache = person.__dict__.setdefault("_danchu_former_paths", {})
    if scope.pk not in cache:
        cache[scope.pk] = (
            list(
                Succession.objects.filter(new=scope, old__level=Level.PROVINCE).values_list(
                    "old__path", flat=True
                )
            )
            if scope.level == Level.PROVINCE
            else []
        )
    return cast(list[str], cache[scope.pk])


def _within(person: Any, scope: Place, place: Place) -> bool:
    """`place` is `scope` or below it — or, for a unit that ended with the 2025 reorganisation, below a
    province merged into the province `scope`."""
    if place.path.startswith(scope.path):
        return True
    return place.valid_to is not None and any(place.path.startswith(p) for p in _former_paths(person, scope))


def can_read_place(person: Any, place: Place, roles: Iterable[str] | None = None) -> bool:
    """Staff read their place and everything below it (for a province: its former provinces' too)."""
    if is_admin(person):
        return True
    wanted = set(roles) if roles is not None else STAFF_ROLES
    for m in memberships(person):
        scope = _scope_place(m)
        if m.role in wanted and scope is not None and _within(person, scope, place):
            return True
    return False


def unit_of(place: Place) -> Place:
    """The administrative unit whose work a place's records are: a village's is its commune."""
    if place.level == Level.VILLAGE and place.parent_id:
        return place.parent  # type: ignore[return-value]
    return place


def can_act_in_place(person: Any, place: Place, roles: Iterable[str] | None = None) -> bool:
    """Acting is not inherited: commune staff act for their own commune (and its villages),
    a village head for their own village, other roles at exactly their place."""
    if is_admin(person):
        return True
    wanted = set(roles) if roles is not None else STAFF_ROLES
    unit = unit_of(place)
    for m in memberships(person):
        if m.role not in wanted:
            continue
        scope = _scope_place(m)
        if scope is None:
            continue
        if scope == place or (m.role in COMMUNE_STAFF and scope == unit):
            return True
    return False


# Staff above the communes: a province's (or a former district's) officers, chairman and steering
# committee members, who record what the province records for its communes (recognitions, imports).
ABOVE_ROLES = COMMUNE_STAFF | {Role.STEERING_MEMBER}


def acts_above(person: Any, place: Place, roles: Iterable[str] = ABOVE_ROLES) -> bool:
    """Holds one of `roles` at a level above the communes (province, or district before 2025) whose
    subtree holds `place` — for a province, its former provinces' units too (their past is its to
    record: the new-rural records, the one-stop figures of the years before 2025)."""
    if is_admin(person):
        return True
    wanted = set(roles)
    for m in memberships(person):
        scope = _scope_place(m)
        if (
            m.role in wanted
            and scope is not None
            and scope.level < Level.COMMUNE
            and _within(person, scope, place)
        ):
            return True
    return False


def has_role_above(person: Any, roles: Iterable[str] = ABOVE_ROLES) -> bool:
    """Holds one of `roles` anywhere (the office pages of modules kept above the communes)."""
    wanted = set(roles)
    return is_admin(person) or any(m.role in wanted for m in memberships(person))


def readable_places(person: Any, roles: Iterable[str] | None = None) -> QuerySet[Place]:
    """Every place the person may read as staff (subtrees of their scopes; for a province, the former
    provinces merged into it too — as can_read_place)."""
    if is_admin(person):
        return Place.objects.all()
    wanted = set(roles) if roles is not None else STAFF_ROLES
    scopes = [s for m in memberships(person) if m.role in wanted and (s := _scope_place(m)) is not None]
    paths = {s.path for s in scopes} | {p for s in scopes for p in _former_paths(person, s)}
    if not paths:
        return Place.objects.none()
    q = Q()
    for path in paths:
        q |= Q(path__startswith=path)
    return Place.objects.filter(q)


def acting_places(person: Any, roles: Iterable[str] | None = None) -> list[Place]:
    """The places where the person acts (their own units)."""
    if is_admin(person):
        return list(Place.objects.filter(level__lte=Level.COMMUNE))
    wanted = set(roles) if roles is not None else STAFF_ROLES
    return [s for m in memberships(person) if m.role in wanted and (s := _scope_place(m)) is not None]


def in_acting_places(
    person: Any, queryset: QuerySet[Any], field: str, roles: Iterable[str] | None = None
) -> QuerySet[Any]:
    """`queryset` narrowed to the rows whose `field` is a place where the person acts (`acting_places`,
    for `roles`): all of it for an administrator, none for someone signed out (the office's counts)."""
    if not getattr(person, "is_authenticated", False):
        return queryset.none()
    if is_admin(person):
        return queryset
    return queryset.filter(**{f"{field}__in": acting_places(person, roles)})


# --- Verified residents ----------------------------------------------------------------------------


def confirmed_households(person: Any) -> list[Household]:
    if not getattr(person, "is_authenticated", False):
        return []
    links = HouseholdLink.objects.filter(person=person, status=HouseholdLink.Status.CONFIRMED).select_related(
        "household__village"
    )
    return [link.household for link in links]


def is_verified_resident(person: Any) -> bool:
    """Has a confirmed link to a household: required for voting, complaints and denunciations."""
    return bool(confirmed_households(person))


def is_household_representative(person: Any, household: Household) -> bool:
    return HouseholdLink.objects.filter(
        person=person, household=household, status=HouseholdLink.Status.CONFIRMED, as_representative=True
    ).exists()


def village_scope(person: Any, roles: Iterable[str] | None = None) -> QuerySet[Place]:
    """The villages where the person acts: their own village (village head) or every village of
    their commune (commune staff). Administrators: every village."""
    if is_admin(person):
        return Place.objects.villages()
    wanted = set(roles) if roles is not None else (COMMUNE_STAFF | {Role.VILLAGE_HEAD})
    q = Q(pk__in=[])
    for m in memberships(person):
        scope = _scope_place(m)
        if m.role not in wanted or scope is None:
            continue
        if scope.level == Level.VILLAGE:
            q |= Q(pk=scope.pk)
        elif m.role in COMMUNE_STAFF and scope.level == Level.COMMUNE:
            q |= Q(parent=scope)
    return Place.objects.villages().filter(q)


# Roles that a commune chairman gives to people of their own commune (admins give any role).
CHAIRMAN_GRANTS = frozenset({Role.COMMUNE_OFFICER, Role.VILLAGE_HEAD})


def can_manage_role(person: Any, role: str, place: Place | None) -> bool:
    """Administrators manage every role; a commune chairman manages the commune officers of their
    commune and the village heads of its villages."""
    if is_admin(person):
        return True
    if role not in CHAIRMAN_GRANTS or place is None:
        return False
    if role == Role.COMMUNE_OFFICER and place.level != Level.COMMUNE:
        return False
    if role == Role.VILLAGE_HEAD and place.level != Level.VILLAGE:
        return False
    return has_role(person, Role.COMMUNE_CHAIRMAN, unit_of(place))


def is_chairman(person: Any) -> bool:
    return is_admin(person) or has_role(person, Role.COMMUNE_CHAIRMAN)


# --- Named permissions ------------------------------------------------------------------------------
# The registry lives in the kernel (danchu.core.access); accounts supplies the person predicates behind
# the plain gates "staff" and "admin".

gate(STAFF, is_staff)
gate(ADMIN, is_admin)


# Foundation permissions.
rule("places.manage_villages", lambda p, place: can_act_in_place(p, place, COMMUNE_STAFF))
rule(
    "places.manage_households",
    lambda p, place: can_act_in_place(p, place, COMMUNE_STAFF | {Role.VILLAGE_HEAD}),
)
rule("places.read", lambda p, place: can_read_place(p, place))
scope("places.manage_households", lambda p: acting_places(p, COMMUNE_STAFF | {Role.VILLAGE_HEAD}))
rule(
    "accounts.decide_household_link",
    lambda p, household: can_act_in_place(p, household.village, COMMUNE_STAFF | {Role.VILLAGE_HEAD}),
)
rule(
    "accounts.act_for_citizen",
    lambda p, place: can_act_in_place(p, place, COMMUNE_STAFF | {Role.VILLAGE_HEAD}),
)
rule(
    "accounts.manage_roles",
    lambda p, place: (
        can_manage_role(p, Role.COMMUNE_OFFICER, place) or can_manage_role(p, Role.VILLAGE_HEAD, place)
    ),
)
rule("accounts.own_household_link", lambda p, link: link.person_id == getattr(p, "pk", None), who=SIGNED_IN)
rule("accounts.own_token", lambda p, token: token.person_id == getattr(p, "pk", None), who=SIGNED_IN)


# --- Getters: the one way views and the API reach an object from an id -----------------------------


def own_household_link_for(person: Any, pk: Any) -> HouseholdLink:
    """One of the person's own household links (anyone else's looks missing)."""
    from . import queries

    return get_for(
        person,
        queries.links_of(person),
        "accounts.own_household_link",
        pk=pk,
        not_found=_("This household link does not exist."),
    )


def decided_household_link_for(person: Any, pk: Any, *, not_found: str = "") -> HouseholdLink:
    """A household link of a village where `person` decides them (foreign and missing look the same)."""
    from . import queries

    return get_for(
        person,
        queries.links_in_scope(person),
        "accounts.decide_household_link",
        subject=lambda link: link.household,
        pk=pk,
        not_found=not_found or _("This request does not exist."),
    )


def own_token_for(person: Any, pk: Any) -> PersonalToken:
    """One of the person's own API tokens."""
    return get_for(
        person,
        PersonalToken.objects.filter(person=person),
        "accounts.own_token",
        pk=pk,
        not_found=_("This token does not exist."),
    )


def managed_membership_for(person: Any, pk: Any) -> Membership:
    """An active role that `person` (a commune chairman) manages."""
    from . import queries

    return get_for(
        person,
        queries.roles_managed_by(person),
        "accounts.manage_roles",
        subject=lambda m: m.place,
        pk=pk,
        not_found=_("This role does not exist."),
    )


def counter_citizen_for(person: Any, pk: Any) -> User | None:
    """The citizen chosen at the counter (kept in the staff member's session), or None."""
    if not pk:
        return None
    try:
        qs = User.objects.all()
        return get_for(person, qs, "accounts.serve_at_counter", memo="accounts.counter_citizen_for", pk=pk)
    except Http404:
        return None


rule("accounts.serve_at_counter", lambda p, citizen: is_staff(p))

__all__ = [
    "User",
    "Role",
    "memberships",
    "is_admin",
    "is_staff",
    "has_role",
    "can_read_place",
    "can_act_in_place",
    "readable_places",
    "acting_places",
    "unit_of",
    "confirmed_households",
    "is_verified_resident",
    "is_household_representative",
    "village_scope",
    "can_manage_role",
    "rule",
    "can",
]
