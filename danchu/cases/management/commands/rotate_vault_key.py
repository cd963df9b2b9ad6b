"""Re-encrypt every sealed denouncer identity under the current vault key, without downtime.

    1. danchu rotate_vault_key --generate          # prints a new Fernet key
    2. FIELD_ENCRYPTION_KEY="<new>,<old>"           # restart: the first key seals, both open
    3. danchu rotate_vault_key                      # re-seals every identity under <new>
    4. FIELD_ENCRYPTION_KEY="<new>"                 # restart: the old key is gone

During steps 2–4 the server keeps reading every identity (MultiFernet). The command is idempotent,
works in batches, and stops with an error (changing nothing further) when an identity opens with
none of the configured keys.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.audit import audit

from ...queries import sealed_identities
from ...vault import check_keys, configured_keys, is_sealed_with_current_key, reseal, store_resealed


class Command(BaseCommand):
    help = "Re-encrypt every sealed denouncer identity under the first key of FIELD_ENCRYPTION_KEY."

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
        resealed = current = 0
        unreadable: list[int] = []
        for row in sealed_identities():
            if is_sealed_with_current_key(row.ciphertext):
                current += 1
                continue
            try:
                token = reseal(row.ciphertext)
            except InvalidToken:
                unreadable.append(row.pk)
                continue
            if not options["dry_run"]:
                store_resealed(row, token)
            resealed += 1
        if not options["dry_run"]:
            audit(
                actor=None,
                action="cases.vault_rotate",
                object_type="cases.identityvault",
                after={"resealed": resealed, "already_current": current, "unreadable": len(unreadable)},
            )
        self.stdout.write(f"re-sealed: {resealed}; already under the current key: {current}")
        if unreadable:
            raise CommandError(
                f"{len(unreadable)} sealed identities open with none of the configured keys (ids {unreadable[:20]})"
            )
