"""A delegation's own ``is_in_force`` (used where the API lists delegations, without a query per row)
says the same as the query set's ``in_force`` on every boundary day."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.cases.models import Delegation

D = dt.date


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "revoked"),
    [
        (D(2026, 3, 1), None, False),
        (D(2026, 3, 1), D(2026, 3, 10), False),
        (D(2026, 3, 1), D(2026, 3, 10), True),
        (D(2026, 3, 5), D(2026, 3, 5), False),
    ],
)
def test_row_and_query_agree(
    commune: Any, officer: Any, chairman: Any, valid_from: Any, valid_to: Any, revoked: bool
) -> None:
    d = Delegation.objects.create(
        unit=commune,
        delegate=officer,
        valid_from=valid_from,
        valid_to=valid_to,
        granted_by=chairman,
        revoked_at=timezone.now() if revoked else None,
    )
    answers = []
    for day in (D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 5), D(2026, 3, 10), D(2026, 3, 11)):
        in_query = Delegation.objects.in_force(day).filter(pk=d.pk).exists()
        assert d.is_in_force(day) == in_query, day
        answers.append(in_query)
    # Each case meets both answers somewhere, or the comparison proves nothing.
    assert revoked or (True in answers and False in answers)
