"""`danchu backup ARCHIVE [--public-key PEM]`: the database and the media files in one checksummed
archive, optionally encrypted to an X25519 public key (danchu/core/backup.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from danchu.core.backup import backup


class Command(BaseCommand):
    help = "Write a consistent, checksummed archive of the database and the media files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--public-key", type=Path, help="X25519 public key (PEM) to encrypt the archive to"
        )
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["public_key"].read_bytes() if options["public_key"] else None
        manifest = backup(
            db=dict(settings.DATABASES[options["database"]]),
            media_root=Path(settings.MEDIA_ROOT),
            output=options["archive"],
            public_key_pem=key,
        )
        files = len(manifest["files"]) - 1
        self.stdout.write(
            f"Backed up the {manifest['vendor']} database and {files} files to {options['archive']}."
        )
