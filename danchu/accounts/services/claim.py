"""Taking over an account recorded for someone who had none (e.g. elected to a unit's People's
Inspection Board without an account: workplaces records one through `walk_in_register`).

1. Whoever the caller's rule lets act for that person (a unit's representative for its board's
   member) records the person's phone: `claim_phone_record` stores it and sends a one-time code
   (PhoneCode purpose CLAIM, the limits of phone_codes) with a link to the claim page by SMS.
2. The person opens the link, types the code and chooses a password: `account_claim` makes the
   account active, the phone verified. Roles that need MFA then lead them to set it up at sign-in.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import Conflict, DomainError

from ..models import Channel, PhoneCode, User
from ..phones import display_phone, normalize_phone
from .phone_codes import PHONE_CODE_MINUTES, _use_code, check_password, phone_code_send
from .walk_in import is_walk_in


def _phone_taken() -> Conflict:
    return Conflict(
        _("Another account already uses this phone number: check the number with the person."),
        code="phone_taken",
        detail=["phone"],
    )


def claim_url(phone: str) -> str:
    """The claim page for this phone, as a site path (messages make it absolute with SITE_URL)."""
    return reverse("accounts:claim") + "?" + urlencode({"phone": phone})


@transaction.atomic
def claim_phone_record(*, actor: Any, person: User, phone: str) -> PhoneCode:
    """Record the phone of a person whose account has no sign-in yet and send them, by SMS, a code
    and the link to claim the account. The caller checks that `actor` may act for the person (e.g.
    oversight's rule for a unit board's member). Asked again, a new code goes out (the earlier one
    stops working); a typo in the number is corrected the same way. Refused, nothing changes."""
    if not is_walk_in(person):
        raise Conflict(
            _("%(person)s can already sign in: there is no account to claim.") % {"person": person}
        )
    normalized = normalize_phone(str(phone or "").strip()[:40])
    if not normalized:
        raise DomainError(
            _("Enter a phone number such as 0912 345 678 or +84 912 345 678."),
            code="bad_phone",
            detail=["phone"],
        )
    if User.objects.filter(phone=normalized).exclude(pk=person.pk).exists():
        raise _phone_taken()
    before = person.phone
    if normalized != before:
        person.phone, person.phone_verified_at, person.notify_channel = normalized, None, Channel.SMS
        try:
            with transaction.atomic():
                person.save(update_fields=["phone", "phone_verified_at", "notify_channel"])
        except IntegrityError as e:  # taken meanwhile
            raise _phone_taken() from e
        audit(
            actor=actor,
            action="accounts.claim_phone_record",
            obj=person,
            before={"phone": before},
            after={"phone": normalized},
            on_behalf_of=person,
        )
    message = _(
        "danchu: an account was recorded for you. To take it over, open %(url)s and type the code "
        "%(code)s (valid for %(minutes)s minutes). Never tell the code to anyone."
    )
    from ..notify import absolute

    row = phone_code_send(
        person=person, purpose=PhoneCode.Purpose.CLAIM, message=message, url=absolute(claim_url(normalized))
    )
    audit(
        actor=actor,
        action="accounts.claim_code_send",
        obj=person,
        after={"phone": normalized, "minutes": PHONE_CODE_MINUTES},
        on_behalf_of=person,
    )
    return row


def claimable_by_phone(phone: str | None) -> User | None:
    """The account without sign-in yet that has this phone, if any."""
    normalized = normalize_phone(phone)
    if not normalized:
        return None
    person = User.objects.filter(phone=normalized, is_active=False).first()
    return person if person is not None and is_walk_in(person) else None


def account_claim(*, person: User, code: str, password: str) -> User:
    """The person proves they hold the phone recorded for them and chooses a password: the account
    becomes theirs (active, phone verified). A wrong code counts against the code's attempts."""
    if not is_walk_in(person):
        raise DomainError(_("This code has expired or was already used. Ask for a new one."), detail=["code"])
    check_password(password, person)
    # Outside the transaction: a wrong guess must stay counted although the request fails.
    _use_code(person=person, purpose=PhoneCode.Purpose.CLAIM, code=code)
    with transaction.atomic():
        person.set_password(password)
        person.is_active = True
        person.phone_verified_at = timezone.now()
        person.save(update_fields=["password", "is_active", "phone_verified_at"])
        audit(
            actor=person,
            action="accounts.account_claim",
            obj=person,
            after={"is_active": True, "phone": display_phone(person.phone)},
        )
    return person
