"""Retention periods of the accounts app's records (danchu/core/retention.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from danchu.core.retention import register_retention

from .models import OutboxMessage, PersonalToken


def register() -> None:
    register_retention(
        "accounts.outbox",
        _("Notifications in the outbox"),
        days=90,
        expired=lambda cutoff: OutboxMessage.objects.filter(created_at__lt=cutoff),
        basis="a notification's delivery is checked within days; the audit log keeps what was decided",
    )
    register_retention(
        "accounts.revoked_tokens",
        _("Revoked personal tokens"),
        days=365,
        expired=lambda cutoff: PersonalToken.objects.filter(revoked_at__lt=cutoff),
        basis="kept a year to explain API calls seen in the logs",
    )
