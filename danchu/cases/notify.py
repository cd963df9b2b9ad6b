"""Messages to submitters and staff, through the one notification path (`danchu.accounts.notify`:
queued, delivered in the background by the configured backends).

Denouncers (`confidential`): only e-mail, sent to the address with no account attached
(`notify_address`), never an SMS through the outbox, which would store the phone number in clear.
"""

from __future__ import annotations

from typing import Any

from danchu.accounts.notify import notify, notify_address


def send(
    *,
    email: str = "",
    phone: str = "",
    person: Any = None,
    subject: str,
    body: str,
    confidential: bool = False,
    language: str = "",
    url: str | None = None,
) -> None:
    """Deliver to a person with an account (by their chosen channel, in their language) and to the
    addresses given (in `language`, by default the site's: Vietnamese), with `url` as a link on its
    own line. Nothing is queued when there is no address to send to."""
    if person is not None and getattr(person, "pk", None) and not confidential:
        notify(person, subject=subject, body=body, url=url)
    if email:
        notify_address("email", email, subject=subject, body=body, language=language, url=url)
    if phone and not confidential:
        notify_address("sms", phone, subject=subject, body=body, language=language, url=url)
