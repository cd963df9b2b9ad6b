"""A shared row lock for the intake paths that citizens hit in numbers (votes, ballots, comments).

A vote needs the item (or election) to stay open until the vote commits, not to exclude the other
voters: each voter takes `FOR SHARE` on the row, so voters never wait for each other, while closing
the vote (`FOR UPDATE`) waits for the votes in flight and every later vote sees it closed. What stops a
second vote of the same household is the unique constraint on its vote or participation row, not this
lock. The same holds for a comment on a consultation's draft: commenters share the consultation's row,
and ending the period or revising the draft (`FOR UPDATE`) waits for the comments in flight.

Django's ORM has `select_for_update` only, so the query is compiled by the ORM and the clause appended.
SQLite has no row locks: it serialises writers itself, and the read is a plain one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from django.db import connections, router
from django.db.models import Model, QuerySet

from . import sqlmemo


def _clause(connection: Any, model: type[Model]) -> str:
    if connection.vendor != "postgresql":
        return ""
    return " FOR SHARE OF " + connection.ops.quote_name(model._meta.db_table)


def read_shared(qs: QuerySet[Any], *fields: str) -> dict[str, Any] | None:
    """The `fields` (model fields or annotations of `qs`) of the first row of `qs`, read under a
    shared lock on that row (PostgreSQL), in one query; None when there is no row."""
    qs = qs.values(*fields)[:1]
    connection = connections[qs.db]
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql + _clause(connection, qs.model), params)
        row = cursor.fetchone()
        names = [col[0] for col in cursor.description] if row is not None else []
    return dict(zip(names, row, strict=True)) if row is not None else None


def read_shared_kept(
    key: Hashable,
    model: type[Model],
    build: Callable[..., QuerySet[Any]],
    fields: tuple[str, ...],
    binds: dict[str, Any],
) -> dict[str, Any] | None:
    """read_shared() of `build(**binds)` (a queryset of `model`), its SQL compiled once per process
    (core.sqlmemo): the intake paths that citizens hit in numbers spent more time building and compiling
    this one query than PostgreSQL took to run it. `key` names every input that changes the statement's
    shape; `binds` are the values put into it (ids, dates, text). The rows are read every time."""
    rows = sqlmemo.values(
        key,
        lambda **stand_ins: build(**stand_ins).values(*fields)[:1],
        binds=binds,
        suffix=_clause(connections[router.db_for_read(model) or "default"], model),
    )
    return rows[0] if rows else None
