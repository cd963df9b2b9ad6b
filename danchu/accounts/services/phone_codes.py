"""One-time codes by SMS: proving a phone number at sign-up, and resetting a password by phone.

A code is six digits, valid for PHONE_CODE_MINUTES, tried at most PHONE_CODE_ATTEMPTS times, and
serves once; only an HMAC of it is stored. At most PHONE_CODES_PER_HOUR codes are sent to a person
per purpose and hour (an SMS costs money, and a flood of codes is a nuisance to the phone's holder).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from danchu.core.audit import audit
from danchu.core.errors import DomainError

from ..models import PhoneCode, User

PHONE_CODE_MINUTES = 10
PHONE_CODE_ATTEMPTS = 5
PHONE_CODES_PER_HOUR = 3


def phone_code_send(*, person: Any, purpose: str, message: str = "", url: str = "") -> PhoneCode:
    """Send a new code to the person's phone; earlier unused codes of the purpose stop working.
    `message` (translated, with %(code)s, %(minutes)s and %(url)s) replaces the usual words."""
    from ..notify import notify_address

    if not person.phone:
        raise DomainError(_("Add a phone number to your account first."), detail=["phone"])
    now = timezone.now()
    sent = PhoneCode.objects.filter(
        person=person, purpose=purpose, created_at__gte=now - dt.timedelta(hours=1)
    ).count()
    if sent >= PHONE_CODES_PER_HOUR:
        raise DomainError(
            _("Too many codes were sent to this number. Please try again in an hour."),
            code="too_many_codes",
            status=429,
        )
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        PhoneCode.objects.filter(person=person, purpose=purpose, used_at__isnull=True).update(expires_at=now)
        row = PhoneCode.objects.create(
            person=person,
            phone=person.phone,
            purpose=purpose,
            digest=PhoneCode.digest_of(code, phone=person.phone, purpose=purpose),
            expires_at=now + dt.timedelta(minutes=PHONE_CODE_MINUTES),
        )
    body = (
        message
        or _("danchu: your code is %(code)s. It is valid for %(minutes)s minutes. Never tell it to anyone.")
    ) % {
        "code": code,
        "minutes": PHONE_CODE_MINUTES,
        "url": url,
    }
    notify_address("sms", person.phone, subject="", body=body)
    return row


def _use_code(*, person: Any, purpose: str, code: str) -> None:
    """Consume the person's current code, or raise. Call it outside a transaction: a wrong guess
    is counted even though the caller's request fails."""
    code = "".join(ch for ch in str(code or "") if ch.isdigit())[:6]
    now = timezone.now()
    row = (
        PhoneCode.objects.filter(
            person=person, purpose=purpose, phone=person.phone, used_at__isnull=True, expires_at__gt=now
        )
        .order_by("-created_at")
        .first()
    )
    if row is None:
        raise DomainError(_("This code has expired or was already used. Ask for a new one."), detail=["code"])
    if row.attempts >= PHONE_CODE_ATTEMPTS:
        raise DomainError(
            _("Too many wrong codes. Ask for a new one."),
            code="too_many_attempts",
            status=429,
            detail=["code"],
        )
    expected = PhoneCode.digest_of(code, phone=person.phone, purpose=purpose)
    if len(code) != 6 or not hmac.compare_digest(row.digest, expected):
        PhoneCode.objects.filter(pk=row.pk).update(attempts=F("attempts") + 1)
        raise DomainError(_("This code is not right. Check the SMS and try again."), detail=["code"])
    # Consumed once: a concurrent request with the same code finds it used.
    if not PhoneCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now):
        raise DomainError(_("This code has expired or was already used. Ask for a new one."), detail=["code"])


def phone_verify(*, person: Any, code: str) -> Any:
    """The person proves they hold their phone number."""
    # Outside the transaction: a wrong guess must stay counted although the request fails.
    _use_code(person=person, purpose=PhoneCode.Purpose.VERIFY, code=code)
    with transaction.atomic():
        person.phone_verified_at = timezone.now()
        person.save(update_fields=["phone_verified_at"])
        audit(actor=person, action="accounts.phone_verified", obj=person, after={"phone": person.phone})
    return person


def person_by_phone(phone: str | None) -> User | None:
    from ..phones import normalize_phone

    normalized = normalize_phone(phone)
    if not normalized:
        return None
    return User.objects.filter(phone=normalized, is_active=True).first()


def check_password(password: str, person: Any) -> None:
    """Refuse a password the project's validators refuse, naming the form's password field."""
    try:
        validate_password(password, person)
    except ValidationError as e:
        raise DomainError(" ".join(e.messages), detail=["password1"]) from e


def password_reset_by_sms(*, person: Any, code: str, password: str) -> Any:
    """A new password for someone who proved they hold the account's phone."""
    check_password(password, person)
    _use_code(person=person, purpose=PhoneCode.Purpose.RESET, code=code)  # counted even on failure
    with transaction.atomic():
        person.set_password(password)
        fields = ["password"]
        if person.phone_verified_at is None:
            # Receiving the code proves the phone too.
            person.phone_verified_at = timezone.now()
            fields.append("phone_verified_at")
        person.save(update_fields=fields)
        audit(actor=person, action="accounts.password_reset_by_sms", obj=person)
    return person
