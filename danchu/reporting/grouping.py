"""The rows of a computed indicator as one grouped query that the roll-up can also run inside the
database (setwise.py) instead of reading the rows into Python.

A compute function that returns a ``Grouped`` (what ``grouped()`` makes from a QuerySet) or a
``RawGrouped`` (an SQL text of the same shape) is refreshed set-based; one that yields its rows any
other way keeps the Python path (rollup._collapse). Both give the same rows (tests/test_setwise.py).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from django.db import connections, models
from django.db.models import Aggregate, Count, QuerySet

Breakdown = dict[str, str]
ComputeRow = tuple[int, Breakdown, float | int]

# What setwise.py runs: (sql, params, number of columns, [(dimension name, column index)]); the SQL
# selects the place id first and the value last; a dimension's column is text (empty or NULL leaves
# the row out of that dimension) or, flagged True, an integer (0 or NULL leaves it out).
Select = tuple[str, list[Any], int, list[tuple[str, int, bool]]]


TEXT = (models.CharField, models.TextField)
INTEGER = (models.IntegerField, models.SmallIntegerField, models.BigIntegerField)


class _Rows(Iterator[ComputeRow]):
    """Iterated once, like the generator that grouped() used to return (modules type their compute
    functions as returning an Iterator)."""

    _it: Iterator[ComputeRow] | None = None

    def __next__(self) -> ComputeRow:
        if self._it is None:
            self._it = self._each()
        return next(self._it)

    def _each(self) -> Iterator[ComputeRow]:
        raise NotImplementedError


class Grouped(_Rows):
    """`records` grouped by the `place` field and the breakdown fields ({breakdown name: field}),
    counted or aggregated by `value`. Iterating yields ``(place_id, breakdown, value)``; a breakdown
    whose value is empty is left out of its row, an empty aggregate counts 0."""

    def __init__(
        self,
        records: QuerySet[Any],
        *,
        place: str,
        breakdowns: Mapping[str, str] | None = None,
        value: Aggregate | None = None,
    ) -> None:
        self.records = records
        self.place = place
        self.dims = dict(breakdowns or {})
        self.value = value

    def _rows(self) -> QuerySet[Any]:
        fields = list(dict.fromkeys([self.place, *self.dims.values()]))
        return self.records.values(*fields).annotate(n=self.value if self.value is not None else Count("id"))

    def _each(self) -> Iterator[ComputeRow]:
        for row in self._rows():
            yield (
                row[self.place],
                {name: row[f] for name, f in self.dims.items() if row[f]},
                row["n"] or 0,
            )

    def select(self, using: str) -> Select | None:
        """The query's SQL for the connection `using`; None when a breakdown field is not text (the
        Python path's truthiness of 0 or False would not be SQL's emptiness) or the query's shape is
        not the one expected (then the caller takes the Python path)."""
        fields = list(dict.fromkeys([self.place, *self.dims.values()]))
        compiler = self._rows().order_by().query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        select = compiler.select
        if len(select) != len(fields) + 1 or select[-1][2] != "n":
            return None
        outputs = {f: select[i][0].output_field for i, f in enumerate(fields)}
        dims = []
        for d, f in self.dims.items():
            out = outputs[f]
            if isinstance(out, models.BooleanField) or not isinstance(out, TEXT + INTEGER):
                return None  # str(True) is not SQL's text of true, nor str(1.0) of 1.0
            dims.append((d, fields.index(f), isinstance(out, INTEGER)))
        return sql, list(params), len(fields) + 1, dims


class RawGrouped(_Rows):
    """The same rows from an SQL text selecting ``place_id, <one text column per dimension>, value``
    (for records without a model, such as the bench's)."""

    def __init__(self, sql: str, params: Sequence[Any], dims: Sequence[str], using: str = "default") -> None:
        self.sql = sql
        self.params = list(params)
        self.dims = list(dims)
        self.using = using

    def _each(self) -> Iterator[ComputeRow]:
        with connections[self.using].cursor() as c:
            c.execute(self.sql, self.params)
            for row in c.fetchall():
                yield row[0], {d: row[i + 1] for i, d in enumerate(self.dims) if row[i + 1]}, row[-1] or 0

    def select(self, using: str) -> Select | None:
        if using != self.using:
            return None
        return (
            self.sql,
            list(self.params),
            len(self.dims) + 2,
            [(d, i + 1, False) for i, d in enumerate(self.dims)],
        )


def grouped(
    records: QuerySet[Any],
    *,
    place: str,
    breakdowns: Mapping[str, str] | None = None,
    value: Aggregate | None = None,
) -> Grouped:
    """The rows of a computed indicator from `records` already filtered to the period: grouped by the
    `place` field and the breakdown fields ({breakdown name: field}), counted — or aggregated by
    `value`, an empty aggregate counting 0. A breakdown whose value is empty is left out of its row.
    Returned as is by a compute function, the roll-up runs it inside the database."""
    return Grouped(records, place=place, breakdowns=breakdowns, value=value)
