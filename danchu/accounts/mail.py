"""Django e-mail backend used when no mail server is configured: messages go to the outbox table
(accounts.OutboxMessage), never to the console or the log, where a denouncer's address and tracking
code would be printed for anyone who reads the server's logs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend


class OutboxEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        from .models import Channel, OutboxMessage

        sent = 0
        for message in email_messages:
            recipients = list(message.recipients())
            if not recipients:
                continue
            OutboxMessage.objects.bulk_create(
                [
                    OutboxMessage(
                        channel=Channel.EMAIL,
                        recipient=recipient[:255],
                        subject=str(message.subject)[:255],
                        body=str(message.body),
                    )
                    for recipient in recipients
                ]
            )
            sent += 1
        return sent

    def __init__(self, fail_silently: bool = False, **kwargs: Any) -> None:
        super().__init__(fail_silently=fail_silently, **kwargs)
