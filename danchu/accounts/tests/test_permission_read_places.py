"""places.read: staff read their place and everything below it (a province steering member reads
every commune of the province); reading does not go up or sideways."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.accounts.permissions import can
from danchu.accounts.tests.cast import matrix, person

pytestmark = pytest.mark.django_db

COMMUNE_STAFF = {"officer", "chairman", "front_officer", "board_member"}
EXPECTED = {
    "own_village": {"village_head", "steering_member", "admin_user"} | COMMUNE_STAFF,
    "own_commune": {"steering_member", "admin_user"} | COMMUNE_STAFF,
    "foreign_commune": {"steering_member", "outsider", "admin_user"},
    "province": {"steering_member", "admin_user"},
}


@pytest.mark.parametrize(("who", "expected"), matrix(EXPECTED))
def test_read_place(request: pytest.FixtureRequest, who: str, expected: dict[str, bool]) -> None:
    actor = person(request, who)
    actual: dict[str, bool] = {}
    for scope in expected:
        place: Any = request.getfixturevalue(
            {
                "own_village": "village",
                "own_commune": "commune",
                "foreign_commune": "other_commune",
                "province": "province",
            }[scope]
        )
        actual[scope] = can(actor, "places.read", place)
    assert actual == expected
