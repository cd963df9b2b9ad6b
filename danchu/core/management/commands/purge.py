"""`danchu purge [--dry-run]`: delete the records past their retention period (danchu/core/retention.py)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danchu.core.retention import purge


class Command(BaseCommand):
    help = "Delete records kept longer than their retention period; --dry-run only reports."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="report what would be deleted")

    def handle(self, *args: Any, **options: Any) -> None:
        dry_run = options["dry_run"]
        for rule, count in purge(dry_run=dry_run):
            verb = "would delete" if dry_run else "deleted"
            self.stdout.write(f"{rule.key}: {verb} {count} ({rule.label}, kept {rule.days} days)")
