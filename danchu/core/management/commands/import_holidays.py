"""`danchu import_holidays 2027 decision.csv --document "…"`: enter a year's official schedule.

The CSV has a header `date,name,working` and one row per day off (working = 0) or make-up working
day (working = 1), dates as YYYY-MM-DD or DD/MM/YYYY. Stored deadlines the schedule moves are
recomputed and their handlers told (core.clocks).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.clocks import ScheduleDay, schedule_record
from danchu.core.errors import DomainError
from danchu.core.formats import read_yes_no


def _date(text: str) -> dt.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"not a date: {text!r}")


class Command(BaseCommand):
    help = "Enter a year's official holiday schedule (days off and make-up days) from a CSV file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int)
        parser.add_argument("csv", type=Path)
        parser.add_argument("--document", required=True, help="the deciding document (number, date, issuer)")
        parser.add_argument("--decided-on", default="", help="date of the decision")

    def handle(self, *args: Any, **options: Any) -> None:
        days = []
        with options["csv"].open(encoding="utf-8-sig", newline="") as f:
            for line, row in enumerate(csv.DictReader(f), start=2):
                try:  # "1"/"0", x, có/không (a typo was once read as a day off, in silence)
                    working = read_yes_no(row.get("working"))
                except ValueError:
                    raise CommandError(
                        f"line {line}: working must be 1 or 0, not {row.get('working')!r}"
                    ) from None
                days.append(
                    ScheduleDay(_date(row.get("date") or ""), (row.get("name") or "").strip(), working)
                )
        decided = _date(options["decided_on"]) if options["decided_on"] else None
        try:
            _schedule, moved = schedule_record(
                actor=None, year=options["year"], document=options["document"], decided_on=decided, days=days
            )
        except DomainError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(f"{options['year']}: {len(days)} days recorded, {len(moved)} deadlines moved.")
