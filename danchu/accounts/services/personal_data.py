"""A person's rights over their data (Decree 13/2023 on personal data protection): correct their name
and contact details, and close their account."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core import ratelimit
from danchu.core.audit import audit, snapshot
from danchu.core.errors import DomainError

from ..models import HouseholdLink, Membership, OutboxMessage, PersonalToken, User
from ..phones import normalize_phone

PROFILE_FIELDS = ("full_name", "email", "phone")
# The address a closed account keeps (the table requires an e-mail or a phone); never written to.
CLOSED_DOMAIN = "closed.invalid"


@transaction.atomic
def profile_correct(*, person: User, full_name: str, email: str = "", phone: str = "") -> User:
    """Correct the person's name, e-mail and phone. The audit log keeps each earlier value (the
    correction history shown on their page)."""
    full_name = " ".join((full_name or "").split())
    email = (email or "").strip().lower()
    normalized = normalize_phone(phone) if phone else None
    if len(full_name) < 2 or len(full_name) > 200:
        raise DomainError(_("Please enter your full name."), code="bad_name")
    if phone and normalized is None:
        raise DomainError(
            _("Enter a phone number such as 0912 345 678 or +84 912 345 678."), code="bad_phone"
        )
    if email:
        # The page's form checks the address; the API came straight here and stored "đường liên thôn"
        # as the address the person signs in with and is written to.
        try:
            validate_email(email)
        except ValidationError:
            raise DomainError(_("Enter a valid e-mail address."), code="bad_email") from None
    if not email and not normalized:
        raise DomainError(_("Keep a phone number or an e-mail address to sign in with."), code="no_contact")
    if email and User.objects.exclude(pk=person.pk).filter(email__iexact=email).exists():
        raise DomainError(_("Another account uses this e-mail address."), code="email_taken")
    if normalized and User.objects.exclude(pk=person.pk).filter(phone=normalized).exists():
        raise DomainError(_("Another account uses this phone number."), code="phone_taken")
    before = snapshot(person, PROFILE_FIELDS)
    phone_changed = normalized != person.phone
    person.full_name, person.email, person.phone = full_name, email or None, normalized
    if before == snapshot(person, PROFILE_FIELDS):
        return person
    fields = list(PROFILE_FIELDS)
    if phone_changed:
        person.phone_verified_at = None  # the new number is proved by a new code
        fields.append("phone_verified_at")
    person.save(update_fields=fields)
    audit(
        actor=person,
        action="accounts.profile_correct",
        obj=person,
        before=before,
        after=snapshot(person, PROFILE_FIELDS),
    )
    return person


# Wrong passwords allowed when closing an account, per account and window (seconds).
CLOSE_WRONG_PASSWORDS, CLOSE_WRONG_WINDOW = 5, 15 * 60


def account_close_confirmed(*, person: User, password: str, confirmed: bool) -> User:
    """The holder closes their own account, from the page or the API alike: only with their password
    and the box ticked that says they can no longer sign in. A token alone closed it through the
    API (one POST, no body), where the page asked for both: a token lent to another system could
    have closed its holder's account."""
    key = f"danchu:close-account:{person.pk}"
    if ratelimit.count(key) >= CLOSE_WRONG_PASSWORDS:  # not a way to guess the password with a token
        raise DomainError(
            _("Too many failed login attempts. Try again later."), code="rate_limited", status=429
        )
    right = bool(password) and person.check_password(password)
    if password and not right:
        ratelimit.hit(key, CLOSE_WRONG_WINDOW)
    if not (right and confirmed):
        raise DomainError(
            _("Enter your password and tick the box to close your account."), code="not_confirmed"
        )
    return account_close(person=person)


@transaction.atomic
def account_close(*, person: User, actor: Any = None) -> User:
    """Close the account: the person can no longer sign in; their name and contact details are
    replaced by a pseudonym; tokens, roles and household links end; messages waiting for them are
    deleted. What the law requires kept is kept: the audit log (who did what, under the pseudonym's
    id) and the records of cases they filed, in their own module."""
    if not person.is_active:
        raise DomainError(_("This account is already closed."), code="closed")
    before = snapshot(person, PROFILE_FIELDS)
    now, today = timezone.now(), timezone.localdate()
    PersonalToken.objects.filter(person=person, revoked_at__isnull=True).update(revoked_at=now)
    Membership.objects.active().filter(person=person).update(valid_to=today)
    HouseholdLink.objects.filter(person=person, status__in=["requested", "confirmed"]).update(
        status=HouseholdLink.Status.ENDED, ended_at=now, reason="account closed"
    )
    OutboxMessage.objects.filter(person=person, sent_at__isnull=True).delete()
    person.full_name = _("Closed account #%(id)s") % {"id": person.pk}
    person.email = f"closed-{person.pk}@{CLOSED_DOMAIN}"
    person.phone = None
    person.is_active = False
    person.notify_channel = "none"
    person.set_unusable_password()
    person.save()
    audit(
        actor=actor or person,
        action="accounts.account_close",
        obj=person,
        before=before,
        after=snapshot(person, PROFILE_FIELDS),
    )
    return person
