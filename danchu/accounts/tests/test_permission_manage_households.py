"""places.manage_households: the village head for their village, commune staff for the villages of
their commune."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.accounts.permissions import can
from danchu.accounts.tests.cast import matrix, person
from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db

EXPECTED = {
    "own_village": {"village_head", "officer", "chairman", "admin_user"},
    "sibling_village": {"officer", "chairman", "admin_user"},
    "foreign_village": {"outsider", "admin_user"},
}


@pytest.mark.parametrize(("who", "expected"), matrix(EXPECTED))
def test_manage_households(request: pytest.FixtureRequest, who: str, expected: dict[str, bool]) -> None:
    actor = person(request, who)
    actual: dict[str, bool] = {}
    for scope in expected:
        if scope == "foreign_village":
            place: Any = pf.village(request.getfixturevalue("other_commune"), code="24190-001")
        else:
            place = request.getfixturevalue(
                {"own_village": "village", "sibling_village": "other_village"}[scope]
            )
        actual[scope] = can(actor, "places.manage_households", place)
    assert actual == expected
