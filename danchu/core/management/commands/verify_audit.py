"""`danchu verify_audit`: walk the hash chain of the audit log; exit 1 at the first broken entry."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danchu.core.audit import verify_chain


class Command(BaseCommand):
    help = "Check that the audit log's hash chain is intact (exit code 1 when it is broken)."

    def handle(self, *args: Any, **options: Any) -> None:
        checked, broken = verify_chain()
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
