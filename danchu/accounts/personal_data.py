"""Everything danchu holds about a person, for their own download (Decree 13/2023, Art. 9 and 14).

Each module registers an exporter: a function of the person returning JSON-safe rows. Accounts
registers its own here; a module that stores personal data adds `register_exporter(...)` in its own
code (the lead may give this a manifest entry).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danchu.core.audit import snapshot
from danchu.core.models import AuditEntry

from .models import HouseholdLink, Membership, OutboxMessage, PersonalToken, User

Exporter = Callable[[User], list[dict[str, Any]]]
EXPORTERS: dict[str, tuple[Any, Exporter]] = {}


def register_exporter(key: str, label: Any, exporter: Exporter) -> None:
    EXPORTERS[key] = (label, exporter)


def personal_data(person: User) -> dict[str, Any]:
    """{"person": …, "generated_at": …, "sections": [{"key", "label", "rows"}]}, JSON-safe."""
    sections = [
        {"key": key, "label": str(label), "rows": exporter(person)}
        for key, (label, exporter) in EXPORTERS.items()
    ]
    return {
        "person": snapshot(
            person, ["id", "full_name", "email", "phone", "language", "notify_channel", "date_joined"]
        ),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "sections": sections,
    }


def _roles(person: User) -> list[dict[str, Any]]:
    return [
        {
            "role": m.get_role_display(),
            "place": str(m.place or ""),
            "body": str(m.body or ""),
            "valid_from": m.valid_from,
            "valid_to": m.valid_to,
        }
        for m in Membership.objects.filter(person=person).select_related("place", "body")
    ]


def _households(person: User) -> list[dict[str, Any]]:
    return [
        {
            "household": link.household.number,
            "village": link.household.village.name,
            "as_representative": link.as_representative,
            "status": link.get_status_display(),
            "message": link.message,
            "reason": link.reason,
            "requested_at": link.requested_at,
        }
        for link in HouseholdLink.objects.filter(person=person).select_related("household__village")
    ]


def _tokens(person: User) -> list[dict[str, Any]]:
    return [
        {
            "name": t.name,
            "prefix": t.prefix,
            "created_at": t.created_at,
            "last_used_at": t.last_used_at,
            "revoked_at": t.revoked_at,
        }
        for t in PersonalToken.objects.filter(person=person)
    ]


def _messages(person: User) -> list[dict[str, Any]]:
    return [
        {
            "channel": m.channel,
            "recipient": m.recipient,
            "subject": m.subject,
            "body": m.body,
            "created_at": m.created_at,
        }
        for m in OutboxMessage.objects.filter(person=person)
    ]


def _actions(person: User) -> list[dict[str, Any]]:
    return [
        {"at": e.at, "action": e.action, "object_type": e.object_type, "object_id": e.object_id}
        for e in AuditEntry.objects.filter(actor=person).order_by("id")
    ]


def register() -> None:
    register_exporter("accounts.roles", _("Roles"), _roles)
    register_exporter("accounts.households", _("Household links"), _households)
    register_exporter("accounts.tokens", _("Personal tokens"), _tokens)
    register_exporter("accounts.messages", _("Messages sent to you"), _messages)
    register_exporter("accounts.actions", _("What you did in danchu (audit log)"), _actions)
