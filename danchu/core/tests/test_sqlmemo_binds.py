"""core.sqlmemo with binds: a statement compiled once with stand-ins, each call's values bound in its
place; objects() gives the instances iterating the queryset would."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat
from django.utils import timezone

from danchu.core import sqlmemo
from danchu.core.models import AuditEntry, DayOff

pytestmark = pytest.mark.django_db  # conftest's _kernel_caches empties core.sqlmemo before each test


def _entries(*, actor: int, action: str) -> QuerySet[AuditEntry]:
    return (
        AuditEntry.objects.filter(actor_id=actor, action=action)
        .select_related("actor", "on_behalf_of")
        .only("id", "action", "actor__email", "on_behalf_of__email")
        .annotate(label=Concat(F("action"), Value("!")))
        .order_by("-id")
    )


def test_objects_are_those_of_the_queryset_compiled_once_for_every_value(
    django_assert_num_queries: Any,
) -> None:
    users = get_user_model()
    an = users.objects.create_user(email="an.nguyen@example.vn", password="x-Pass-2026")
    binh = users.objects.create_user(email="binh.tran@example.vn", password="x-Pass-2026")
    now = timezone.now()
    for who, action in ((an, "case.create"), (an, "case.close"), (binh, "case.create")):
        AuditEntry.objects.create(at=now, actor=who, action=action, on_behalf_of=binh if who == an else None)
    built: list[dict[str, Any]] = []

    def build(**binds: Any) -> QuerySet[AuditEntry]:
        built.append(binds)
        return _entries(**binds)

    for who, action in ((an, "case.create"), (binh, "case.create"), (an, "case.close"), (an, "none")):
        binds = {"actor": who.pk, "action": action}
        with django_assert_num_queries(1):  # the related users come in the same statement
            got = sqlmemo.objects("entries", build, binds=binds)
            shown = [
                (e.pk, e.action, e.label, e.actor.email, getattr(e.on_behalf_of, "email", None)) for e in got
            ]
        want = [
            (e.pk, e.action, e.label, e.actor.email, getattr(e.on_behalf_of, "email", None))
            for e in _entries(**binds)
        ]
        assert shown == want
        assert bool(want) == (action != "none")
        assert all(e.get_deferred_fields() >= {"at", "before"} for e in got)  # only() holds
    assert len(built) == 1  # one compile, with stand-ins, not the values
    assert built[0]["actor"] not in (an.pk, binh.pk)


def test_a_date_is_bound_as_each_database_takes_it() -> None:
    DayOff.objects.create(date=dt.date(2026, 9, 2), name="Quốc khánh")
    DayOff.objects.create(date=dt.date(2026, 4, 30), name="Ngày Giải phóng miền Nam")

    def names(day: dt.date) -> list[str]:
        rows = sqlmemo.values(
            "after", lambda on: DayOff.objects.filter(date__gt=on).values("name"), binds={"on": day}
        )
        return [r["name"] for r in rows]

    assert names(dt.date(2026, 1, 1)) == ["Ngày Giải phóng miền Nam", "Quốc khánh"]
    assert names(dt.date(2026, 5, 1)) == ["Quốc khánh"]
    assert names(dt.date(2026, 12, 31)) == []


def test_rows_kept_under_a_version_are_kept_per_bound_value(django_assert_num_queries: Any) -> None:
    DayOff.objects.create(date=dt.date(2026, 9, 2), name="Quốc khánh")

    def read(day: dt.date) -> list[str]:
        build = lambda on: DayOff.objects.filter(date=on).values("name")  # noqa: E731
        return [
            r["name"] for r in sqlmemo.values("on", build, binds={"on": day}, version=lambda a: 1, seconds=60)
        ]

    assert read(dt.date(2026, 9, 2)) == ["Quốc khánh"]
    assert read(dt.date(2026, 9, 3)) == []  # not the other day's rows
    with django_assert_num_queries(0):
        assert (read(dt.date(2026, 9, 2)), read(dt.date(2026, 9, 3))) == (["Quốc khánh"], [])


def test_a_small_integer_column_takes_a_bind(django_assert_num_queries: Any) -> None:
    """PostgreSQL's smallint ends at 32,767, and Django compiles an exact lookup beyond a column's range
    to no statement at all: a stand-in beyond it found nothing for every value (a commune by its code
    and level was a 404 on PostgreSQL)."""
    entry = AuditEntry.objects.create(at=timezone.now(), action="case.create")  # v, a small integer: 2

    def ids(version: int) -> list[int]:
        build = lambda v: AuditEntry.objects.filter(v=v).values("id")  # noqa: E731
        return [r["id"] for r in sqlmemo.values("by version", build, binds={"v": version})]

    assert entry.pk in ids(2)
    assert entry.pk not in ids(1)
    with pytest.raises(ImproperlyConfigured, match="leave no statement"):
        sqlmemo.values(
            "never", lambda n: DayOff.objects.filter(pk__in=[]).filter(pk=n).values("id"), binds={"n": 1}
        )


def test_a_prefix_bind_finds_the_subtree_and_escapes_like_characters(django_assert_num_queries: Any) -> None:
    """sqlmemo.Prefix: `startswith` compiled once; each value escaped as Django escapes it, so a `%`
    or `_` in the value is a character, not a wildcard, and the rows are those of the queryset."""
    for day, name in ((2, "Tết Nguyên đán"), (3, "Tết_mùng hai"), (4, "Tết%mùng ba"), (5, "Quốc khánh")):
        DayOff.objects.create(date=dt.date(2027, 2, day), name=name)
    built: list[str] = []

    def build(prefix: str) -> QuerySet[DayOff]:
        built.append(prefix)
        return DayOff.objects.filter(name__startswith=prefix).order_by("date")

    for prefix in ("Tết", "Tết_", "Tết%", "Quốc", "Tết\\", "", "Không có"):
        with django_assert_num_queries(1):
            got = [d.name for d in sqlmemo.objects("prefix", build, binds={"prefix": sqlmemo.Prefix(prefix)})]
        assert got == [d.name for d in DayOff.objects.filter(name__startswith=prefix).order_by("date")]
        assert got or prefix in ("Tết\\", "Không có")
    assert len(built) == 1 and built[0].startswith("\x1f")


def test_a_bind_that_does_not_reach_the_sql_as_given_is_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="prefix"):  # startswith escapes and extends it
        sqlmemo.values(
            "prefix",
            lambda prefix: DayOff.objects.filter(name__startswith=prefix).values("id"),
            binds={"prefix": "Tết"},
        )
    with pytest.raises(ImproperlyConfigured, match="unused"):
        sqlmemo.values("unused", lambda unused: DayOff.objects.values("id"), binds={"unused": 3})
    for odd in (None, True, timezone.now(), 1.5):
        with pytest.raises(ImproperlyConfigured):
            sqlmemo.values(
                ("odd", repr(odd)), lambda v: DayOff.objects.filter(name=v).values("id"), binds={"v": odd}
            )
    with pytest.raises(ImproperlyConfigured, match="plain queryset"):
        sqlmemo.objects("values", lambda: DayOff.objects.values("id"))
    with pytest.raises(ImproperlyConfigured, match="plain queryset"):
        sqlmemo.objects("prefetch", lambda: DayOff.objects.prefetch_related("x"))


@pytest.fixture
def day_rule(monkeypatch: pytest.MonkeyPatch) -> str:
    from danchu.core import access

    monkeypatch.setitem(
        access.RULES,
        "test.view_day",
        access.Rule("test.view_day", lambda _p, day: day.name != "Kín", access.PUBLIC),
    )
    return "test.view_day"


def test_a_getter_compiled_once_answers_as_the_orm_does(
    day_rule: str, django_assert_num_queries: Any
) -> None:
    """get_for(memo=...): the object by an id or a code from the URL, compiled once; a malformed id, one
    beyond the database's integers, a NUL or an object the rule refuses are all a 404."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from danchu.core.access import get_for

    open_day = DayOff.objects.create(date=dt.date(2026, 9, 2), name="Quốc khánh")
    closed = DayOff.objects.create(date=dt.date(2026, 9, 3), name="Kín")
    anyone = AnonymousUser()

    def get(**lookup: Any) -> DayOff:
        return get_for(anyone, DayOff.objects.all(), day_rule, memo="test.day", **lookup)

    with django_assert_num_queries(1):
        assert get(pk=str(open_day.pk)) == open_day
    with django_assert_num_queries(1):
        assert get(pk=open_day.pk).name == "Quốc khánh"
    assert get(name="Quốc khánh") == open_day
    for bad in (
        {"pk": closed.pk},
        {"pk": "abc"},
        {"pk": str(2**70)},
        {"pk": -(2**64)},
        {"name": "Quốc\x00"},
        {"pk": 0},
    ):
        with pytest.raises(Http404):
            get(**bad)
    with django_assert_num_queries(0):  # refused before any statement
        with pytest.raises(Http404):
            get(pk="1.5")


def test_a_getter_by_a_small_integer_finds_it_and_refuses_one_beyond_the_column(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The stand-in and the value both fit a smallint; a value beyond it is a 404, as the ORM finds
    nothing there, not the database's error."""
    from django.contrib.auth.models import AnonymousUser
    from django.http import Http404

    from danchu.core import access
    from danchu.core.access import get_for

    monkeypatch.setitem(
        access.RULES, "test.view_entry", access.Rule("test.view_entry", lambda _p, _e: True, access.PUBLIC)
    )
    entry = AuditEntry.objects.create(at=timezone.now(), action="case.create")

    def get(v: Any) -> AuditEntry:
        return get_for(
            AnonymousUser(), AuditEntry.objects.all(), "test.view_entry", memo="test.entry", pk=entry.pk, v=v
        )

    assert get(2) == entry
    for beyond in (40_000, -1, 2**40):
        with pytest.raises(Http404):
            get(beyond)


def test_a_shared_lock_read_compiled_once_reads_each_row_under_the_lock() -> None:
    """core.locks.read_shared_kept: one statement for every bound value, the converted values of the
    row asked for (a date is a date on SQLite too), None for no row, FOR SHARE on PostgreSQL."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from danchu.core.locks import read_shared_kept

    tet = DayOff.objects.create(date=dt.date(2027, 2, 6), name="Tết Nguyên đán")
    national = DayOff.objects.create(date=dt.date(2027, 9, 2), name="Quốc khánh")
    built: list[dict[str, Any]] = []

    def build(**binds: Any) -> QuerySet[DayOff]:
        built.append(binds)
        return DayOff.objects.filter(pk=binds["pk"], date__gte=binds["since"])

    fields = ("date", "name")
    with transaction.atomic(), CaptureQueriesContext(connection) as q:
        for row, since, want in (
            (tet, dt.date(2027, 1, 1), {"date": tet.date, "name": "Tết Nguyên đán"}),
            (national, dt.date(2027, 1, 1), {"date": national.date, "name": "Quốc khánh"}),
            (national, dt.date(2027, 9, 3), None),  # the bound date leaves the row out
            (tet, dt.date(2027, 2, 6), {"date": tet.date, "name": "Tết Nguyên đán"}),
        ):
            got = read_shared_kept("days off", DayOff, build, fields, {"pk": row.pk, "since": since})
            assert got == want
    assert len(built) == 1
    reads = [x["sql"] for x in q.captured_queries if "core_dayoff" in x["sql"]]
    assert len(reads) == 4
    if connection.vendor == "postgresql":
        assert all(sql.endswith('FOR SHARE OF "core_dayoff"') for sql in reads)
