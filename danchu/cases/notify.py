"""Messages to submitters: tracking code, state changes. Uses accounts' notify when it exists,
else e-mail directly or the SMS outbox (accounts.OutboxMessage)."""

from __future__ import annotations

import logging
from typing import Any

from django.core.mail import send_mail

log = logging.getLogger(__name__)


def send(
    *,
    email: str = "",
    phone: str = "",
    person: Any = None,
    subject: str,
    body: str,
    confidential: bool = False,
) -> None:
    """Deliver to the person's e-mail and/or phone.

    `confidential` (denouncers): never write the address into a table; only direct e-mail is used,
    because an SMS through the outbox would store the phone number in clear.
    """
    if person is not None and getattr(person, "is_authenticated", True):
        email = email or (person.email or "")
        phone = phone or (person.phone or "")
    if email:
        try:
            send_mail(subject, body, None, [email])
        except Exception:  # delivery failures must not lose the case; the code is also on screen
            log.warning("cases: e-mail delivery failed")
    if phone and not confidential:
        try:
            from danchu.accounts import notify as accounts_notify  # type: ignore[attr-defined]

            if hasattr(accounts_notify, "notify_address"):
                accounts_notify.notify_address(channel="sms", address=phone, subject=subject, body=body)
                return
        except ImportError:
            pass
        from danchu.accounts.models import Channel, OutboxMessage

        OutboxMessage.objects.create(
            channel=Channel.SMS,
            recipient=phone,
            person=person if getattr(person, "pk", None) else None,
            subject=subject,
            body=body,
        )
