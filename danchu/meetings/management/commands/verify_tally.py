"""danchu verify_tally ELECTION: recompute the tally from the stored ballots and compare it with the
published one. Exit status 1 on a mismatch."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from danchu.meetings.models import Election
from danchu.meetings.services import recount


class Command(BaseCommand):
    help = "Recompute an election's tally from its stored ballots and compare with the published tally."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("election", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        election = Election.objects.filter(
            pk=options["election"]
        ).first()  # getter-free: an operator's command
        if election is None:
            raise CommandError(f"No election {options['election']}.")
        if not election.tally:
            raise CommandError(
                "This election has no published tally yet (the vote is not closed and tallied)."
            )
        fresh = recount(election)
        problems = [
            k
            for k in ("ballots", "blank", "votes", "paper", "winners", "receipts")
            if fresh[k] != election.tally.get(k)
        ]
        if problems:
            raise CommandError("MISMATCH in " + ", ".join(problems))
        self.stdout.write(
            f"OK: {fresh['ballots']} ballots, votes {fresh['votes']}, winners {fresh['winners']} match the published tally."
        )
