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

from typing import Any

from django.db import connections
from django.db.models import QuerySet


def read_shared(qs: QuerySet[Any], *fields: str) -> dict[str, Any] | None:
    """The `fields` (model fields or annotations of `qs`) of the first row of `qs`, read under a
    shared lock on that row (PostgreSQL), in one query; None when there is no row."""
    qs = qs.values(*fields)[:1]
    connection = connections[qs.db]
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    if connection.vendor == "postgresql":
        sql += " FOR SHARE OF " + connection.ops.quote_name(qs.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        names = [col[0] for col in cursor.description] if row is not None else []
    return dict(zip(names, row, strict=True)) if row is not None else None
