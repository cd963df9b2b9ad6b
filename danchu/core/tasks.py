"""Background jobs of the kernel."""

from __future__ import annotations

from typing import Any

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .anchor_delivery import RETRIES, RETRY_BACKOFF, RETRY_DELAY


@db_periodic_task(crontab(minute="*/15"))
def audit_anchor() -> None:
    """Publish the audit chain's signed head every quarter of an hour (danchu.core.anchors)."""
    from .anchors import anchor_now

    anchor_now()


@db_periodic_task(crontab(minute="*"))
def audit_seal() -> None:
    """Seal what the writers left pending (danchu.core.audit.seal_pending); usually nothing, since
    every audited commit seals after itself or queues `audit_seal_soon`."""
    from .audit import seal_pending

    seal_pending()


@db_task()
def audit_seal_soon() -> None:
    """The seal a writer asked for when `AUDIT_SEAL_DELAY_SECONDS` > 0 (danchu.core.audit._ask_consumer):
    links every entry committed so far into the chain."""
    from .audit import seal_pending

    seal_pending()


@db_periodic_task(crontab(hour="3", minute="10"))
def purge_expired() -> None:
    """Delete the records past their retention period, every night (danchu/core/retention.py)."""
    from .retention import purge

    purge(dry_run=False)


@db_task(retries=RETRIES, retry_delay=RETRY_DELAY, retry_backoff=RETRY_BACKOFF, context=True)
def deliver_anchor(url: str, line: str, task: Any = None) -> None:
    """Send one signed audit head to one witness (danchu.core.anchor_delivery); a failure that
    sending again may cure raises, and huey retries it with back-off."""
    from .anchor_delivery import NotDelivered, deliver

    left = task.retries if task is not None else 0
    record = deliver(url, line, attempt=RETRIES - left + 1, last=left == 0)
    if record.outcome == record.Outcome.FAILED:
        raise NotDelivered(f"{url}: {record.status or record.detail}")
