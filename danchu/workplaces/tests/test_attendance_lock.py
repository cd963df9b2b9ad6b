"""An attendance correction and the first vote put to the conference, at the same moment, on
PostgreSQL: the correction waits for the vote's transaction, then sees the vote and is refused (before
the row lock it went through and the vote's roll no longer matched the attendance it was frozen on)."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction

from danchu.core.errors import Conflict
from danchu.workplaces import resolutions, services
from danchu.workplaces.models import Conference

from .conftest import held_conference


@pytest.mark.django_db(transaction=True)
def test_a_correction_typed_while_the_first_vote_opens_waits_and_is_refused(rep: Any, agency: Any) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are a PostgreSQL matter (SQLite serialises writers)")
    conf = held_conference(agency, convened=30, present=25)
    outcome: list[Any] = []

    def correct() -> None:
        try:
            services.conference_hold(
                actor=rep,
                conference=Conference.objects.get(pk=conf.pk),
                held_on=conf.held_on,
                delegates_present=20,
                contents_done=list(conf.contents_done),
            )
            outcome.append("corrected")
        except Conflict as refused:
            outcome.append(refused)
        finally:
            connection.close()

    with transaction.atomic():
        resolutions.resolution_open(actor=rep, conference=conf, title="Quy chế chi tiêu nội bộ")
        other = threading.Thread(target=correct)
        other.start()
        time.sleep(1.5)
        assert other.is_alive() and not outcome  # waiting for the vote's transaction
    other.join(timeout=30)
    assert len(outcome) == 1 and isinstance(outcome[0], Conflict), outcome
    assert Conference.objects.get(pk=conf.pk).delegates_present == 25
