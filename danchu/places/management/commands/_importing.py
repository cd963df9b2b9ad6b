"""Shared body of the import_* commands."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.places.importing import ImportResult


class ImportCommand(BaseCommand):
    importer: Callable[..., ImportResult]

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="CSV (UTF-8, with or without BOM) or XLSX file")
        parser.add_argument(
            "--skip-errors",
            action="store_true",
            help="import the good rows and skip the bad ones (default: import nothing if a row is bad)",
        )

    def handle(self, *args: Any, file: str, skip_errors: bool = False, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        try:
            result = type(self).importer(path, filename=path.name, skip_errors=skip_errors)
        except DomainError as e:
            raise CommandError(e.message) from None
        if result.unread_columns:
            self.stderr.write(result.unread_notice())
        for error in result.errors:
            self.stderr.write(str(error))
        if not result.imported:
            raise CommandError(
                _(
                    "%(count)s rows have errors; nothing was imported (use --skip-errors to import the good rows)."
                )
                % {"count": len(result.errors)}
            )
        self.stdout.write(result.summary())
