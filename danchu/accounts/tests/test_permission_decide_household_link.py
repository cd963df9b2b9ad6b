"""accounts.decide_household_link: the village head of the household's village, commune staff of its
commune; not the Front, boards, steering members (reading is not acting) nor other communes."""

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
    "foreign_commune": {"outsider", "admin_user"},
}


@pytest.mark.parametrize(("who", "expected"), matrix(EXPECTED))
def test_decide_household_link(request: pytest.FixtureRequest, who: str, expected: dict[str, bool]) -> None:
    actor = person(request, who)
    actual: dict[str, bool] = {}
    for scope in expected:
        if scope == "foreign_commune":
            village: Any = pf.village(request.getfixturevalue("other_commune"), code="24190-001")
        else:
            village = request.getfixturevalue(
                {"own_village": "village", "sibling_village": "other_village"}[scope]
            )
        household = pf.household_with_head(village)
        actual[scope] = can(actor, "accounts.decide_household_link", household)
    assert actual == expected
