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
change — the database's contents — is never kept: every call runs the SQL.

Per process, bounded (least recently used out): a worker keeps at most SIZE statements (a province
dashboard keeps six; at most ~15 KB each, measured: the SQL text, its parameters and converters).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models import QuerySet

SIZE = 128


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


def values(key: Hashable, build: Callable[[], QuerySet[Any]]) -> list[dict[str, Any]]:
    """The rows of the values() queryset `build()` returns, as dicts; compiled once per `key`."""
    kept = _kept_for(key, build)
    if kept.sql is None:
        return []
    # Where it runs is decided now, not when it was compiled (a replica, or the primary after a write).
    alias = router.db_for_read(kept.model) or "default"
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(kept.sql, kept.params)
        fetched = cursor.fetchall()
    out = []
    for row in fetched:
        if kept.converters:  # as SQLCompiler.apply_converters does
            cells = list(row)
            for pos, convs, expression in kept.converters:
                for convert in convs:
                    cells[pos] = convert(cells[pos], expression, connection)
            row = tuple(cells)
        out.append(dict(zip(kept.names, row, strict=True)))
    return out


def sql(key: Hashable, build: Callable[[], QuerySet[Any]]) -> tuple[str, tuple[Any, ...], str] | None:
    """The SQL, parameters and database of `build()`, compiled once per `key`, to wrap in a statement
    of one's own; None when the query can have no rows."""
    kept = _kept_for(("sql", key), build)
    if kept.sql is None:
        return None
    return kept.sql, kept.params, router.db_for_read(kept.model) or "default"


def clear() -> None:
    with _lock:
        _kept.clear()
