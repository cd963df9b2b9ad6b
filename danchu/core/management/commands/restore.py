"""`danchu restore ARCHIVE [--private-key PEM]`: bring a backup back onto an empty instance (the
database has no tables yet, the media folder is empty); every checksum is checked first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from danchu.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a danchu backup onto an empty instance."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--private-key", type=Path, help="X25519 private key (PEM) of an encrypted archive"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["private_key"].read_bytes() if options["private_key"] else None
        connections[options["database"]].close()
        try:
            manifest = restore(
                archive=options["archive"],
                db=dict(settings.DATABASES[options["database"]]),
                media_root=Path(settings.MEDIA_ROOT),
                private_key_pem=key,
            )
        except BackupError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"Restored the backup of {manifest['created_at']}.")
