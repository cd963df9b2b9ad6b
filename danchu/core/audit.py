"""The append-only, hash-chained audit log. Every service that changes state calls `audit()`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEntry


def _canonical(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(entry: AuditEntry) -> str:
    payload = {
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_label": entry.actor_label,
        "on_behalf_of": entry.on_behalf_of_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "prev": entry.prev_hash,
    }
    return hashlib.sha256(_canonical(payload).encode()).hexdigest()


def snapshot(obj: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The fields of `obj` as JSON-safe values, for the before/after of an audit entry."""
    names = list(fields) if fields is not None else [f.attname for f in obj._meta.concrete_fields]
    return json.loads(_canonical({name: getattr(obj, name) for name in names}))


def audit(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    on_behalf_of: Any = None,
) -> AuditEntry:
    """Append one entry. `actor` is a user or None (the system). Runs in its own atomic block,
    joining the caller's transaction, so the entry commits or rolls back with the change."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        head, _ = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
        entry = AuditEntry(
            at=timezone.now(),
            actor=actor_obj,
            actor_label=str(actor_obj) if actor_obj else "system",
            on_behalf_of=on_behalf_of if getattr(on_behalf_of, "pk", None) else None,
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            before=json.loads(_canonical(before)) if before is not None else None,
            after=json.loads(_canonical(after)) if after is not None else None,
            prev_hash=head.last_hash,
        )
        entry.hash = entry_hash(entry)
        entry.save()
        AuditChainHead.objects.filter(pk=1).update(last_hash=entry.hash, count=models.F("count") + 1)
    return entry


def verify_chain(anchors: dict[int, str] | None = None) -> tuple[int, AuditEntry | None]:
    """Walk the chain. Returns (entries checked, first broken entry or None).

    Besides each entry's own hash and link, the chain must match the heads published outside the
    database (danchu.core.anchors): the entry at each anchored position must still have the anchored
    hash, and the chain must reach the longest anchor. `anchors` defaults to the anchor file, whose
    signatures are checked first."""
    from .anchors import BadAnchorFile, checked_anchors

    if anchors is None:
        try:
            anchors = checked_anchors()
        except BadAnchorFile as e:
            return 0, AuditEntry(action=f"(anchor file: {e})")
    prev = "0" * 64
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != prev or entry_hash(entry) != entry.hash:
            return checked, entry
        if anchors.get(checked + 1, entry.hash) != entry.hash:
            # Rewritten and recomputed from here or before: the published head says otherwise.
            return checked, entry
        prev = entry.hash
        checked += 1
    published = max(anchors, default=0)
    if published > checked:
        return checked, AuditEntry(
            action=f"(entries {checked + 1} to {published} were published and are missing)", hash=prev
        )
    head = AuditChainHead.objects.filter(pk=1).first()
    if head is not None and (head.count != checked or head.last_hash != prev):
        # Entries were deleted from the end of the chain.
        return checked, AuditEntry(action="(missing entries at the end)", hash=head.last_hash)
    return checked, None


# --- Append-only in the database ------------------------------------------------------------------
# Migration 0002 installs triggers that refuse UPDATE and DELETE on core_auditentry (and TRUNCATE on
# PostgreSQL), so not even a bug in our own code can rewrite history. The only door is
# `maintenance_unlock()`, used by `danchu flush` (which wipes the whole database on purpose, as the
# test runner does between transactional tests). On SQLite the triggers call the function
# danchu_audit_unlocked(), which Django connections register (see `register_sqlite_functions`); a
# raw sqlite3 connection does not have it, so its UPDATE/DELETE fails too. On PostgreSQL they read
# the session setting danchu.audit_unlock.
SQLITE_UNLOCK_FUNCTION = "danchu_audit_unlocked"
POSTGRES_UNLOCK_SETTING = "danchu.audit_unlock"


def register_sqlite_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """`connection_created` receiver: gives each SQLite connection the trigger's unlock function."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(
        SQLITE_UNLOCK_FUNCTION, 0, lambda: int(getattr(connection, "danchu_audit_unlocked", False))
    )


@contextmanager
def maintenance_unlock(using: str = "default") -> Iterator[None]:
    """Let this connection delete audit entries while the block runs. Only for wiping a whole
    database (flush); never for editing history."""
    from django.db import connections

    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, 'on', false)", [POSTGRES_UNLOCK_SETTING])
    connection.danchu_audit_unlocked = True  # type: ignore[attr-defined]
    try:
        yield
    finally:
        connection.danchu_audit_unlocked = False  # type: ignore[attr-defined]
        if connection.vendor == "postgresql" and connection.connection is not None:
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'off', false)", [POSTGRES_UNLOCK_SETTING])
