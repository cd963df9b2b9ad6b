"""Reads whose SQL is compiled once per process.

A dashboard runs the same few aggregate reads each time it is opened: building and compiling them with
the ORM costs more than PostgreSQL takes to answer them (issue #17: a province dashboard's ~20
statements took ~12 ms in the database and twice that in `filter()`, `annotate()` and the compiler).
Django keeps no compiled form of a query, so this module does, as SQLAlchemy's "compiled cache" does:

    rows = sqlmemo.values(("figures", place.pk, period.code, codes), lambda: qs_of(place, period, codes))

The first call builds the queryset (`build()`), compiles it and keeps the SQL, its parameters and the
compiler's converters under `key`; later calls with an equal key run the kept SQL and pass the rows
through those converters (dates on SQLite, decimals), so they return exactly what `list(build())`
would. The key must name every input `build` reads: it is the caller's contract, and
the callers (reporting.rows.memo_values) add the ones that are not arguments. What the key cannot
change — the database's contents — is kept only when the caller names a version of them: with
`version=` (read on the database before the rows) and `seconds=`, the rows themselves are kept under
that version, for that long at most, and a call that reads the same version runs no SQL. A caller
passes a version only for tables whose every write changes it in the same transaction (the roll-ups:
reporting.models.RollupVersion).

A statement can also be compiled once for many values of its inputs: `binds={"place": place.pk, ...}`
— `build` is then called once with a stand-in for each (an unusual integer, date or text), and each
call puts the actual values where the stand-ins are among the compiled parameters. A bind must reach
the SQL as it is given (an exact comparison) or be a `Prefix` (a text compared with `startswith`: a
subtree by its path), and must not change the statement's shape (what does goes in the key):
compiling raises ImproperlyConfigured otherwise (a programming error, never taken for a missing
object). `objects()` returns model instances
(select_related and annotations included) as iterating the queryset would: a public page's few reads
(disclosures.queries.place_page) cost ~3 ms of the ORM's building and compiling for ~0.3 ms of SQL.

Per process, bounded (least recently used out): a worker keeps at most SIZE statements (a province
dashboard keeps six; at most ~15 KB each, measured: the SQL text, its parameters and converters).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.core.exceptions import EmptyResultSet, ImproperlyConfigured
from django.db import connections, router
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

SIZE = 128
T = TypeVar("T")
M = TypeVar("M", bound=Model)
Binds = dict[str, Any]
Adapt = Callable[[Any], Any] | None


@dataclass(frozen=True)
class _Compiled:
    model: type
    sql: str | None  # None: the query can have no rows (e.g. `indicator IN ()`)
    params: tuple[Any, ...]
    names: tuple[str, ...]
    # The compiler's converters by column (what `results_iter` would apply), without the compiler:
    # keeping it would keep the whole query tree alive (measured: ~35 KB an entry with it, ~14 without).
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]
    # Where each bind goes among `params`: (position, name, how the database's adapter gave it).
    slots: tuple[tuple[int, str, Adapt], ...] = ()
    shape: _Shape | None = None  # objects(): how a row becomes a model instance


@dataclass(frozen=True)
class _Shape:
    """What ModelIterable takes from the compiler to turn a row into an instance."""

    init_list: tuple[str, ...]
    start: int
    end: int
    annotations: tuple[tuple[str, int], ...]
    klass_info: dict[str, Any]
    select: tuple[Any, ...]

    def populators(self, alias: str) -> list[Any]:  # select_related's, for instances of `alias`
        return get_related_populators(self.klass_info, list(self.select), alias)  # type: ignore[call-arg]  # stubs: Django 6


_kept: OrderedDict[Hashable, _Compiled] = OrderedDict()
_lock = threading.Lock()


# Stand-ins for binds: within a small integer column's range (Django compiles an exact lookup beyond a
# column's range to no statement at all: PostgreSQL's smallint ends at 32,767), dates no unit has, text
# no one types.
_STAND_IN_INT, _STAND_IN_DATE = 30_011, dt.date(1901, 2, 3)


@dataclass(frozen=True)
class Prefix:
    """A bind compared with `startswith` (`build` gets a text): Django sends it escaped for LIKE and
    followed by `%` (BaseDatabaseOperations.prep_for_like_query, the same on SQLite and PostgreSQL),
    so each call's value is sent so too."""

    text: str

    def as_like(self) -> str:
        return connections["default"].ops.prep_for_like_query(self.text) + "%"


def _stand_ins(binds: Binds) -> Binds:
    out: Binds = {}
    for i, (name, value) in enumerate(sorted(binds.items())):
        if isinstance(value, Prefix):
            out[name] = Prefix(f"\x1f{i}:sqlmemo prefix\x1f")
        elif isinstance(value, int) and not isinstance(value, bool):
            out[name] = _STAND_IN_INT + 7 * i
        elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            out[name] = _STAND_IN_DATE + dt.timedelta(days=37 * i)
        elif isinstance(value, str):
            out[name] = f"\x1f{i}:sqlmemo stand-in\x1f"
        else:  # None, booleans, datetimes (converted by time zone) change the SQL or its values
            raise ImproperlyConfigured(
                f"sqlmemo: bind {name!r} is a {type(value).__name__}: only int, date, str, Prefix"
            )
    return out


def in_range(field: Any, value: int) -> bool:
    """Whether `value` fits the integer column `field` on this database (a smallint ends at 32,767 on
    PostgreSQL; SQLite's driver cannot carry an integer beyond 64 bits). The ORM compiles an exact
    lookup beyond the range to no statement; a bound value is sent as it is, so a caller binding a
    number from the request checks it first."""
    try:
        low, high = connections["default"].ops.integer_field_range(
            getattr(field, "target_field", field).get_internal_type()
        )
    except KeyError:  # not an integer column
        return True
    return (low is None or value >= low) and (high is None or value <= high)


def _signature(binds: Binds) -> tuple[tuple[str, str], ...]:
    return tuple((name, type(value).__name__) for name, value in sorted(binds.items()))


def _slots(params: tuple[Any, ...], stand_ins: Binds) -> tuple[tuple[int, str, Adapt], ...]:
    """Where each stand-in is among `params`, and how the database's adapter gave it: as it is, as ISO
    text (a date on SQLite), or in psycopg's integer type of the column (Int2 for a smallint)."""
    slots: list[tuple[int, str, Adapt]] = []
    for pos, param in enumerate(params):
        for name, stand_in in stand_ins.items():
            if isinstance(stand_in, Prefix):
                if param == stand_in.as_like():
                    slots.append((pos, name, Prefix.as_like))
            elif isinstance(stand_in, int):
                if isinstance(param, int) and not isinstance(param, bool) and int(param) == stand_in:
                    slots.append((pos, name, None if type(param) is int else type(param)))
            elif type(param) is type(stand_in) and param == stand_in:
                slots.append((pos, name, None))
            elif isinstance(stand_in, dt.date) and param == stand_in.isoformat():
                slots.append((pos, name, dt.date.isoformat))
    missing = set(stand_ins) - {name for _pos, name, _adapt in slots}
    if missing:
        raise ImproperlyConfigured(
            f"sqlmemo: {sorted(missing)} not among the statement's parameters as given"
        )
    return tuple(slots)


def _bound(kept: _Compiled, binds: Binds) -> tuple[Any, ...]:
    if not kept.slots:
        return kept.params
    params = list(kept.params)
    for pos, name, adapt in kept.slots:
        params[pos] = adapt(binds[name]) if adapt else binds[name]
    return tuple(params)


def _compile(qs: QuerySet[Any], stand_ins: Binds, instances: bool) -> _Compiled:
    if instances and (
        qs._iterable_class is not ModelIterable or qs._prefetch_related_lookups or qs._known_related_objects  # type: ignore[attr-defined]
    ):
        raise ImproperlyConfigured(
            "sqlmemo.objects: a plain queryset of instances (no values(), prefetch or related manager)"
        )
    query = qs.query
    names = tuple(
        query.selected
        if query.selected
        else (*query.extra_select, *query.values_select, *query.annotation_select)
    )
    compiler = query.get_compiler(qs.db)
    try:
        sql, params = compiler.as_sql()
    except EmptyResultSet:
        if stand_ins:  # the stand-ins made it empty: every call would find nothing
            raise ImproperlyConfigured(
                f"sqlmemo: the stand-ins for {sorted(stand_ins)} leave no statement"
            ) from None
        return _Compiled(qs.model, None, (), names, ())
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    converters = tuple(
        (pos, tuple(convs), expression)
        for pos, (convs, expression) in compiler.get_converters(fields).items()
    )
    shape = None
    if instances:  # as ModelIterable reads the compiler after compiling
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        shape = _Shape(
            init_list=tuple(f[0].target.attname for f in select[start:end]),
            start=start,
            end=end,
            annotations=tuple(compiler.annotation_col_map.items()),
            klass_info=klass_info,
            select=tuple(select),
        )
    params = tuple(params)
    return _Compiled(qs.model, sql, params, names, converters, _slots(params, stand_ins), shape)


def _kept_for(
    key: Hashable, build: Callable[..., QuerySet[Any]], binds: Binds | None = None, instances: bool = False
) -> _Compiled:
    # Replicas run the same engine as the primary: the SQL compiled for one runs on the others.
    full_key = (connections["default"].vendor, key, _signature(binds or {}))
    with _lock:
        kept = _kept.get(full_key)
        if kept is not None:
            _kept.move_to_end(full_key)
            return kept
    stand_ins = _stand_ins(binds or {})
    given = {k: v.text if isinstance(v, Prefix) else v for k, v in stand_ins.items()}
    kept = _compile(build(**given), stand_ins, instances)
    with _lock:
        _kept[full_key] = kept
        while len(_kept) > SIZE:
            _kept.popitem(last=False)
    return kept


def values(
    key: Hashable,
    build: Callable[..., QuerySet[Any]],
    *,
    binds: Binds | None = None,
    version: Callable[[str], Hashable] | None = None,
    seconds: float = 0,
    suffix: str = "",
) -> list[dict[str, Any]]:
    """The rows of the values() queryset `build()` returns, as dicts; compiled once per `key`.

    With `version` (a function of the database alias, read before the rows) and `seconds` > 0, the rows
    are also kept, under `key` and that version, for at most `seconds`: while `version(alias)` returns
    the same value, a later call returns them without running the SQL. The caller's contract: every
    write to what the SQL reads changes the version in the same transaction. `binds`: see the module.
    `suffix` is appended to the SQL (a locking clause, core.locks); it must not change the columns."""
    kept = _kept_for(key, build, binds)
    if kept.sql is None:
        return []
    rows = _rows(("values", key, suffix), kept, kept.sql + suffix, kept.converters, binds, version, seconds)
    return [dict(zip(kept.names, row, strict=True)) for row in rows]


def wrapped(
    key: Hashable,
    build: Callable[..., QuerySet[Any]],
    wrap: Callable[[str], str],
    *,
    binds: Binds | None = None,
    version: Callable[[str], Hashable] | None = None,
    seconds: float = 0,
) -> tuple[tuple[Any, ...], ...]:
    """The rows of `wrap(sql)`, a statement of one's own around `build()`'s SQL (compiled once per
    `key`, with its parameters), as tuples; kept as values() keeps them."""
    kept = _kept_for(("sql", key), build, binds)
    if kept.sql is None:
        return ()
    return _rows(("wrapped", key), kept, wrap(kept.sql), (), binds, version, seconds)


def objects(key: Hashable, build: Callable[..., QuerySet[M]], *, binds: Binds | None = None) -> list[M]:
    """The model instances of `build()`'s queryset, as `list(build())` gives them (select_related,
    annotations, deferred fields), its SQL compiled once per `key` and `binds` bound on each call (see
    the module). Never kept: every call reads the rows."""
    kept = _kept_for(("objects", key), build, binds, instances=True)
    if kept.sql is None or kept.shape is None:
        return []
    alias = router.db_for_read(kept.model) or "default"
    shape = kept.shape
    populators = shape.populators(alias)
    out = []
    for row in _run(alias, kept.sql, _bound(kept, binds or {}), kept.converters):
        obj = kept.model.from_db(alias, shape.init_list, row[shape.start : shape.end])  # type: ignore[attr-defined]
        for populator in populators:
            populator.populate(row, obj)
        for name, pos in shape.annotations:
            setattr(obj, name, row[pos])
        out.append(obj)
    return out


def kept(
    key: Hashable,
    alias: str,
    compute: Callable[[], T],
    *,
    version: Callable[[str], Hashable],
    seconds: float,
) -> T:
    """`compute()`'s result, kept under `key` and the version read on `alias` as values() keeps rows
    (for what is read from more than one statement); `seconds` <= 0: computed every time. The result
    is shared by every caller until the version changes: it must not be changed in place."""
    full_key = (connections["default"].vendor, "kept", key)
    return cast(T, _through(full_key, alias, version, seconds, lambda: (compute(),))[0])


def _rows(
    key: Hashable,
    kept: _Compiled,
    sql: str,
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...],
    binds: Binds | None,
    version: Callable[[str], Hashable] | None,
    seconds: float,
) -> tuple[tuple[Any, ...], ...]:
    # Where it runs is decided now, not when it was compiled (a replica, or the primary after a write).
    alias = router.db_for_read(kept.model) or "default"
    full_key = (connections["default"].vendor, key, tuple(sorted((binds or {}).items())))
    params = _bound(kept, binds or {})
    return _through(full_key, alias, version, seconds, lambda: _run(alias, sql, params, converters))


def _through(
    full_key: Hashable,
    alias: str,
    version: Callable[[str], Hashable] | None,
    seconds: float,
    read: Callable[[], tuple[Any, ...]],
) -> tuple[Any, ...]:
    """`read()`'s rows, kept under the version read on `alias` first (none or `seconds` <= 0: read)."""
    if version is None or seconds <= 0:
        return read()
    mark = per_request(version, alias)
    rows = _result(full_key, mark)
    if rows is None:
        rows = read()
        _keep_result(full_key, _Result(mark, time.monotonic() + seconds, rows))
    return rows


def _run(
    alias: str,
    sql: str,
    params: tuple[Any, ...],
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...],
) -> tuple[tuple[Any, ...], ...]:
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    if not converters:
        return tuple(tuple(row) for row in fetched)
    out = []
    for row in fetched:  # as SQLCompiler.apply_converters does
        cells = list(row)
        for pos, convs, expression in converters:
            for convert in convs:
                cells[pos] = convert(cells[pos], expression, connection)
        out.append(tuple(cells))
    return tuple(out)


# Within one request a version is read once (a dashboard makes ~6 kept reads: one statement, not six),
# until the request writes (forget_versions()). Outside a request (jobs, commands) it is read each time.
_versions: ContextVar[dict[tuple[Any, str], Any] | None] = ContextVar("danchu_sqlmemo_versions", default=None)


def per_request(read: Callable[[str], T], alias: str) -> T:
    """`read(alias)`, read once per request (until the request writes: forget_versions()); a version,
    or what versions are taken from (reporting.models.RollupVersion.tokens)."""
    seen = _versions.get()
    if seen is None:
        return read(alias)
    if (read, alias) not in seen:
        seen[read, alias] = read(alias)
    return cast(T, seen[read, alias])


def request_started(**_kw: Any) -> None:
    _versions.set({})


def request_finished(**_kw: Any) -> None:
    _versions.set(None)


def forget_versions() -> None:
    """After a write that changes a version: this request reads it again."""
    seen = _versions.get()
    if seen:
        seen.clear()


@dataclass(frozen=True)
class _Result:
    version: Hashable
    until: float  # time.monotonic()
    rows: tuple[Any, ...]  # the rows (tuples), or kept()'s one value


# The rows kept (values() with a version), least recently used out beyond RESULT_ROWS rows in all; a
# read of more than ENTRY_ROWS rows is never kept. Measured (bench database, 2026-12-04): a province
# dashboard keeps 133 rows in 6 entries (its ~100 communes are most of them), so a worker keeps about
# 150 such views; 20,000 rows of a few numbers each are a few MB at most.
RESULT_ROWS, ENTRY_ROWS = 20_000, 5_000
_results: OrderedDict[Hashable, _Result] = OrderedDict()
_result_rows = 0


def _result(full_key: Hashable, mark: Hashable) -> tuple[Any, ...] | None:
    with _lock:
        hit = _results.get(full_key)
        if hit is None or hit.version != mark or hit.until <= time.monotonic():
            return None
        _results.move_to_end(full_key)
        return hit.rows


def _keep_result(full_key: Hashable, result: _Result) -> None:
    global _result_rows
    if len(result.rows) > ENTRY_ROWS:
        return
    with _lock:
        old = _results.pop(full_key, None)
        _result_rows += len(result.rows) - (len(old.rows) if old else 0)
        _results[full_key] = result
        while _result_rows > RESULT_ROWS:
            _key, dropped = _results.popitem(last=False)
            _result_rows -= len(dropped.rows)


def clear() -> None:
    global _result_rows
    with _lock:
        _kept.clear()
        _results.clear()
        _result_rows = 0
