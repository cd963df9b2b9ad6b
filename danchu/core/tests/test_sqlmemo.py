"""core.sqlmemo: a read's SQL is compiled once per key, its rows are read every time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Count, QuerySet
from django.test.utils import CaptureQueriesContext

from danchu.core import sqlmemo
from danchu.core.models import DayOff

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_memo() -> Iterator[None]:
    sqlmemo.clear()
    yield
    sqlmemo.clear()


def _days(year: int) -> QuerySet[Any]:
    return (
        DayOff.objects.filter(date__year=year).values("date", "name").annotate(n=Count("id")).order_by("date")
    )


def test_the_rows_are_those_of_the_queryset_with_its_types() -> None:
    DayOff.objects.create(date=dt.date(2026, 9, 2), name="Quốc khánh")
    DayOff.objects.create(date=dt.date(2026, 4, 30), name="Ngày Giải phóng miền Nam")
    got = sqlmemo.values(("days", 2026), lambda: _days(2026))
    assert got == list(_days(2026))
    # Dates come back as dates on SQLite too: the compiler's converters run on every read.
    assert got[0] == {"date": dt.date(2026, 4, 30), "name": "Ngày Giải phóng miền Nam", "n": 1}


def test_the_sql_is_built_once_per_key_and_the_rows_read_every_time(django_assert_num_queries: Any) -> None:
    built: list[int] = []

    def build(year: int) -> QuerySet[Any]:
        built.append(year)
        return _days(year)

    DayOff.objects.create(date=dt.date(2026, 1, 1), name="Tết Dương lịch")
    assert [r["name"] for r in sqlmemo.values(("days", 2026), lambda: build(2026))] == ["Tết Dương lịch"]
    DayOff.objects.create(date=dt.date(2026, 9, 2), name="Quốc khánh")
    with django_assert_num_queries(1):
        again = sqlmemo.values(("days", 2026), lambda: build(2026))
    assert [r["name"] for r in again] == ["Tết Dương lịch", "Quốc khánh"]  # what is in the table now
    assert built == [2026]
    assert sqlmemo.values(("days", 2025), lambda: build(2025)) == []
    assert built == [2026, 2025]  # another key, another statement


def test_a_read_that_can_have_no_rows_runs_nothing(django_assert_num_queries: Any) -> None:
    with django_assert_num_queries(0):
        assert sqlmemo.values("none", lambda: DayOff.objects.filter(pk__in=[]).values("name")) == []
        assert sqlmemo.sql("none", lambda: DayOff.objects.filter(pk__in=[]).values("name")) is None


def test_sql_gives_the_statement_to_wrap() -> None:
    DayOff.objects.create(date=dt.date(2026, 9, 2), name="Quốc khánh")
    compiled = sqlmemo.sql(("names", 2026), lambda: _days(2026).values("name"))
    assert compiled is not None
    text, params, alias = compiled
    from django.db import connections

    with CaptureQueriesContext(connections[alias]), connections[alias].cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({text}) days", params)
        assert cursor.fetchone()[0] == 1


def test_the_memo_is_bounded_least_recently_used_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlmemo, "SIZE", 2)
    built: list[int] = []

    def read(year: int) -> None:
        sqlmemo.values(("days", year), lambda: (built.append(year), _days(year))[1])

    read(2024)
    read(2025)
    read(2024)  # used again: 2025 is now the oldest
    read(2026)  # 2025 goes
    read(2024)
    assert built == [2024, 2025, 2026]
    read(2025)
    assert built == [2024, 2025, 2026, 2025]
