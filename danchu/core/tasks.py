"""Background jobs of the kernel."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/15"))
def audit_anchor() -> None:
    """Publish the audit chain's signed head every quarter of an hour (danchu.core.anchors)."""
    from .anchors import anchor_now

    anchor_now()


@db_periodic_task(crontab(minute="*"))
def audit_seal() -> None:
    """Seal what the writers left pending (danchu.core.audit.seal_pending); usually nothing, since
    every audited commit seals after itself."""
    from .audit import seal_pending

    seal_pending()


@db_periodic_task(crontab(hour="3", minute="10"))
def purge_expired() -> None:
    """Delete the records past their retention period, every night (danchu/core/retention.py)."""
    from .retention import purge

    purge(dry_run=False)
