"""Everything danchu holds about a person, for their own download (Decree 13/2023, Art. 9 and 14).

Each module registers an exporter: a function of the person returning JSON-safe rows, and the names
of its columns for people (the PDF's headers; the JSON keeps the keys). Accounts registers its own
here; a module that stores personal data registers its exporter from its `home` manifest entry (cases:
the cases the person sent; disclosures: their questions and follows; consultations: their comments and opinion-map
statements and votes; meetings: their open votes, their household's attendance and slips, and that
they cast a secret ballot; works: what they sent a supervision board, their seats, their household's
contributions; workplaces: their delegations).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danchu.core.audit import snapshot
from danchu.core.formats import number, short_date, short_datetime
from danchu.core.models import AuditEntry

from .models import HouseholdLink, Membership, OutboxMessage, PersonalToken, User

Exporter = Callable[[User], list[dict[str, Any]]]
EXPORTERS: dict[str, tuple[Any, Exporter, dict[str, Any]]] = {}
# What a person's own audit entries say in words ("accounts.profile_correct" → "You corrected your
# name or contacts"), registered by each module for the actions a resident takes; others show the code.
ACTION_NAMES: dict[str, Any] = {}


def register_exporter(
    key: str, label: Any, exporter: Exporter, columns: dict[str, Any] | None = None
) -> None:
    """`columns`: each row key's name for people (lazy translations); a key without one shows as is."""
    EXPORTERS[key] = (label, exporter, columns or {})


def name_actions(names: dict[str, Any]) -> None:
    """`names`: audit action code → what it says to the person who did it (lazy translations)."""
    ACTION_NAMES.update(names)


def personal_data(person: User) -> dict[str, Any]:
    """{"person": …, "generated_at": …, "sections": [{"key", "label", "columns", "rows"}]}, JSON-safe."""
    sections = [
        {
            "key": key,
            "label": str(label),
            "columns": {k: str(v) for k, v in columns.items()},
            "rows": exporter(person),
        }
        for key, (label, exporter, columns) in EXPORTERS.items()
    ]
    return {
        "person": snapshot(
            person, ["id", "full_name", "email", "phone", "language", "notify_channel", "date_joined"]
        ),
        "generated_at": timezone.now().isoformat(timespec="seconds"),
        "sections": sections,
    }


def readable(data: dict[str, Any], *, latest: int | None = None) -> list[dict[str, Any]]:
    """The sections of `personal_data()` as people read them (the PDF): each column by its name, times
    in Vietnam's time zone as dd/mm/yyyy hh:mm, days as dd/mm/yyyy, yes and no in words, amounts with
    the thousands separator. `latest`: at most that many rows a section, its last ones (rows run
    oldest first), the number left out in "omitted"."""

    def cell(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        if isinstance(value, dt.datetime):
            return short_datetime(value)
        if isinstance(value, dt.date):
            return short_date(value)
        if isinstance(value, Decimal):
            return number(value)
        return str(value)

    out = []
    for section in data["sections"]:
        keys = list(section["rows"][0]) if section["rows"] else []
        rows = section["rows"][-latest:] if latest else section["rows"]
        out.append(
            {
                "label": section["label"],
                "headers": [section["columns"].get(k, k) for k in keys],
                "rows": [[cell(row.get(k)) for k in keys] for row in rows],
                "omitted": len(section["rows"]) - len(rows),
                "total": len(section["rows"]),
            }
        )
    return out


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
        {
            "at": e.at,
            "action": e.action,
            "what": str(ACTION_NAMES.get(e.action, "")),
            "object_type": e.object_type,
            "object_id": e.object_id,
        }
        for e in AuditEntry.objects.filter(actor=person).order_by("id")
    ]


def register() -> None:
    since, until = _("From"), _("Until")
    register_exporter(
        "accounts.roles",
        _("Roles"),
        _roles,
        {"role": _("Role"), "place": _("Place"), "body": _("Body"), "valid_from": since, "valid_to": until},
    )
    register_exporter(
        "accounts.households",
        _("Household links"),
        _households,
        {
            "household": _("Household"),
            "village": _("Village"),
            "as_representative": _("As its representative"),
            "status": _("Status"),
            "message": _("Message"),
            "reason": _("Reason"),
            "requested_at": _("Asked on"),
        },
    )
    register_exporter(
        "accounts.tokens",
        _("Personal tokens"),
        _tokens,
        {
            "name": _("Name"),
            "prefix": _("Begins with"),
            "created_at": _("Created"),
            "last_used_at": _("Last used"),
            "revoked_at": _("Revoked"),
        },
    )
    register_exporter(
        "accounts.messages",
        _("Messages sent to you"),
        _messages,
        {
            "channel": _("Sent through"),
            "recipient": _("Sent to"),
            "subject": _("Subject"),
            "body": pgettext_lazy("message", "Text"),
            "created_at": _("Written"),
        },
    )
    register_exporter(
        "accounts.actions",
        _("What you did in danchu (audit log)"),
        _actions,
        {
            "at": _("Time"),
            "action": _("Action"),
            "what": _("What you did"),
            "object_type": _("Object"),
            "object_id": _("Its number"),
        },
    )
    name_actions(
        {
            "accounts.account_claim": _("You claimed your account"),
            "accounts.account_close": _("You closed your account"),
            "accounts.household_link_request": _("You asked to be linked to a household"),
            "accounts.household_link_end": _("You ended a household link"),
            "accounts.phone_verified": _("You confirmed your phone number"),
            "accounts.preferences_update": _("You changed how danchu notifies you"),
            "accounts.profile_correct": _("You corrected your name or contacts"),
            "accounts.token_create": _("You created a personal token"),
            "accounts.token_revoke": _("You revoked a personal token"),
            "accounts.password_reset_by_sms": _("You set a new password with a code sent by SMS"),
            "accounts.walk_in_activate": _("You activated the account the office registered for you"),
        }
    )
