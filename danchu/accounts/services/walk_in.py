"""People who come to the counter without an account."""

import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Place

from .. import permissions, queries
from ..models import Channel, Role, User
from ..phones import normalize_phone

# --- People who come to the counter without an account ------------------------------------------------
from .households import household_link_confirm, household_link_request
from .personal_data import CLOSED_DOMAIN
from .roles import _ensure_resident_role


@transaction.atomic
def walk_in_register(
    *, actor: Any, full_name: str, phone: str = "", village: Place | None = None, household_number: str = ""
) -> User:
    """Record a person who came in person and has no account: an inactive account that holds their
    name and phone, so that acts done for them name them. With a village and a household number,
    staff who may decide links there confirm the person's link to that household at once."""
    name = " ".join((full_name or "").split())
    if len(name) < 2:
        raise DomainError(_("Enter the person's full name."), code="full_name_required")
    if village is not None and not permissions.can(actor, "accounts.act_for_citizen", village):
        raise Forbidden(_("You may not act for people of this village."))
    if village is None and not permissions.is_staff(actor):
        raise Forbidden(_("Only staff record walk-in people."))
    normalized = normalize_phone(phone) if phone else None
    if phone and not normalized:
        raise DomainError(
            _("Enter a phone number such as 0912 345 678 or +84 912 345 678."), code="bad_phone"
        )
    if normalized and User.objects.filter(phone=normalized).exists():
        raise Conflict(_("A person with this phone number is already registered; find them instead."))
    # The table requires an e-mail or a phone; a person without a phone gets an address in the
    # reserved .invalid domain (RFC 2606), which notifications never use.
    email = None if normalized else f"walk-in-{uuid.uuid4().hex[:12]}@counter.invalid"
    person = User(
        full_name=name,
        phone=normalized,
        email=email,
        is_active=False,
        notify_channel=Channel.SMS if normalized else Channel.NONE,
    )
    person.set_unusable_password()
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as e:
        raise Conflict(_("A person with this phone number is already registered; find them instead.")) from e
    audit(
        actor=actor,
        action="accounts.walk_in_register",
        obj=person,
        after=snapshot(person, ("full_name", "phone", "is_active")),
        on_behalf_of=person,
    )
    if village is not None:
        household_number = (household_number or "").strip()
        household = queries.active_household(village, household_number) if household_number else None
        if household_number and household is None:
            raise DomainError(
                _("No household has this number in %(village)s.") % {"village": village.name},
                code="no_household",
            )
        if household is not None:
            link = household_link_request(person=person, household=household)
            household_link_confirm(actor=actor, link=link, on_behalf_of=person)
        else:
            _ensure_resident_role(actor=actor, person=person, village=village, role=Role.CITIZEN)
    return person


def is_walk_in(person: User) -> bool:
    """Recorded at the counter (or for someone elected without an account) and never signed in; not
    a closed account (also inactive, without a password)."""
    closed = (person.email or "").endswith("@" + CLOSED_DOMAIN)
    return (
        not person.is_active and not person.has_usable_password() and person.last_login is None and not closed
    )


@transaction.atomic
def walk_in_activate(*, actor: Any, person: User) -> str:
    """Let a person recorded at the counter sign in: staff have checked who they are in person.
    Returns a temporary password (shown once to staff and sent by SMS); the person changes it."""
    if not is_walk_in(person):
        raise Conflict(_("This person already has an account."))
    if not person.phone:
        raise DomainError(_("Record the person's phone number first: they sign in with it."), code="no_phone")
    if not permissions.village_scope(actor).exists():
        raise Forbidden(_("Only commune staff and village heads record acts for a citizen at the counter."))
    password = "-".join(secrets.token_hex(2) for _ in range(3))
    person.set_password(password)
    person.is_active = True
    person.save(update_fields=["password", "is_active"])
    audit(
        actor=actor,
        action="accounts.walk_in_activate",
        obj=person,
        after={"is_active": True},
        on_behalf_of=person,
    )
    from ..notify import notify

    with translation.override(person.language or settings.LANGUAGE_CODE):
        notify(
            person,
            channel=Channel.SMS,
            subject="",
            body=_("danchu: sign in at %(url)s with %(phone)s and the password %(password)s, then change it.")
            % {
                "url": settings.SITE_URL + reverse("account_login"),
                "phone": person.phone,
                "password": password,
            },
        )
    return password
