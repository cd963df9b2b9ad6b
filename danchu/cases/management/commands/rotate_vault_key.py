"""Re-encrypt every sealed denouncer identity, and every case's receipt key (receipts.py), under the
current vault key, without downtime.

    1. danchu rotate_vault_key --generate          # prints a new Fernet key
    2. FIELD_ENCRYPTION_KEY="<new>,<old>"           # restart: the first key seals, both open
    3. danchu rotate_vault_key                      # re-seals every identity under <new>
    4. FIELD_ENCRYPTION_KEY="<new>"                 # restart: the old key is gone

During steps 2–4 the server keeps reading every identity (MultiFernet). The command is idempotent,
works in batches, and stops with an error (changing nothing further) when an identity opens with
none of the configured keys.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.audit import audit

from ...queries import sealed_identities
from ...receipts import sealed_keys
from ...vault import check_keys, configured_keys, is_sealed_with_current_key, reseal, store_resealed


class Command(BaseCommand):
    help = "Re-encrypt every sealed denouncer identity and receipt key under the first key of FIELD_ENCRYPTION_KEY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--generate", action="store_true", help="print a new Fernet key and stop")
        parser.add_argument("--dry-run", action="store_true", help="count what would be re-sealed")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["generate"]:
            self.stdout.write(Fernet.generate_key().decode())
            return
        check_keys()
        if len(configured_keys()) < 2:
            self.stdout.write(
                "FIELD_ENCRYPTION_KEY holds one key: identities sealed with an older key cannot be read. "
                "Set FIELD_ENCRYPTION_KEY=<new>,<old> first."
            )
        resealed, current, unreadable = _reseal(sealed_identities(), "ciphertext", options["dry_run"])
        keys, keys_current, keys_unreadable = _reseal(sealed_keys(), "receipt_key_sealed", options["dry_run"])
        if not options["dry_run"]:
            audit(
                actor=None,
                action="cases.vault_rotate",
                object_type="cases.identityvault",
                after={
                    "resealed": resealed,
                    "already_current": current,
                    "unreadable": len(unreadable),
                    "receipt_keys_resealed": keys,
                    "receipt_keys_unreadable": len(keys_unreadable),
                },
            )
        self.stdout.write(f"re-sealed: {resealed}; already under the current key: {current}")
        self.stdout.write(f"receipt keys re-sealed: {keys}; already under the current key: {keys_current}")
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} sealed identities open with none of the configured keys (ids {unreadable[:20]})"
            )
        if keys_unreadable:
            raise CommandError(
                f"{len(keys_unreadable)} receipt keys open with none of the configured keys "
                f"(cases {keys_unreadable[:20]})"
            )


def _reseal(rows: Iterable[Any], field: str, dry_run: bool) -> tuple[int, int, list[int]]:
    """Re-sealed, already current, and the ids of the rows no configured key opens."""
    resealed = current = 0
    unreadable: list[int] = []
    for row in rows:
        token = getattr(row, field)
        if is_sealed_with_current_key(token):
            current += 1
            continue
        try:
            new = reseal(token)
        except InvalidToken:
            unreadable.append(row.pk)
            continue
        if not dry_run:
            store_resealed(row, new, field)
        resealed += 1
    return resealed, current, unreadable
