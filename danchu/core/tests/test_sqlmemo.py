"""core.sqlmemo: a read's SQL is compiled once per key, its rows are read every time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Count, QuerySet

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
        none = DayOff.objects.filter(pk__in=[]).values("name")
        assert sqlmemo.wrapped("none", lambda: none, lambda sql: f"SELECT COUNT(*) FROM ({sql}) d") == ()


def test_wrapped_runs_a_statement_of_ones_own_around_the_sql() -> None:
    DayOff.objects.create(date=dt.date(2026, 9, 2), name="Quốc khánh")
    rows = sqlmemo.wrapped(
        ("names", 2026), lambda: _days(2026).values("name"), lambda sql: f"SELECT COUNT(*) FROM ({sql}) days"
    )
    assert rows == ((1,),)


def test_rows_are_kept_only_under_the_version_they_were_read_at(
    django_assert_num_queries: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a version, the rows are kept: the same version reads no rows (only the version), another
    version or an expired entry reads them again; without a version nothing is kept."""
    DayOff.objects.create(date=dt.date(2026, 9, 2), name="Quốc khánh")
    seen: list[str] = []
    now = {"version": 1}

    def version(alias: str) -> int:
        seen.append(alias)
        return now["version"]

    def read() -> list[str]:
        return [
            r["name"]
            for r in sqlmemo.values(
                ("kept", 2026), lambda: _days(2026).values("name"), version=version, seconds=60
            )
        ]

    assert read() == ["Quốc khánh"]
    DayOff.objects.create(date=dt.date(2026, 9, 3), name="Nghỉ liền kề")
    with django_assert_num_queries(0):
        assert read() == ["Quốc khánh"]  # kept: the write did not change the version
    assert seen == ["default", "default"]  # read where the rows are read, before them
    now["version"] = 2
    assert read() == ["Quốc khánh", "Nghỉ liền kề"]
    # Without a version (or with seconds=0) every call reads.
    DayOff.objects.filter(date=dt.date(2026, 9, 3)).delete()
    assert [r["name"] for r in sqlmemo.values(("kept", 2026), lambda: _days(2026).values("name"))] == [
        "Quốc khánh"
    ]
    later = sqlmemo.time.monotonic() + 61
    monkeypatch.setattr(sqlmemo.time, "monotonic", lambda: later)
    assert read() == ["Quốc khánh"]  # expired


def test_the_kept_rows_are_bounded(monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: Any) -> None:
    monkeypatch.setattr(sqlmemo, "RESULT_ROWS", 3)
    monkeypatch.setattr(sqlmemo, "ENTRY_ROWS", 2)
    for day in (1, 2, 3):
        DayOff.objects.create(date=dt.date(2026, 9, day), name=f"Ngày {day}")

    def read(n: int) -> int:
        one = lambda v: 1  # noqa: E731
        qs = lambda: DayOff.objects.filter(date__day__lte=n).values("name")  # noqa: E731
        return len(sqlmemo.values(("n", n), qs, version=one, seconds=60))

    assert read(3) == 3  # more rows than an entry may hold: never kept
    with django_assert_num_queries(1):
        read(3)
    read(2)
    read(1)  # 3 rows kept in all
    with django_assert_num_queries(0):
        assert (read(2), read(1)) == (2, 1)
    monkeypatch.setattr(sqlmemo, "RESULT_ROWS", 2)
    sqlmemo._keep_result(("x",), sqlmemo._Result(1, sqlmemo.time.monotonic() + 60, ((1,),)))
    assert sqlmemo._result_rows == 2  # the least recently used (read(2), 2 rows) went
    with django_assert_num_queries(0):
        read(1)
    with django_assert_num_queries(1):
        read(2)


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
