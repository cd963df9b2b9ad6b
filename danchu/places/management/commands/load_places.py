from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from danchu.places.loading import load_places


class Command(BaseCommand):
    help = "Load the country, its 34 provinces and 3,321 commune-level units from vietnam-provinces (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        result = load_places()
        self.stdout.write(f"places: {result} ({time.monotonic() - started:.1f} s)")
