"""Ballots unlinkable to voters, also for whoever reads the database itself.

A ballot row holds no voter and no time, and is read in the order of a random key. But a row is
written in the transaction that records the household's participation (and its audit entry): on
PostgreSQL both rows carry the same transaction id (`xmin`), and on either database the rows lie in
the order they were cast, as the audit entries are. When the vote closes, `reshuffle()` writes the
ballots again, in a random order, in the closing transaction, under new ids and new shuffle keys: what
is stored then says only that these ballots existed when the vote closed. The receipts stay, so every
voter can still find theirs in the published tally.
"""

from __future__ import annotations

import secrets

from ..models import Ballot, Election


def reshuffle(election: Election) -> int:
    """Rewrite the election's ballots in a random order (the caller holds the closing transaction)."""
    ballots = list(Ballot.objects.filter(election=election).values_list("receipt", "choices"))
    secrets.SystemRandom().shuffle(ballots)
    Ballot.objects.filter(election=election).delete()
    Ballot.objects.bulk_create(Ballot(election=election, receipt=r, choices=c) for r, c in ballots)
    return len(ballots)
