from __future__ import annotations

import pytest

from danchu.places.demo import build
from danchu.places.models import Household, Level

pytestmark = pytest.mark.django_db


def test_demo_step_builds_villages_and_households_in_dak_lak() -> None:
    ctx: dict = {}
    build(ctx)  # loads the country itself on an empty database

    assert ctx["province"].code == "66"
    assert [c.name for c in ctx["communes"]] == ["Xã Krông Pắc", "Xã Ea Kly", "Xã Ea Phê"]
    for commune in ctx["communes"]:
        villages = ctx["villages"][commune.code]
        assert 4 <= len(villages) <= 6
        for village in villages:
            assert village.level == Level.VILLAGE and village.parent == commune
            assert 20 <= village.households.count() <= 40
    household = ctx["households"][0]
    assert household.representative is not None and household.representative.household == household
    assert household.representative.birth_date is not None


def test_demo_step_runs_twice_without_duplicates() -> None:
    build({})
    count = Household.objects.count()
    ctx: dict = {}

    build(ctx)

    assert Household.objects.count() == count == len(ctx["households"])
