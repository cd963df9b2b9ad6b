"""Place pickers and place tables list names in Vietnamese order, not the database collation's
(which puts "Đ" after "Y" and "Thôn 10" before "Thôn 2")."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.places.fields import PlaceChoiceField, PlaceMultipleChoiceField
from danchu.places.forms import VillageEndForm
from danchu.places.models import Place
from danchu.places.tests import factories as pf

NAMES = ["Yên Lạc", "Thôn 10", "Đông Hà", "Thôn 2", "Dương Liễu", "Ấp Bắc", "An Phú"]
ORDER = ["An Phú", "Ấp Bắc", "Dương Liễu", "Đông Hà", "Thôn 2", "Thôn 10", "Yên Lạc"]


@pytest.fixture
def villages(commune: Any) -> list[Place]:
    return [pf.village(commune, code=f"24181-{i + 10:03d}", name=n) for i, n in enumerate(NAMES)]


@pytest.mark.django_db
def test_choice_fields_offer_places_in_vietnamese_order(commune: Any, villages: list[Place]) -> None:
    qs = Place.objects.filter(pk__in=[v.pk for v in villages]).order_by("name")
    single = PlaceChoiceField(queryset=qs)
    assert [label for value, label in single.choices if value] == ORDER
    multiple = PlaceMultipleChoiceField(queryset=qs)
    assert [label for _value, label in multiple.choices] == ORDER
    # The queryset still validates what is submitted.
    assert single.clean(str(villages[2].pk)) == villages[2]


@pytest.mark.django_db
def test_a_commune_comes_before_its_villages(commune: Any, villages: list[Place]) -> None:
    field = PlaceChoiceField(
        queryset=Place.objects.filter(pk__in=[commune.pk, villages[0].pk, villages[2].pk])
    )
    assert [label for value, label in field.choices if value] == [commune.name, "Đông Hà", "Yên Lạc"]


@pytest.mark.django_db
def test_the_village_end_form_lists_its_neighbours_in_order(commune: Any, villages: list[Place]) -> None:
    form = VillageEndForm(village=villages[0])
    labels = [label for value, label in form.fields["merged_into"].choices if value]  # type: ignore[attr-defined]
    assert labels == [n for n in ORDER if n != "Yên Lạc"]


@pytest.mark.django_db
def test_the_drill_down_table_lists_communes_in_vietnamese_order(province: Any) -> None:
    from danchu.reporting.queries import by_child

    for i, name in enumerate(["Xã Yên Định", "Xã Đông Sơn", "Xã Dương Quang"]):
        pf.commune(province, code=f"9{i:04d}", name=name)
    names = [p.name for p, _r in by_child("no.such.indicator", province, _period())]
    assert names.index("Xã Dương Quang") < names.index("Xã Đông Sơn") < names.index("Xã Yên Định")


def _period() -> Any:
    from danchu.reporting.periods import Period

    return Period.year(2026)
