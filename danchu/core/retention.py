"""How long each kind of record is kept, and the purge that applies it (Decree 13/2023: personal data
is kept no longer than its purpose needs).

    from danchu.core.retention import register_retention
    register_retention("accounts.outbox", _("Sent notifications"), days=90,
                       expired=lambda cutoff: OutboxMessage.objects.filter(created_at__lt=cutoff),
                       basis="delivery problems are reported within days")

`danchu purge --dry-run` reports what each rule would delete; `danchu purge` deletes it (one
transaction per kind, one audit entry for the run); the `purge` job runs it every night. The audit
log itself is never purged: the law on complaints and denunciations requires the record kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .audit import audit


@dataclass(frozen=True)
class Retention:
    key: str
    label: Any
    days: int
    expired: Callable[[dt.datetime], models.QuerySet[Any]]
    basis: str = ""


RETENTION: dict[str, Retention] = {}


def register_retention(
    key: str,
    label: Any,
    *,
    days: int,
    expired: Callable[[dt.datetime], models.QuerySet[Any]],
    basis: str = "",
) -> None:
    RETENTION[key] = Retention(key, label, days, expired, basis)


def purge(*, dry_run: bool, now: dt.datetime | None = None) -> list[tuple[Retention, int]]:
    """Apply every retention rule. Returns (rule, rows past their period) for each; deletes them
    unless `dry_run`."""
    now = now or timezone.now()
    report = []
    for rule in sorted(RETENTION.values(), key=lambda r: r.key):
        rows = rule.expired(now - dt.timedelta(days=rule.days))
        count = rows.count()
        if count and not dry_run:
            with transaction.atomic():
                rows.delete()
        report.append((rule, count))
    if not dry_run and any(count for _, count in report):
        audit(
            actor=None,
            action="core.purge",
            object_type="core.retention",
            after={rule.key: count for rule, count in report if count},
        )
    return report


def _register_core() -> None:
    from django.contrib.sessions.models import Session

    from .models import IdempotencyRecord

    register_retention(
        "core.idempotency",
        "Idempotency records",
        days=2,
        expired=lambda cutoff: IdempotencyRecord.objects.filter(created_at__lt=cutoff),
        basis="a client retries within minutes; two days covers a weekend outage",
    )
    register_retention(
        "core.sessions",
        "Expired sessions",
        days=0,
        expired=lambda cutoff: Session.objects.filter(expire_date__lt=cutoff),
        basis="an expired session can no longer be used",
    )


_register_core()
