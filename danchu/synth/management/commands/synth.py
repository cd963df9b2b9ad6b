"""danchu synth --scale commune|province|national [--years N] [--seed S]"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danchu.core.errors import DomainError
from danchu.synth import generate
from danchu.synth.plan import SCALES


class Command(BaseCommand):
    help = (
        "Fill the database with realistic synthetic data (deterministic for a seed), for benches and demos."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="commune")
        parser.add_argument("--years", type=int, default=1)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            counts = generate.run(
                scale=options["scale"],
                years=options["years"],
                seed=options["seed"],
                out=self.stderr._out,  # type: ignore[arg-type]  # the real stream: \r progress
            )
        except DomainError as e:
            raise CommandError(str(e)) from e
        width = max(len(k) for k in counts)
        for label, n in counts.items():
            self.stdout.write(f"{label:<{width}}  {n:>10,}")
        self.stdout.write(
            f"{'total':<{width}}  {sum(counts.values()):>10,}  in {time.monotonic() - started:.1f} s"
        )
