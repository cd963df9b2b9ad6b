"""Writes of the accounts app: roles, household verification, walk-in people, tokens, preferences.

Every function takes keyword-only arguments, runs in one transaction, writes an audit entry and
raises a DomainError (already translated) when a rule refuses the request.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danchu.core.audit import audit, snapshot
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.places.models import Household, Level, Place

from . import permissions, queries
from .models import Body, Channel, HouseholdLink, Membership, PersonalToken, Role, User
from .phones import normalize_phone

MEMBERSHIP_FIELDS = ("person_id", "role", "place_id", "body_id", "title", "valid_from", "valid_to")
LINK_FIELDS = ("person_id", "household_id", "as_representative", "status", "reason", "decided_by_id")

# Where each role is held: roles of a village, of a commune, or of any place (boards, committees).
VILLAGE_ROLES = frozenset({Role.VILLAGE_HEAD})
COMMUNE_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_CHAIRMAN})


# --- Roles ------------------------------------------------------------------------------------------


def _check_scope(role: str, place: Place | None, body: Body | None) -> Place | None:
    if body is not None and place is None:
        place = body.place
    if role in VILLAGE_ROLES and (place is None or place.level != Level.VILLAGE):
        raise DomainError(_("A village head is held in a village or residential group."), code="bad_scope")
    if role in COMMUNE_ROLES and (place is None or place.level != Level.COMMUNE):
        raise DomainError(_("This role is held in a commune-level unit."), code="bad_scope")
    if role != Role.ADMIN and place is None:
        raise DomainError(_("Choose the place where the role is held."), code="bad_scope")
    return place


@transaction.atomic
def membership_grant(
    *,
    actor: Any,
    person: User,
    role: str,
    place: Place | None = None,
    body: Body | None = None,
    title: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
) -> Membership:
    """Give `person` a role in a scope. Administrators give any role; a commune chairman gives the
    commune officer role in their commune and the village head role in its villages."""
    if role not in Role.values:
        raise DomainError(_("Unknown role."), code="bad_role")
    place = _check_scope(role, place, body)
    if not permissions.can_manage_role(actor, role, place):
        raise Forbidden(_("You may not give this role here."))
    existing = Membership.objects.active().filter(person=person, role=role, place=place, body=body)
    if existing.exists():
        raise Conflict(_("%(person)s already holds this role here.") % {"person": person})
    membership = Membership.objects.create(
        person=person,
        role=role,
        place=place,
        body=body,
        title=title,
        valid_from=valid_from or timezone.localdate(),
        valid_to=valid_to,
    )
    audit(
        actor=actor,
        action="accounts.membership_grant",
        obj=membership,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    permissions.forget(person)
    return membership


@transaction.atomic
def membership_end(*, actor: Any, membership: Membership, on: dt.date | None = None) -> Membership:
    """End a role: it no longer counts from `on` (default today), so its last day is the day before."""
    if not permissions.can_manage_role(actor, membership.role, membership.place):
        raise Forbidden(_("You may not end this role."))
    on = on or timezone.localdate()
    last_day = on - dt.timedelta(days=1)
    if membership.valid_to is not None and membership.valid_to <= last_day:
        raise Conflict(_("This role has already ended."))
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.valid_to = last_day
    membership.save(update_fields=["valid_to"])
    audit(
        actor=actor,
        action="accounts.membership_end",
        obj=membership,
        before=before,
        after=snapshot(membership, MEMBERSHIP_FIELDS),
    )
    permissions.forget(membership.person)
    return membership


def _ensure_resident_role(*, actor: Any, person: User, village: Place, role: str) -> None:
    if not Membership.objects.active().filter(person=person, role=role, place=village).exists():
        m = Membership.objects.create(
            person=person, role=role, place=village, valid_from=timezone.localdate()
        )
        audit(actor=actor, action="accounts.membership_grant", obj=m, after=snapshot(m, MEMBERSHIP_FIELDS))
        permissions.forget(person)


def _drop_resident_role(*, actor: Any, person: User, village: Place, role: str) -> None:
    """End the resident role in `village` once no confirmed link justifies it any more."""
    links = HouseholdLink.objects.confirmed().filter(person=person, household__village=village)
    if role == Role.HOUSEHOLD_REP:
        links = links.filter(as_representative=True)
    if links.exists():
        return
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    for m in Membership.objects.active().filter(person=person, role=role, place=village):
        before = snapshot(m, MEMBERSHIP_FIELDS)
        m.valid_to = yesterday
        m.save(update_fields=["valid_to"])
        audit(
            actor=actor,
            action="accounts.membership_end",
            obj=m,
            before=before,
            after=snapshot(m, MEMBERSHIP_FIELDS),
        )
    permissions.forget(person)


# --- Household verification ---------------------------------------------------------------------------


@transaction.atomic
def household_link_request(
    *, person: User, household: Household, as_representative: bool = False, message: str = ""
) -> HouseholdLink:
    """A signed-up resident asks to be linked to their household (and to be its representative)."""
    if not household.is_active:
        raise DomainError(_("This household is no longer registered."), code="household_inactive")
    if HouseholdLink.objects.filter(
        person=person,
        household=household,
        status__in=[HouseholdLink.Status.REQUESTED, HouseholdLink.Status.CONFIRMED],
    ).exists():
        raise Conflict(_("You have already asked to be linked to this household."))
    link = HouseholdLink.objects.create(
        person=person,
        household=household,
        as_representative=as_representative,
        message=message.strip()[:500],
    )
    audit(actor=person, action="accounts.household_link_request", obj=link, after=snapshot(link, LINK_FIELDS))
    return link


def _check_decider(actor: Any, link: HouseholdLink) -> None:
    if not permissions.can(actor, "accounts.decide_household_link", link.household):
        raise Forbidden(_("Only the village head or a commune officer of this village may decide."))


def _check_pending(link: HouseholdLink) -> None:
    if link.status != HouseholdLink.Status.REQUESTED:
        raise Conflict(
            _("This request is already %(state)s.") % {"state": link.get_status_display()}, code="bad_state"
        )


def _me_url() -> str:
    return settings.SITE_URL + reverse("accounts:home")


@transaction.atomic
def household_link_confirm(*, actor: Any, link: HouseholdLink, on_behalf_of: Any = None) -> HouseholdLink:
    """Confirm a request. Confirming a representative ends the household's previous representative
    link: a household has one representative (Decree 59/2023, Art. 3(2))."""
    link = (
        HouseholdLink.objects.select_for_update()
        .select_related("household__village", "person")
        .get(pk=link.pk)
    )
    _check_decider(actor, link)
    _check_pending(link)
    household = link.household
    if link.as_representative:
        # The previous representative stays a confirmed member of the household.
        for old in (
            HouseholdLink.objects.select_for_update()
            .confirmed()
            .filter(household=household, as_representative=True)
            .select_related("person")
        ):
            old_before = snapshot(old, LINK_FIELDS)
            old.as_representative = False
            old.save(update_fields=["as_representative"])
            audit(
                actor=actor,
                action="accounts.household_link_representative_replaced",
                obj=old,
                before=old_before,
                after=snapshot(old, LINK_FIELDS),
            )
            _drop_resident_role(
                actor=actor, person=old.person, village=household.village, role=Role.HOUSEHOLD_REP
            )
    before = snapshot(link, LINK_FIELDS)
    link.status = HouseholdLink.Status.CONFIRMED
    link.decided_by = actor
    link.decided_at = timezone.now()
    if link.as_representative and link.member_id is None:
        link.member = household.representative
    link.save(update_fields=["status", "decided_by", "decided_at", "member"])
    audit(
        actor=actor,
        action="accounts.household_link_confirm",
        obj=link,
        before=before,
        after=snapshot(link, LINK_FIELDS),
        on_behalf_of=on_behalf_of,
    )
    _ensure_resident_role(actor=actor, person=link.person, village=household.village, role=Role.CITIZEN)
    if link.as_representative:
        _ensure_resident_role(
            actor=actor, person=link.person, village=household.village, role=Role.HOUSEHOLD_REP
        )
    from .notify import notify

    with translation.override(link.person.language or settings.LANGUAGE_CODE):
        notify(
            link.person,
            subject=_("You are now a verified resident"),
            body=_(
                "Your link to household %(number)s in %(village)s was confirmed. You can now vote and send "
                "complaints and denunciations. %(url)s"
            )
            % {"number": household.number, "village": household.village.name, "url": _me_url()},
        )
    return link


@transaction.atomic
def household_link_refuse(*, actor: Any, link: HouseholdLink, reason: str) -> HouseholdLink:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(
            _("Give the reason for refusing: the resident will read it."), code="reason_required"
        )
    link = (
        HouseholdLink.objects.select_for_update()
        .select_related("household__village", "person")
        .get(pk=link.pk)
    )
    _check_decider(actor, link)
    _check_pending(link)
    before = snapshot(link, LINK_FIELDS)
    link.status = HouseholdLink.Status.REFUSED
    link.reason = reason[:500]
    link.decided_by = actor
    link.decided_at = timezone.now()
    link.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit(
        actor=actor,
        action="accounts.household_link_refuse",
        obj=link,
        before=before,
        after=snapshot(link, LINK_FIELDS),
    )
    from .notify import notify

    with translation.override(link.person.language or settings.LANGUAGE_CODE):
        notify(
            link.person,
            subject=_("Your household link was refused"),
            body=_(
                "Your request to be linked to household %(number)s in %(village)s was refused. Reason: "
                "%(reason)s. %(url)s"
            )
            % {
                "number": link.household.number,
                "village": link.household.village.name,
                "reason": reason,
                "url": _me_url(),
            },
        )
    return link


def _end(*, actor: Any, link: HouseholdLink, reason: str) -> HouseholdLink:
    before = snapshot(link, LINK_FIELDS)
    was_confirmed = link.status == HouseholdLink.Status.CONFIRMED
    link.status = HouseholdLink.Status.ENDED
    link.ended_at = timezone.now()
    link.reason = (reason or link.reason)[:500]
    link.save(update_fields=["status", "ended_at", "reason"])
    audit(
        actor=actor,
        action="accounts.household_link_end",
        obj=link,
        before=before,
        after=snapshot(link, LINK_FIELDS),
    )
    if was_confirmed:
        village = link.household.village
        _drop_resident_role(actor=actor, person=link.person, village=village, role=Role.HOUSEHOLD_REP)
        _drop_resident_role(actor=actor, person=link.person, village=village, role=Role.CITIZEN)
    return link


@transaction.atomic
def household_link_end(*, actor: Any, link: HouseholdLink, reason: str = "") -> HouseholdLink:
    """End a link (the resident moved, or withdraws a request). The resident ends their own link;
    the village head or a commune officer ends any link of their village."""
    link = (
        HouseholdLink.objects.select_for_update()
        .select_related("household__village", "person")
        .get(pk=link.pk)
    )
    if getattr(actor, "pk", None) != link.person_id:
        _check_decider(actor, link)
    if link.status not in (HouseholdLink.Status.REQUESTED, HouseholdLink.Status.CONFIRMED):
        raise Conflict(
            _("This link is already %(state)s.") % {"state": link.get_status_display()}, code="bad_state"
        )
    return _end(actor=actor, link=link, reason=reason)


# --- People who come to the counter without an account ------------------------------------------------


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
    """Recorded at the counter and never signed in."""
    return not person.is_active and not person.has_usable_password() and person.last_login is None


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
    from .notify import notify

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


# --- Preferences and tokens -------------------------------------------------------------------------------


@transaction.atomic
def preferences_update(*, person: User, notify_channel: str, language: str) -> User:
    if notify_channel not in Channel.values:
        raise DomainError(_("Unknown notification channel."), code="bad_channel")
    if notify_channel == Channel.EMAIL and not person.email:
        raise DomainError(_("Add an e-mail address before choosing e-mail."), code="no_email")
    if notify_channel in (Channel.SMS, Channel.ZALO) and not person.phone:
        raise DomainError(_("Add a phone number before choosing SMS or Zalo."), code="no_phone")
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Unknown language."), code="bad_language")
    before = snapshot(person, ("notify_channel", "language"))
    person.notify_channel = notify_channel
    person.language = language
    person.save(update_fields=["notify_channel", "language"])
    audit(
        actor=person,
        action="accounts.preferences_update",
        obj=person,
        before=before,
        after=snapshot(person, ("notify_channel", "language")),
    )
    return person


TOKEN_PREFIX = "dch_"


@transaction.atomic
def token_create(*, person: User, name: str) -> tuple[PersonalToken, str]:
    """Create a personal API token. Returns the token row and the token itself, which is shown once
    and never stored (only its SHA-256 is)."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Name the token so you recognise it later."), code="name_required")
    if len(name) > 100 or "\x00" in name:
        raise DomainError(_("Give the token a name of at most 100 characters."), code="bad_name")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalToken.objects.create(
        person=person,
        name=name,
        prefix=raw[: len(TOKEN_PREFIX) + 6],
        digest=PersonalToken.digest_of(raw),
    )
    audit(
        actor=person,
        action="accounts.token_create",
        obj=token,
        after={"name": token.name, "prefix": token.prefix},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, actor: Any, token: PersonalToken) -> PersonalToken:
    if token.person_id != getattr(actor, "pk", None) and not permissions.is_admin(actor):
        raise Forbidden(_("You may not revoke this token."))
    if token.revoked_at is not None:
        raise Conflict(_("This token is already revoked."))
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit(actor=actor, action="accounts.token_revoke", obj=token, after={"revoked_at": token.revoked_at})
    return token
