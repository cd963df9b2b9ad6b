from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danchu.places import queries, services
from danchu.places.models import Place
from danchu.places.services import MemberData
from danchu.places.tests.factories import household_with_head, rep

pytestmark = pytest.mark.django_db


def test_voter_list_is_one_entry_per_active_household_with_its_representative(
    village: Place, other_village: Place
) -> None:
    a = household_with_head(village, number="001")
    b = household_with_head(village, number="002")
    household_with_head(other_village, number="001")
    gone = household_with_head(village, number="003")
    services.household_dissolve(actor=None, household=gone, on=dt.date.today(), note="Chuyển đi")

    voters = queries.voter_list(village)

    assert [(v.household, v.representative) for v in voters] == [(a, a.representative), (b, b.representative)]
    assert queries.voter_count(village) == 2


def test_voter_list_on_a_past_day_uses_the_households_and_representatives_of_that_day(village: Place) -> None:
    with time_machine.travel(dt.datetime(2026, 1, 10, 9, tzinfo=dt.UTC)):
        household = services.household_register(
            actor=None,
            village=village,
            number="001",
            members=[
                MemberData("Nguyễn Văn An", relation="head"),
                MemberData("Trần Thị Bình", relation="spouse"),
            ],
        )
        late = services.household_register(
            actor=None,
            village=village,
            number="002",
            members=[MemberData("Lê Văn Mới", relation="head")],
            on=dt.date(2026, 3, 1),
        )
    wife = household.members.get(full_name="Trần Thị Bình")
    services.representative_change(actor=None, household=household, member=wife, on=dt.date(2026, 4, 1))
    services.household_dissolve(actor=None, household=late, on=dt.date(2026, 5, 1), note="Chuyển đi")

    in_february = queries.voter_list(village, on=dt.date(2026, 2, 1))
    in_march = queries.voter_list(village, on=dt.date(2026, 3, 15))
    in_april = queries.voter_list(village, on=dt.date(2026, 4, 15))
    in_june = queries.voter_list(village, on=dt.date(2026, 6, 1))

    assert [rep(v).full_name for v in in_february] == ["Nguyễn Văn An"]
    assert [rep(v).full_name for v in in_march] == ["Nguyễn Văn An", "Lê Văn Mới"]
    assert [rep(v).full_name for v in in_april] == ["Trần Thị Bình", "Lê Văn Mới"]
    assert [v.household.number for v in in_june] == ["001"]


def test_voter_list_takes_three_queries_at_most(
    village: Place, django_assert_max_num_queries: object
) -> None:
    for n in range(10):
        household_with_head(village, number=f"{n:03d}")
    with django_assert_max_num_queries(3):  # type: ignore[operator]
        assert len(queries.voter_list(village, on=dt.date(2020, 1, 1))) == 10
