from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import delivery


@db_task(retries=3, retry_delay=60)
def deliver(channel: str, recipient: str, subject: str, body: str, person_id: int | None) -> None:
    """Deliver one notification. A gateway that fails is retried with back-off by retry_deliveries()
    from the message's Delivery row, not by re-running this job (which would lose the record)."""
    delivery.send_now(channel, recipient, subject, body, person_id)


@db_periodic_task(crontab(minute="*/5"))
def retry_deliveries() -> int:
    return delivery.retry_due()


@db_periodic_task(crontab(hour="17", minute="30"))
def send_digests() -> int:
    """The daily digest, late afternoon when people are back from the fields."""
    return delivery.send_digests()
