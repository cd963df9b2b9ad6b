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

Per process, bounded (least recently used out): a worker keeps at most SIZE statements (a province
dashboard keeps six; at most ~15 KB each, measured: the SQL text, its parameters and converters).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar, cast

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet

SIZE = 128
T = TypeVar("T")


@dataclass(frozen=True)
class _Compiled:
    model: type
    sql: str | None  # None: the query can have no rows (e.g. `indicator IN ()`)
    params: tuple[Any, ...]
    names: tuple[str, ...]
    # The compiler's converters by column (what `results_iter` would apply), without the compiler:
    # keeping it would keep the whole query tree alive (measured: ~35 KB an entry with it, ~14 without).
    converters: tuple[tuple[int, tuple[Callable[..., Any], ...], Any], ...]


_kept: OrderedDict[Hashable, _Compiled] = OrderedDict()
_lock = threading.Lock()


def _compile(qs: QuerySet[Any]) -> _Compiled:
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
        return _Compiled(qs.model, None, (), names, ())
    fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
    converters = tuple(
        (pos, tuple(convs), expression)
        for pos, (convs, expression) in compiler.get_converters(fields).items()
    )
    return _Compiled(qs.model, sql, tuple(params), names, converters)


def _kept_for(key: Hashable, build: Callable[[], QuerySet[Any]]) -> _Compiled:
    # Replicas run the same engine as the primary: the SQL compiled for one runs on the others.
    full_key = (connections["default"].vendor, key)
    with _lock:
        kept = _kept.get(full_key)
        if kept is not None:
            _kept.move_to_end(full_key)
            return kept
    kept = _compile(build())
    with _lock:
        _kept[full_key] = kept
        while len(_kept) > SIZE:
            _kept.popitem(last=False)
    return kept


def values(
    key: Hashable,
    build: Callable[[], QuerySet[Any]],
    *,
    version: Callable[[str], Hashable] | None = None,
    seconds: float = 0,
) -> list[dict[str, Any]]:
    """The rows of the values() queryset `build()` returns, as dicts; compiled once per `key`.

    With `version` (a function of the database alias, read before the rows) and `seconds` > 0, the rows
    are also kept, under `key` and that version, for at most `seconds`: while `version(alias)` returns
    the same value, a later call returns them without running the SQL. The caller's contract: every
    write to what the SQL reads changes the version in the same transaction."""
    kept = _kept_for(key, build)
    if kept.sql is None:
        return []
    rows = _rows(("values", key), kept, kept.sql, kept.converters, version, seconds)
    return [dict(zip(kept.names, row, strict=True)) for row in rows]


def wrapped(
    key: Hashable,
    build: Callable[[], QuerySet[Any]],
    wrap: Callable[[str], str],
    *,
    version: Callable[[str], Hashable] | None = None,
    seconds: float = 0,
) -> tuple[tuple[Any, ...], ...]:
    """The rows of `wrap(sql)`, a statement of one's own around `build()`'s SQL (compiled once per
    `key`, with its parameters), as tuples; kept as values() keeps them."""
    kept = _kept_for(("sql", key), build)
    if kept.sql is None:
        return ()
    return _rows(("wrapped", key), kept, wrap(kept.sql), (), version, seconds)


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
    version: Callable[[str], Hashable] | None,
    seconds: float,
) -> tuple[tuple[Any, ...], ...]:
    # Where it runs is decided now, not when it was compiled (a replica, or the primary after a write).
    alias = router.db_for_read(kept.model) or "default"
    full_key = (connections["default"].vendor, key)
    return _through(full_key, alias, version, seconds, lambda: _run(alias, sql, kept.params, converters))


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
