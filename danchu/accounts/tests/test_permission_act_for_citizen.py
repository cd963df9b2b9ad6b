"""accounts.act_for_citizen: staff of the place's unit record acts for a citizen at the counter."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.accounts.permissions import can
from danchu.accounts.tests.cast import matrix, person

pytestmark = pytest.mark.django_db

EXPECTED = {
    "own_village": {"village_head", "officer", "chairman", "admin_user"},
    "own_commune": {"officer", "chairman", "admin_user"},
    "foreign_commune": {"outsider", "admin_user"},
}


@pytest.mark.parametrize(("who", "expected"), matrix(EXPECTED))
def test_act_for_citizen(request: pytest.FixtureRequest, who: str, expected: dict[str, bool]) -> None:
    actor = person(request, who)
    actual: dict[str, bool] = {}
    for scope in expected:
        place: Any = request.getfixturevalue(
            {"own_village": "village", "own_commune": "commune", "foreign_commune": "other_commune"}[scope]
        )
        actual[scope] = can(actor, "accounts.act_for_citizen", place)
    assert actual == expected
