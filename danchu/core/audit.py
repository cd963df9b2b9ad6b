"""The append-only, hash-chained audit log. Every service that changes state calls `audit()`."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import (
    DEFAULT_DB_ALIAS,
    DatabaseError,
    IntegrityError,
    connections,
    models,
    transaction,
)
from django.utils import timezone

from .bulk import update_rows
from .models import AuditChainHead, AuditEntry

logger = logging.getLogger(__name__)

ZERO = "0" * 64
SEAL_BATCH = 500


def _canonical(value: Any) -> str:
    return json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(entry: AuditEntry) -> str:
    """SHA-256 of the entry's content and the previous entry's hash. Entries written since the chain
    is sealed after commit (v=2) also cover their own id and their position in the chain (seq), so
    renumbering rows or moving an entry elsewhere in the chain breaks it as an edit does."""
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
    if entry.v >= 2:
        payload.update({"v": entry.v, "id": entry.pk, "seq": entry.seq})
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
    """Append one entry. `actor` is a user or None (the system). A single INSERT in the caller's
    transaction, so the entry commits or rolls back with the change; no lock is taken, so audited
    writes anywhere in the system never wait for each other. The entry is linked into the hash
    chain after commit by `seal_pending()` (see docs/decisions/0003-audit-chain-sealed-after-commit.md)."""
    entry = _entry(
        actor=actor,
        action=action,
        obj=obj,
        object_type=object_type,
        object_id=object_id,
        before=before,
        after=after,
        on_behalf_of=on_behalf_of,
    )
    entry.save()
    _seal_after_commit()
    return entry


def audit_many(changes: Iterable[dict[str, Any]]) -> list[AuditEntry]:
    """audit() for many changes at once, each a dict of audit()'s arguments: the same entries in
    the same order, inserted in batches (an import of a commune's thousands of households)."""
    entries = [_entry(**change) for change in changes]
    if entries:
        AuditEntry.objects.bulk_create(entries, batch_size=500)
        _seal_after_commit()
    return entries


def _entry(
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
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        at=timezone.now(),
        actor=actor_obj,
        actor_label=str(actor_obj) if actor_obj else "system",
        on_behalf_of=on_behalf_of if getattr(on_behalf_of, "pk", None) else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=json.loads(_canonical(before)) if before is not None else None,
        after=json.loads(_canonical(after)) if after is not None else None,
        prev_hash="",
        hash=None,
        v=2,
    )


def _seal_after_commit(using: str = DEFAULT_DB_ALIAS) -> None:
    """Ask for one seal when the current transaction commits (at once outside a transaction)."""
    connection = connections[using]
    if connection.in_atomic_block and any(call[1] is _seal_quietly for call in connection.run_on_commit):
        return
    transaction.on_commit(_seal_quietly, using=using)


# When this process last asked the job consumer for a seal (time.monotonic()), see _seal_quietly.
_seal_asked_at: float | None = None


def _seal_quietly() -> None:
    # Runs after the caller's commit: a failure here must not turn a saved change into an error page.
    # What stays unsealed is sealed by the next writer, the audit_seal job, or verify/anchor.
    delay = settings.AUDIT_SEAL_DELAY_SECONDS
    if delay > 0:
        _ask_consumer(delay)
    else:
        _seal_here()


def _seal_here() -> None:
    try:
        seal_pending()
    except DatabaseError:
        logger.exception("audit: sealing the chain failed; the entries stay pending")


def _ask_consumer(delay: int) -> None:
    """Queue one seal `delay` seconds from now, at most once per `delay` seconds per process. An entry
    committed while a queued seal is still to come needs no new one: that seal runs after this commit
    (it was queued less than `delay` seconds ago, to run `delay` seconds after), and it seals every
    committed entry. Queueing costs one Redis command once a second, not a transaction per write."""
    global _seal_asked_at
    now = time.monotonic()
    if _seal_asked_at is not None and now < _seal_asked_at + delay:
        return
    from .tasks import audit_seal_soon

    try:
        audit_seal_soon.schedule(delay=delay)
    except Exception:  # the queue is down: seal here rather than leave the entry for the minute job
        logger.exception("audit: could not queue the seal; sealing in the request")
        _seal_here()
        return
    _seal_asked_at = now


class _HeadMoved(Exception):
    pass


def seal_pending(using: str = DEFAULT_DB_ALIAS, *, wait: bool = False) -> int:
    """The chain's one consumer: give every committed, unsealed entry (in id order) the next
    position, the previous entry's hash and its own hash, and move the head. Whoever holds the head
    row does it; a writer that finds it held skips (SKIP LOCKED), since the holder — or the next
    one — seals what it left. `wait` (verify, anchor) waits for the holder instead. Returns how
    many entries were sealed (0 when another consumer was at work or the head was tampered with)."""
    connection = connections[using]
    skip = not wait and connection.features.has_select_for_update_skip_locked
    sealed = 0
    while True:
        try:
            with transaction.atomic(using=using):
                if not wait and connection.vendor == "postgresql":
                    # The seal is derived data: its commit need not wait for the disk. A crash can
                    # lose only the last moments' seals, never an entry (the writer's own commit
                    # was durable), and the next consumer seals those entries again. Verify and
                    # anchor (`wait`) commit synchronously, which also flushes every earlier seal,
                    # so a head published outside the database is always on disk.
                    with connection.cursor() as cursor:
                        cursor.execute("SET LOCAL synchronous_commit TO OFF")
                heads = AuditChainHead.objects.using(using).select_for_update(skip_locked=skip)
                head = heads.filter(pk=1).first()
                if head is None:
                    # No head row yet (a flushed or restored database): create it without taking
                    # it from anyone — ON CONFLICT waits for a concurrent creator, then does
                    # nothing — and seal only if the row could then be locked. get_or_create
                    # would hand every racer an unlocked head and let them seal the same entries
                    # at once (a deadlock on PostgreSQL).
                    AuditChainHead.objects.using(using).bulk_create(
                        [AuditChainHead(pk=1)], ignore_conflicts=True
                    )
                    head = heads.filter(pk=1).first()
                    if head is None:
                        return sealed  # another consumer holds it
                pending = list(
                    AuditEntry.objects.using(using).filter(hash__isnull=True).order_by("id")[:SEAL_BATCH]
                )
                if not pending:
                    return sealed
                prev, count = head.last_hash, head.count
                for entry in pending:
                    count += 1
                    entry.seq, entry.prev_hash = count, prev
                    entry.hash = prev = entry_hash(entry)
                update_rows(
                    AuditEntry,
                    ["seq", "prev_hash", "hash"],
                    [(e.pk, e.seq, e.prev_hash, e.hash) for e in pending],
                    using=using,
                )
                moved = (
                    AuditChainHead.objects.using(using)
                    .filter(pk=1, count=head.count, last_hash=head.last_hash)
                    .update(last_hash=prev, count=count)
                )
                if not moved:  # someone else moved the head meanwhile (SQLite has no row locks)
                    raise _HeadMoved
        except _HeadMoved:
            return sealed
        except IntegrityError:
            # The head no longer matches the chain (a position is taken): tampering, which
            # verify_chain reports. Nothing is sealed on top of it.
            logger.error("audit: the chain head does not match the entries; nothing sealed")
            return sealed
        except DatabaseError:
            # Another consumer sealed the same entries first (the trigger refuses a second seal).
            logger.warning("audit: sealing raced with another consumer", exc_info=True)
            return sealed
        sealed += len(pending)
        if len(pending) < SEAL_BATCH:
            return sealed


def verify_chain(anchors: dict[int, str] | None = None) -> tuple[int, AuditEntry | None]:
    """Seal what is pending, then walk the chain by position. Returns (entries checked, first
    broken entry or None).

    Besides each entry's own hash, link and position, the chain must match the heads published
    outside the database (danchu.core.anchors): the entry at each anchored position must still have
    the anchored hash, and the chain must reach the longest anchor. `anchors` defaults to the anchor
    file, whose signatures are checked first. An entry that carries a hash but no position was
    written around danchu (a forged insertion)."""
    from .anchors import BadAnchorFile, checked_anchors

    if anchors is None:
        try:
            anchors = checked_anchors()
        except BadAnchorFile as e:
            return 0, AuditEntry(action=f"(anchor file: {e})")
    seal_pending(wait=True)
    prev = ZERO
    checked = 0
    chain = AuditEntry.objects.filter(seq__isnull=False).order_by("seq")
    for entry in chain.iterator(chunk_size=2000):
        if entry.seq != checked + 1 or entry.prev_hash != prev or entry_hash(entry) != entry.hash:
            return checked, entry
        if anchors.get(checked + 1, entry.hash) != entry.hash:
            # Rewritten and recomputed from here or before: the published head says otherwise.
            return checked, entry
        prev = entry.hash
        checked += 1
    outside = AuditEntry.objects.filter(seq__isnull=True, hash__isnull=False).order_by("id").first()
    if outside is not None:
        return checked, outside
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
