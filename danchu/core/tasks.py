"""Background jobs of the kernel."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="*/15"))
def audit_anchor() -> None:
    """Publish the audit chain's signed head every quarter of an hour (danchu.core.anchors)."""
    from .anchors import anchor_now

    anchor_now()
