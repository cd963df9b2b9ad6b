"""`danchu flush`: Django's flush, allowed to empty the append-only audit log.

Wiping the whole database is the one legitimate way to remove audit entries (the test runner does
it between transactional tests); the triggers refuse everything else."""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand

from danchu.core.audit import maintenance_unlock


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        with maintenance_unlock(options["database"]):
            super().handle(**options)
