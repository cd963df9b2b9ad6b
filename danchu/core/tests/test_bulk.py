"""core.bulk.update_rows: each row its own values, in batches, on both databases."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.core.bulk import update_rows
from danchu.places.models import Place

pytestmark = pytest.mark.django_db


def places(n: int) -> list[Place]:
    country = Place.objects.create(code="XX", name="Nước thử", kind="country", level=0)
    return Place.objects.bulk_create(
        Place(code=f"XX{i}", name=f"Tỉnh {i}", kind="province", level=1, parent=country, path=f"/XX/XX{i}/")
        for i in range(n)
    )


def test_each_row_gets_its_own_values_and_the_others_are_untouched() -> None:
    made = places(3)

    updated = update_rows(
        Place,
        ["name", "valid_to", "latitude"],
        [(made[0].pk, "Tỉnh Đắk Lắk", dt.date(2025, 6, 30), 12.5), (made[2].pk, "Thành phố Huế", None, None)],
    )

    assert updated == 2
    got = {p.code: (p.name, p.valid_to, p.latitude) for p in Place.objects.filter(code__startswith="XX")}
    assert got["XX0"][:2] == ("Tỉnh Đắk Lắk", dt.date(2025, 6, 30)) and float(got["XX0"][2]) == 12.5
    assert got["XX1"] == ("Tỉnh 1", None, None)
    assert got["XX2"] == ("Thành phố Huế", None, None)


def test_more_rows_than_a_statement_takes_are_written_in_batches() -> None:
    # SQLite takes at most 999 parameters a statement: 1,200 rows of 2 values need several.
    made = places(1200)

    updated = update_rows(Place, ["name"], [(p.pk, f"Đơn vị {p.pk}") for p in made], batch_size=1000)

    assert updated == 1200
    assert Place.objects.filter(name__startswith="Đơn vị ").count() == 1200
    assert Place.objects.get(pk=made[-1].pk).name == f"Đơn vị {made[-1].pk}"


def test_a_row_of_the_wrong_length_is_refused_before_any_write() -> None:
    made = places(2)

    with pytest.raises(ValueError):
        update_rows(Place, ["name"], [(made[0].pk, "A"), (made[1].pk,)])

    assert set(Place.objects.filter(code__startswith="XX").values_list("name", flat=True)) == {
        "Nước thử",
        "Tỉnh 0",
        "Tỉnh 1",
    }


def test_nothing_to_update_runs_no_statement(django_assert_num_queries: object) -> None:
    with django_assert_num_queries(0):  # type: ignore[operator]
        assert update_rows(Place, ["name"], []) == 0
