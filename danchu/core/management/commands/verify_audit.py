"""`danchu verify_audit`: walk the hash chain of the audit log; exit 1 at the first broken entry.

`--witness SOURCE` (repeatable) also binds the chain to the heads a witness holds: SOURCE is the
witness's list (https://<witness>/api/v1/core/audit/witness/anchors?sender=<our name>), or a file
holding that JSON or anchor lines. A head the witness holds must match the log and the local anchor
file, so a log rewritten together with its anchor file is still caught.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danchu.core.anchors import BadAnchorFile, checked_anchors, trusted_keys
from danchu.core.audit import verify_chain
from danchu.core.models import AuditEntry
from danchu.core.witness import witnessed_heads


class Command(BaseCommand):
    help = "Check that the audit log's hash chain is intact (exit code 1 when it is broken)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--witness",
            action="append",
            default=[],
            metavar="SOURCE",
            help="a witness's list of heads (its URL ?sender=NAME, or a file of that JSON or anchor lines)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        broken: AuditEntry | None
        try:
            anchors = self.anchors(options["witness"])
        except BadAnchorFile as e:
            checked, broken = 0, AuditEntry(action=f"(anchors and witness: {e})")
        else:
            checked, broken = verify_chain(anchors)
        if broken is None:
            self.stdout.write(self.style.SUCCESS(f"Audit log intact: {checked} entries verified."))
            return
        if broken.pk is None:
            where = f"after entry #{checked}: {broken.action}"
        else:
            where = (
                f"entry id={broken.pk} ({broken.at:%Y-%m-%d %H:%M:%S} {broken.actor_label} "
                f"{broken.action} {broken.object_type}#{broken.object_id})"
            )
        self.stderr.write(
            self.style.ERROR(
                f"Audit log BROKEN at {where}; {checked} entries before it are intact. "
                "The entry was changed, removed or inserted outside danchu."
            )
        )
        raise SystemExit(1)

    def anchors(self, sources: list[str]) -> dict[int, str] | None:
        """The local anchors merged with the heads the witnesses hold (None: the local file only)."""
        if not sources:
            return None
        keys, heads = trusted_keys(), []
        for source in sources:
            try:
                held = witnessed_heads(source, keys=keys)
            except (OSError, ValueError, KeyError, TypeError) as e:
                self.stderr.write(self.style.ERROR(f"Cannot read the witness's heads from {source}: {e}"))
                raise SystemExit(2) from e
            if not held:
                # Checked against nothing, the log is not bound to this witness: say so, never silently.
                self.stderr.write(
                    self.style.WARNING(
                        f"The witness at {source} holds no head signed with our keys, so the log was not "
                        "checked against it: is ?sender= our name there, is our key in its "
                        "AUDIT_WITNESS_SENDERS, and were heads delivered (audit head deliveries in the admin)?"
                    )
                )
            heads += held
        self.stdout.write(f"{len(heads)} heads held by the witness, signed with our keys.")
        return checked_anchors(witnessed=heads)
