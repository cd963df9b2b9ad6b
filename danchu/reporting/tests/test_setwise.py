"""The set-based refresh (setwise.py) stores exactly the rows of the Python path (rollup._collapse),
and a second refresh writes only the cells and commune grain rows that changed (issue #17 item 5)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone

from danchu.places.models import Place, PlaceKind
from danchu.places.tests import factories as pf
from danchu.reporting import rollup
from danchu.reporting.grouping import Grouped
from danchu.reporting.models import IndicatorValue
from danchu.reporting.periods import Period
from danchu.reporting.registry import INDICATORS, Section, grouped, register_computed

from .rows import rollup_rows

MONTH = Period.month(2026, 3)
# Places counted at their parent: villages at their commune, communes at their district or province
# (values above the communes), by kind, official code (often empty) and codename (mostly empty).
CODES = ("test.by_kind", "test.by_code", "test.plain")


def _places(*, start: dt.date, end: dt.date) -> Grouped:
    return grouped(
        Place.objects.filter(code__startswith="S"),
        place="parent_id",
        breakdowns={"kind": "kind", "official": "official_code", "name": "codename", "level": "level"},
    )


def _by_code(*, start: dt.date, end: dt.date) -> Grouped:
    # The first dimension (official) is empty on most rows; rows with no dimension at all are the
    # total where a place has any (rollup._collapse()'s rule, kept as it is).
    return grouped(
        Place.objects.filter(code__startswith="S"),
        place="parent_id",
        breakdowns={"official": "official_code", "name": "codename"},
    )


def _plain(*, start: dt.date, end: dt.date) -> Grouped:
    return grouped(Place.objects.filter(code__startswith="S", level__gte=3), place="parent_id")


@pytest.fixture
def indicators() -> Iterator[None]:
    for code, fn, dims in (
        ("test.by_kind", _places, ("kind", "official", "name", "level")),
        ("test.by_code", _by_code, ("official", "name")),
        ("test.plain", _plain, ()),
    ):
        register_computed(code=code, section=Section.DAN_BIET, name=code, compute=fn, breakdowns=dims)
    yield
    for code in CODES:
        INDICATORS._items.pop(code, None)


@pytest.fixture
def tree(db: Any) -> dict[str, Any]:
    province = pf.province(code="SP1", name="Tỉnh Thử")
    pf.PlaceFactory(code="SD1", name="Huyện Cũ", kind=PlaceKind.DISTRICT, parent=province)
    district = Place.objects.get(code="SD1")
    a = pf.commune(province, code="SC1", name="Xã A", official_code="00001")
    b = pf.commune(province, code="SC2", name="Xã B", kind=PlaceKind.WARD)
    old = pf.commune(district, code="SC3", name="Xã Cũ", codename="cu")
    for commune, n in ((a, 3), (b, 2), (old, 1)):
        for i in range(n):
            pf.village(commune, code=f"{commune.code}-{i}", codename="x" if i == 1 else "")
    pf.village(b, code="SC2-9", kind=PlaceKind.RESIDENTIAL_GROUP, official_code="g9")
    return {"province": province, "district": district, "a": a, "b": b, "old": old}


def _rows() -> list[tuple[Any, ...]]:
    return rollup_rows(CODES)


def _python_rows() -> list[tuple[Any, ...]]:
    IndicatorValue.objects.filter(indicator__in=CODES).delete()
    rollup.refresh_computed(period=MONTH, codes=CODES, setwise_ok=False)
    return _rows()


def test_the_set_based_refresh_stores_the_rows_of_the_python_path(indicators: None, tree: Any) -> None:
    expected = _python_rows()
    IndicatorValue.objects.filter(indicator__in=CODES).delete()
    assert rollup.refresh_computed(period=MONTH, codes=CODES) == len(expected)
    assert _rows() == expected
    keys = {(r[0], r[1], r[9], r[10]) for r in expected}
    a, province, district = tree["a"], tree["province"], tree["district"]
    # Marginals, the total, values above the communes (the district's, the province's) and the grain.
    assert ("test.by_kind", a.pk, "kind=village", "leaf") in keys
    assert ("test.by_kind", a.pk, "level=4", "leaf") in keys  # an integer dimension
    assert ("test.by_kind", a.pk, "name=x", "commune") in keys
    assert ("test.by_kind", province.pk, "kind=commune", "leaf") in keys
    assert ("test.by_kind", district.pk, "", "commune") in keys
    assert not any(r[9] == "official=" for r in expected)
    # by_code: SC2's residential group has a code, its villages none: the first-dimension rows total.
    total = {(r[0], r[1], r[10]): r[11] for r in expected if r[9] == ""}
    assert total[("test.by_code", tree["b"].pk, "leaf")] == 1
    assert total[("test.plain", a.pk, "leaf")] == 3
    # Refreshed again with nothing new: nothing is written and nothing changes.
    assert rollup.refresh_computed(period=MONTH, codes=CODES) == 0
    assert _rows() == expected


def test_a_second_refresh_writes_only_what_changed(indicators: None, tree: Any) -> None:
    rollup.refresh_computed(period=MONTH, codes=CODES)
    before = {
        r["id"]: r
        for r in IndicatorValue.objects.filter(indicator__in=CODES).values("id", "place_id", "commune_id")
    }
    a, b = tree["a"], tree["b"]
    pf.village(a, code="SC1-7")  # a new record for commune A only
    written = rollup.refresh_computed(period=MONTH, codes=CODES)
    after = {
        r["id"]: r
        for r in IndicatorValue.objects.filter(indicator__in=CODES).values("id", "place_id", "commune_id")
    }
    gone = {i: r for i, r in before.items() if i not in after}
    new = {i: r for i, r in after.items() if i not in before}
    assert {r["commune_id"] for r in gone.values()} <= {a.pk, None} and {
        r["place_id"] for r in gone.values()
    } == {a.pk}
    assert {r["place_id"] for r in new.values()} == {a.pk}
    # The leaf cells that changed (by_kind: total, kind=village, level=4; by_code and plain: the
    # total), and the same cells of commune A's grain; nothing of B or above.
    assert written == len(new) == (3 + 1 + 1) * 2
    assert all(r["place_id"] != b.pk for r in gone.values())
    assert _rows() == _python_rows()


def test_a_cell_that_disappears_is_removed_with_its_grain(indicators: None, tree: Any) -> None:
    rollup.refresh_computed(period=MONTH, codes=CODES)
    Place.objects.filter(parent=tree["old"]).update(codename="renamed")
    Place.objects.filter(code="SC2-9").update(official_code="")
    rollup.refresh_computed(period=MONTH, codes=CODES)
    mine = _rows()
    assert mine == _python_rows()
    assert not any(r[9] == "official=g9" for r in mine)


def test_the_cases_indicators_refresh_set_based_to_the_same_rows(tree: Any) -> None:
    from danchu.cases.models import Case

    at = timezone.make_aware(dt.datetime(2026, 3, 5, 9))
    for i, (village, case_type, channel) in enumerate(
        (("SC1-0", "feedback", "web"), ("SC1-1", "complaint", "hotline"), ("SC3-0", "feedback", "web"))
    ):
        place = Place.objects.get(code=village)
        Case.objects.create(
            tracking_code=f"T{i}",
            case_type=case_type,
            channel=channel,
            place=place,
            unit=Place.objects.get(children=place),
            title="x",
            description="x",
            rule_key="x",
            acceptance_due=dt.date(2026, 3, 15),
            received_at=at,
        )
    codes = ["cases.received", "cases.resolved"]
    rollup.refresh_computed(period=MONTH, codes=codes, setwise_ok=False)
    fields = ("indicator", "place_id", "path", "province_id", "commune_id", "breakdown", "grain", "value")
    expected = sorted(IndicatorValue.objects.filter(indicator__in=codes).values_list(*fields))
    IndicatorValue.objects.filter(indicator__in=codes).delete()
    rollup.refresh_computed(period=MONTH, codes=codes)
    assert sorted(IndicatorValue.objects.filter(indicator__in=codes).values_list(*fields)) == expected
    assert (
        "cases.received",
        tree["a"].pk,
        tree["a"].path,
        tree["province"].pk,
        tree["a"].pk,
        "channel=hotline",
        "leaf",
        1.0,
    ) in expected


def test_a_commune_moved_out_of_its_district_is_rewritten_with_its_new_ancestry(
    indicators: None, tree: Any
) -> None:
    rollup.refresh_computed(period=MONTH, codes=CODES)
    old, province = tree["old"], tree["province"]
    # A data fix: the commune hangs from the province directly (its villages follow).
    for place in Place.objects.filter(path__startswith=old.path):
        place.path = place.path.replace(tree["district"].path, province.path)
        if place.pk == old.pk:
            place.parent = province
        place.save(update_fields=["path", "parent"])
    rollup.refresh_computed(period=MONTH, codes=CODES)
    mine = _rows()
    assert mine == _python_rows()
    assert ("test.plain", province.pk, "", "leaf") in {(r[0], r[1], r[9], r[10]) for r in mine}
    assert all(not r[3].startswith(tree["district"].path) for r in mine if r[1] == old.pk)


QUARTER = Period.quarter(2026, 1)


def _months_in_a_row_match_the_python_path() -> None:
    """Three months with cells, refreshed one after the other (each compute ignores its dates, so every
    month of the quarter has the same cells): a month must find the scratch tables empty, whatever the
    one before left in them."""
    IndicatorValue.objects.filter(indicator__in=CODES).delete()
    rollup.refresh_computed(period=QUARTER, codes=CODES, setwise_ok=False)
    expected = _rows()
    assert {r[7] for r in expected} == {m.start for m in QUARTER.months()}
    IndicatorValue.objects.filter(indicator__in=CODES).delete()
    assert rollup.refresh_computed(period=QUARTER, codes=CODES) == len(expected)
    assert _rows() == expected
    assert rollup.refresh_computed(period=QUARTER, codes=CODES) == 0


def test_months_refreshed_within_a_longer_transaction_start_from_empty_scratch_tables(
    indicators: None, tree: Any
) -> None:
    _months_in_a_row_match_the_python_path()


@pytest.mark.django_db(transaction=True)
def test_months_refreshed_each_in_its_own_transaction_start_from_empty_scratch_tables(
    indicators: None, tree: Any
) -> None:
    """As the hourly job runs: autocommit, each month's transaction its own (on PostgreSQL the
    commit empties the scratch tables)."""
    _months_in_a_row_match_the_python_path()
