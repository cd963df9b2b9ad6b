"""places.manage_villages: commune staff of the commune (and administrators); nobody by inheritance."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.accounts.permissions import can
from danchu.accounts.tests.cast import matrix, person

pytestmark = pytest.mark.django_db

EXPECTED = {
    "own_commune": {"officer", "chairman", "admin_user"},
    "foreign_commune": {"outsider", "admin_user"},
    "province": {"admin_user"},
}


@pytest.mark.parametrize(("who", "expected"), matrix(EXPECTED))
def test_manage_villages(request: pytest.FixtureRequest, who: str, expected: dict[str, bool]) -> None:
    actor = person(request, who)
    actual: dict[str, bool] = {}
    for scope in expected:
        place: Any = request.getfixturevalue(
            {"own_commune": "commune", "foreign_commune": "other_commune", "province": "province"}[scope]
        )
        actual[scope] = can(actor, "places.manage_villages", place)
    assert actual == expected
