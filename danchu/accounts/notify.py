"""Notifications: one call for every module, delivered in the background by the person's channel.

    from danchu.accounts.notify import notify, notify_address
    notify(person, subject=later(lambda: _("Your case was accepted")), body=...)  # by person.notify_channel
    notify(person, subject=..., body=..., channel="sms")                      # force a channel
    notify_address("sms", "0912 345 678", subject=..., body=...)              # people without an account

E-mail goes through Django's e-mail backend (SMTP in production). SMS and Zalo go through the
backends named by settings NOTIFY_SMS_BACKEND / NOTIFY_ZALO_BACKEND: a class with
`send(*, channel, recipient, subject, body, person_id)`. The default, `OutboxBackend`, writes an
`OutboxMessage` row for an operator's gateway to pick up; `channels.sms.HttpSmsBackend` and
`channels.zalo.ZnsBackend` talk to a real SMS gateway and to Zalo ZNS, with each message's answer
recorded and retried with back-off (`delivery.py`). Channel "none" sends nothing. Links in messages
are absolute (`url=` → SITE_URL + path); people who chose the daily digest get one message a day.

Texts are read in the recipient's language: compose them with `danchu.core.i18n.later` (gettext runs
when `notify` reads the text, inside the recipient's language), not with gettext while the sender —
an officer who reads the site in English, a job — acts.

The job is queued after the surrounding transaction commits (`transaction.on_commit`): a message
never reports a change that was rolled back, and the job never runs before the change is visible.
When Huey runs jobs immediately (development, tests) there is no queue to protect, and the message
is delivered at once. Nothing is queued when there is no one to send to (no channel, no address):
the jobs of messages that could never leave once piled up by the thousand (issue #17).
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from .models import Channel, OutboxMessage
from .phones import normalize_phone


class Backend(Protocol):
    """Sends one message; returns the gateway's message id when it gives one, raises
    `danchu.accounts.channels.GatewayError` when the message did not leave."""

    def send(
        self, *, channel: str, recipient: str, subject: str, body: str, person_id: int | None
    ) -> str | None: ...


class OutboxBackend:
    """Writes the message to the outbox table (accounts.OutboxMessage); an SMS as a gateway would be
    given it (channels.sms.sms_text), ready for an operator's relay to send."""

    def send(self, *, channel: str, recipient: str, subject: str, body: str, person_id: int | None) -> None:
        if channel == Channel.SMS:
            from .channels.sms import sms_text

            body = sms_text(subject, body)
        OutboxMessage.objects.create(
            channel=channel, recipient=recipient, person_id=person_id, subject=subject[:255], body=body
        )


class EmailBackend:
    """Sends through Django's configured e-mail backend."""

    def send(self, *, channel: str, recipient: str, subject: str, body: str, person_id: int | None) -> None:
        from django.core.mail import send_mail

        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient], fail_silently=False)


def backend_for(channel: str) -> Backend:
    if channel == Channel.EMAIL:
        return EmailBackend()
    setting = {Channel.SMS: "NOTIFY_SMS_BACKEND", Channel.ZALO: "NOTIFY_ZALO_BACKEND"}.get(channel)  # type: ignore[call-overload]
    if setting is None:
        raise ValueError(f"no backend for channel {channel!r}")
    path = getattr(settings, setting)  # NOTIFY_SMS_BACKEND or NOTIFY_ZALO_BACKEND, declared in settings.py
    return import_string(path)()  # type: ignore[no-any-return]


def address_of(person: Any, channel: str) -> str | None:
    if channel == Channel.EMAIL:
        email = person.email or ""
        return None if not email or email.endswith(".invalid") else email
    if channel in (Channel.SMS, Channel.ZALO):
        return person.phone or None
    return None


def absolute(url: str) -> str:
    """A link a message can carry: site paths become absolute with SITE_URL."""
    return url if url.startswith(("http://", "https://")) else settings.SITE_URL + url


def notify(
    person: Any,
    *,
    subject: str,
    body: str,
    channel: str | None = None,
    url: str | None = None,
    immediate: bool = False,
) -> bool:
    """Queue a message for `person` by their preferred channel (or `channel`). Returns whether a
    message was queued (or held for their daily digest): False for channel "none" or when the person
    has no address for it. `url` (a site path or an absolute URL) is added to the body as an absolute
    link. `immediate` skips the daily digest (for what cannot wait a day)."""
    channel = channel or person.notify_channel or Channel.NONE
    if channel == Channel.NONE:
        return False
    recipient = address_of(person, channel)
    if not recipient:
        return False
    from django.utils import translation

    # Lazy texts are rendered in the recipient's language, not the sender's.
    with translation.override(getattr(person, "language", None) or settings.LANGUAGE_CODE):
        subject, body = str(subject), str(body)
    if url:
        body = f"{body}\n{absolute(url)}"
    if getattr(person, "notify_digest", False) and not immediate:
        from .delivery import hold

        hold(person, channel, recipient, subject, body)
        return True
    _queue(channel, recipient, subject, body, person.pk)
    return True


def notify_address(
    channel: str, address: str, *, subject: str, body: str, url: str | None = None, language: str = ""
) -> bool:
    """Queue a message to an address of someone without an account (e.g. a case tracking code). Texts
    made with `core.i18n.later` are read in `language` when the caller knows it (the language they
    filed in), else in the site's (Vietnamese) — never in that of the officer whose action sent them."""
    if channel == Channel.NONE or not address:
        return False
    if channel in (Channel.SMS, Channel.ZALO):
        address = normalize_phone(address) or ""
    elif channel == Channel.EMAIL and (address.endswith(".invalid") or "@" not in address):
        address = ""
    if not address:
        return False
    from django.utils import translation

    with translation.override(language or settings.LANGUAGE_CODE):
        subject, body = str(subject), str(body)
    body = f"{body}\n{absolute(url)}" if url else body
    _queue(channel, address, subject, body, None)
    return True


def _queue(channel: str, recipient: str, subject: str, body: str, person_id: int | None) -> None:
    from huey.contrib.djhuey import HUEY

    from .tasks import deliver

    if HUEY.immediate:
        deliver(channel, recipient, subject, body, person_id)
        return
    transaction.on_commit(lambda: deliver(channel, recipient, subject, body, person_id))
