"""`danchu import_history FILE [--form CODE] [--skip-bad]`: figures of past years by unit code."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danchu.core.errors import DomainError
from danchu.reporting import history
from danchu.reporting.models import ReportForm


class Command(BaseCommand):
    help = (
        "Import figures of past years from an XLSX or CSV file by unit code, old codes included "
        "(see docs/reporting.md). Nothing is imported if a row is bad, unless --skip-bad."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="XLSX or CSV (UTF-8) file")
        parser.add_argument(
            "--form",
            default="",
            help="code of the report form the figures belong to (default: the only annual form)",
        )
        parser.add_argument(
            "--skip-bad",
            action="store_true",
            help="import the good rows and list the bad ones (default: import nothing if a row is bad)",
        )

    def handle(self, *args: Any, file: str, form: str = "", skip_bad: bool = False, **options: Any) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("File not found: %(file)s") % {"file": file})
        report_form = self._form(form)
        try:
            with path.open("rb") as f:
                checked = history.history_check(form=report_form, file=f, filename=path.name)
            for message in checked.messages:
                self.stderr.write(message)
            if checked.errors and not skip_bad:
                raise CommandError(
                    _(
                        "%(count)s rows have errors; nothing was imported (use --skip-bad to import the good rows)."
                    )
                    % {"count": len(checked.errors)}
                )
            with path.open("rb") as f:
                count = history.history_import(
                    actor=None, form=report_form, file=f, filename=path.name, skip_bad=skip_bad
                )
        except DomainError as e:
            raise CommandError(e.message) from None
        self.stdout.write(
            _("Imported the figures of %(n)s unit-periods; %(skipped)s rows left out.")
            % {"n": count, "skipped": len(checked.errors)}
        )

    def _form(self, code: str) -> ReportForm:
        if code:
            found = ReportForm.objects.filter(code=code.replace("\x00", "")[:64]).first()
            if found is None:
                raise CommandError(_("No report form has the code “%(code)s”.") % {"code": code[:64]})
            return found
        annual = list(ReportForm.objects.filter(period_type="year")[:2])
        if len(annual) != 1:
            raise CommandError(_("Name the report form with --form."))
        return annual[0]
