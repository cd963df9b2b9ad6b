"""The permission matrix: who in the cast may do a foundation act in their own scope and in a
foreign one. `SCOPES` builds the place for each scope from the conftest fixtures."""

from __future__ import annotations

from typing import Any

import pytest

CAST = [
    "anonymous",
    "unverified",
    "citizen",
    "household_rep",
    "village_head",
    "officer",
    "chairman",
    "front_officer",
    "board_member",
    "steering_member",
    "outsider",
    "admin_user",
]


def person(request: pytest.FixtureRequest, name: str) -> Any:
    if name == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        request.getfixturevalue("province")
        return AnonymousUser()
    return request.getfixturevalue(name)


def matrix(expected: dict[str, set[str]]) -> list[Any]:
    """expected: scope -> the cast members allowed there. One test per cast member (the fixtures are
    built once), checking every scope: params (who, {scope: allowed})."""
    return [
        pytest.param(who, {scope: who in allowed for scope, allowed in expected.items()}, id=who)
        for who in CAST
    ]
