from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from danchu.places.legacy import load_legacy
from danchu.places.loading import load_places


class Command(BaseCommand):
    help = (
        "Load the country, its 34 provinces and 3,321 commune-level units from vietnam-provinces "
        "(idempotent). With --legacy, also the tree before 1 July 2025 (63 provinces, the districts, "
        "about 10,000 communes) and the old→new mapping from vietnamadminunits; --district CODE "
        "(repeatable) loads only those former districts."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--legacy", action="store_true", help="also load the pre-1 July 2025 tree")
        parser.add_argument(
            "--district",
            action="append",
            default=[],
            metavar="CODE",
            help="with --legacy: only this former district (official 3-digit code, e.g. 654)",
        )

    def handle(self, *args: Any, legacy: bool = False, district: list[str], **options: Any) -> None:
        started = time.monotonic()
        result = load_places()
        self.stdout.write(f"places: {result} ({time.monotonic() - started:.1f} s)")
        if legacy or district:
            started = time.monotonic()
            old = load_legacy(districts=set(district) or None)
            self.stdout.write(f"legacy places: {old} ({time.monotonic() - started:.1f} s)")
