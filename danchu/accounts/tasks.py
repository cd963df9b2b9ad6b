from __future__ import annotations

from huey.contrib.djhuey import db_task

from .notify import backend_for


@db_task(retries=3, retry_delay=60)
def deliver(channel: str, recipient: str, subject: str, body: str, person_id: int | None) -> None:
    """Deliver one notification; retried when the gateway or mail server is down."""
    backend_for(channel).send(
        channel=channel, recipient=recipient, subject=subject, body=body, person_id=person_id
    )
