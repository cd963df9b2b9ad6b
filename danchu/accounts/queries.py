"""Reads of the accounts app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from danchu.core.text import fold, vi_sort_key
from danchu.places.models import Household, Place

from . import permissions
from .models import HouseholdLink, HouseholdLinkQuerySet, Membership, Role, User
from .phones import normalize_phone

SEARCH_LIMIT = 30


def find_account(value: str) -> User | None:
    """The active account with this phone number (however written) or e-mail, or None."""
    value = (value or "").strip()
    if not value or "\x00" in value:  # PostgreSQL refuses a NUL in a query (a 500)
        return None
    person = User.objects.filter(email__iexact=value, is_active=True).first() if "@" in value else None
    if person is None:
        phone = normalize_phone(value)
        person = User.objects.filter(phone=phone, is_active=True).first() if phone else None
    return person


def account_by_contact(value: str) -> User:
    """find_account() for a form that names a person by how they are reached (a conference's delegate,
    an election's candidate, a board member); a DomainError if there is none."""
    from django.utils.translation import gettext as _

    from danchu.core.errors import DomainError

    person = find_account(value)
    if person is None:
        raise DomainError(_("No account has this phone number or e-mail."), code="no_account")
    return person


def people_of_villages(villages: QuerySet[Place]) -> QuerySet[User]:
    """People who hold a resident role in, or a household link to, one of `villages`."""
    linked = HouseholdLink.objects.filter(
        household__village__in=villages,
        status__in=[HouseholdLink.Status.REQUESTED, HouseholdLink.Status.CONFIRMED],
    ).values("person_id")
    residents = (
        Membership.objects.active()
        .filter(place__in=villages, role__in=[Role.CITIZEN, Role.HOUSEHOLD_REP])
        .values("person_id")
    )
    return User.objects.filter(Q(pk__in=linked) | Q(pk__in=residents))


def villages_of(person: Any) -> QuerySet[Place]:
    """The villages where the person is known to live: a confirmed household link, or an active
    citizen or household representative role (the inverse of people_of_villages)."""
    linked = HouseholdLink.objects.filter(person=person, status=HouseholdLink.Status.CONFIRMED).values(
        "household__village_id"
    )
    residents = (
        Membership.objects.active()
        .filter(person=person, role__in=[Role.CITIZEN, Role.HOUSEHOLD_REP])
        .values("place_id")
    )
    return Place.objects.filter(Q(pk__in=linked) | Q(pk__in=residents))


def find_citizens(staff: Any, text: str) -> tuple[list[User], bool]:
    """Citizens that `staff` may act for, by name, phone or household number, and whether more match
    than are listed (SEARCH_LIMIT: the counter says to type more). An exact phone number finds anyone
    (the person is standing at the counter and gave it); names and household numbers only find
    people of the staff member's villages."""
    text = (text or "").strip()
    if not text:
        return [], False
    villages = permissions.village_scope(staff)
    phone = normalize_phone(text)
    if phone:
        return list(User.objects.filter(phone=phone)[:1]), False
    scoped = people_of_villages(villages)
    by_household = HouseholdLink.objects.filter(
        household__village__in=villages, household__number__iexact=text
    ).values("person_id")
    found = list(
        scoped.filter(Q(pk__in=by_household) | Q(full_name__icontains=text))
        .distinct()
        .order_by("full_name")[: SEARCH_LIMIT + 1]
    )
    if not found:
        # Names typed without diacritics or in another case: compare folded names — every person of
        # the villages (a commune's 20,000 are read in ~50 ms; the first 5,000 by name used to be all).
        folded = fold(text)
        ids = [
            pk
            for pk, name in scoped.order_by("full_name")
            .values_list("pk", "full_name")
            .iterator(chunk_size=5000)
            if folded in fold(name)
        ]
        found = list(User.objects.filter(pk__in=ids[: SEARCH_LIMIT + 1]))
    more = len(found) > SEARCH_LIMIT
    return sorted(found, key=lambda u: vi_sort_key(u.full_name))[:SEARCH_LIMIT], more


def village_by_code(code: str | None) -> Place | None:
    """The village or residential group a resident names by its code (None when unknown)."""
    if not code or "\x00" in code or len(code) > 64:
        return None
    return Place.objects.villages().filter(code=code.strip()).first()


def active_household(village: Place, number: str) -> Household | None:
    """The registered household of `village` with this number, however its letters are cased."""
    number = (number or "").strip()
    if not number or "\x00" in number:
        return None
    return Household.objects.filter(village=village, number__iexact=number, is_active=True).first()


def links_in_scope(staff: Any) -> HouseholdLinkQuerySet:
    """Household links of the villages where `staff` decide them (village head: their village;
    commune staff: every village of their commune). Anything else is out of reach, so a foreign id
    and a missing one look the same."""
    return (
        HouseholdLink.objects.in_places(permissions.village_scope(staff))
        .select_related("person", "household__village")
        .order_by("requested_at")
    )


def pending_links_for(staff: Any) -> QuerySet[HouseholdLink]:
    return links_in_scope(staff).pending()


def links_of(person: Any) -> QuerySet[HouseholdLink]:
    return HouseholdLink.objects.filter(person=person).select_related(
        "household__village__parent", "decided_by"
    )


def home_village(person: Any) -> Place | None:
    """The village of the person's confirmed household (the first one linked), or None."""
    link = (
        HouseholdLink.objects.filter(
            person=person, status=HouseholdLink.Status.CONFIRMED, household__is_active=True
        )
        .select_related("household__village")
        .order_by("pk")
        .first()
    )
    return link.household.village if link is not None else None


def landing(
    person: Any,
    *,
    office: str,
    commune: str = "",
    otherwise: str = "home",
    works_there: Callable[[Any], bool] = permissions.is_staff,
) -> str:
    """Where a module's root (/works/, /disclosures/…) sends a person: staff who work in the module
    (`works_there`, by default any staff role) to the module's office page, a resident with a confirmed
    household to the module's page of their commune (`commune`, a URL name taking the commune's code),
    anyone else to `otherwise` (the home page: choose a place)."""
    from django.urls import reverse

    if works_there(person):
        return reverse(office)
    village = home_village(person) if commune and getattr(person, "is_authenticated", False) else None
    if village is not None:
        return reverse(commune, args=[permissions.unit_of(village).code])
    return reverse(otherwise)


def households_of_village(village: Place) -> QuerySet[Household]:
    return Household.objects.filter(village=village, is_active=True).order_by("number")


def roles_managed_by(staff: Any) -> QuerySet[Membership]:
    """Commune officers and village heads of the communes the chairman leads."""
    qs = Membership.objects.active().select_related("person", "place", "body")
    communes = [
        m.place for m in permissions.memberships(staff) if m.role == Role.COMMUNE_CHAIRMAN and m.place_id
    ]
    if not communes:
        return qs.none()
    return qs.filter(
        Q(role=Role.COMMUNE_OFFICER, place__in=communes)
        | Q(role=Role.VILLAGE_HEAD, place__parent__in=communes)
    ).order_by("place__name", "role", "person__full_name")


def chairman_places(staff: Any) -> QuerySet[Place]:
    """The places where a chairman gives roles: their communes and the villages of those communes."""
    # Administrators give roles in the admin site; this page lists a chairman's own places.
    ids = [
        m.place_id for m in permissions.memberships(staff) if m.role == Role.COMMUNE_CHAIRMAN and m.place_id
    ]
    return Place.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).order_by("path")
