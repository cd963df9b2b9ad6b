"""Delivering one message, recording the gateway's answer, retrying with back-off, and the daily
digest.

`send_now()` is what the queued job runs. With the outbox backend (a bare machine) the outbox row is
the whole record. With a real gateway each message gets a `Delivery` row written once, after the
attempt, with the gateway's message id or its error; a failed message is retried after the delays
in NOTIFY_RETRY_DELAYS (seconds) by the periodic `retry_due()` and then marked failed. A refusal that
sending again cannot help (GatewayError(permanent=True), e.g. a number without Zalo) fails at once.

People who chose the daily digest get their messages held (`hold()`) and `send_digests()` sends each
of them one message a day with everything held for them.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .channels import GatewayError
from .models import Delivery

log = logging.getLogger(__name__)
S = Delivery.Status


def send_now(channel: str, recipient: str, subject: str, body: str, person_id: int | None) -> None:
    from .notify import OutboxBackend, backend_for

    backend = backend_for(channel)
    # The outbox row is its own record; e-mail keeps no copy either (a denouncer's address and the
    # message must not sit in a table): a failure raises and the job is retried by huey.
    if isinstance(backend, OutboxBackend) or channel == "email":
        backend.send(channel=channel, recipient=recipient, subject=subject, body=body, person_id=person_id)
        return
    d = Delivery(
        channel=channel,
        recipient=recipient,
        person_id=person_id,
        subject=subject[:255],
        body=body,
        attempts=1,
    )
    _attempt(backend, d)
    d.save()


def _attempt(backend: Any, d: Delivery) -> None:
    try:
        provider_id = backend.send(
            channel=d.channel, recipient=d.recipient, subject=d.subject, body=d.body, person_id=d.person_id
        )
    except GatewayError as e:
        _failed(d, str(e), permanent=e.permanent)
    except (smtplib.SMTPException, OSError) as e:  # the mail server is down or refused: try again later
        _failed(d, f"{type(e).__name__}: {e}", permanent=isinstance(e, smtplib.SMTPRecipientsRefused))
    else:
        d.status, d.provider_id, d.last_error = S.SENT, str(provider_id or "")[:100], ""
        d.sent_at, d.next_attempt_at = timezone.now(), None


def retry_delays() -> list[int]:
    return [int(x) for x in str(settings.NOTIFY_RETRY_DELAYS).split(",") if x.strip()]


def _failed(d: Delivery, error: str, *, permanent: bool) -> None:
    delays = retry_delays()
    d.last_error = error[:500]
    if permanent or d.attempts > len(delays):
        d.status, d.next_attempt_at = S.FAILED, None
        log.warning(
            "delivery failed for good", extra={"channel": d.channel, "attempts": d.attempts, "error": error}
        )
    else:
        d.status = S.RETRYING
        d.next_attempt_at = timezone.now() + dt.timedelta(seconds=delays[d.attempts - 1])


def retry_due(*, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Send again the failed messages whose next attempt is due; how many were tried."""
    from .notify import backend_for

    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(status=S.RETRYING, next_attempt_at__lte=now)
            .order_by("next_attempt_at")[:limit]
        )
        for d in due:
            d.attempts += 1
            _attempt(backend_for(d.channel), d)
            d.save(
                update_fields=[
                    "status",
                    "attempts",
                    "provider_id",
                    "last_error",
                    "next_attempt_at",
                    "sent_at",
                ]
            )
    return len(due)


def hold(person: Any, channel: str, recipient: str, subject: str, body: str) -> None:
    Delivery.objects.create(
        channel=channel, recipient=recipient, person=person, subject=subject[:255], body=body, status=S.HELD
    )


def send_digests() -> int:
    """One message per person with everything held for them; how many digests were sent."""
    from .notify import _queue, absolute

    held: dict[tuple[int | None, str, str], list[Delivery]] = defaultdict(list)
    for d in Delivery.objects.filter(status=S.HELD).select_related("person").order_by("created_at"):
        held[(d.person_id, d.channel, d.recipient)].append(d)
    for (person_id, channel, recipient), items in held.items():
        person = items[0].person
        with translation.override(getattr(person, "language", None) or settings.LANGUAGE_CODE):
            subject = ngettext(
                "Your daily digest: %(n)d update", "Your daily digest: %(n)d updates", len(items)
            ) % {"n": len(items)}
            body = "\n\n".join(f"• {d.subject}\n{d.body}" for d in items)
            body += "\n\n" + _("You chose one message a day. Change it on your page: %(url)s") % {
                "url": absolute(reverse("accounts:preferences"))
            }
        with transaction.atomic():
            Delivery.objects.filter(pk__in=[d.pk for d in items], status=S.HELD).delete()
            _queue(channel, recipient, subject, body, person_id)
    return len(held)
