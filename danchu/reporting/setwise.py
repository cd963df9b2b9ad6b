"""The set-based refresh of a computed indicator's month: the compute function's grouped query
(grouping.py) runs inside the database, collapsed into totals and marginals as rollup._collapse()
does, joined to the places for their ancestry, and compared with the stored leaf rows; only the
cells that differ are deleted and inserted, and only the communes (or the places above the
communes) whose cells differ have their commune grain rebuilt, by one INSERT … SELECT … GROUP BY.

The month's records are still aggregated in full (a compute function names no watermark of its
records); what is written is only what changed. Unchanged rows keep their ``refreshed_at``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connections

from danchu.places.models import Level, Place

from .grouping import Select
from .models import COMMUNE_GRAIN, LEAF, IndicatorValue, RollupVersion
from .periods import Period, PeriodType
from .registry import Indicator

IV = IndicatorValue._meta.db_table
PL = Place._meta.db_table
COLUMNS = (
    "indicator, place_id, level, path, province_id, commune_id, period_type, period_start, period_end, "
    "breakdown, grain, value, refreshed_at"
)


def _filled(col: str, integer: bool) -> str:
    """The row has this dimension (Python's truthiness of the value, as grouped() keeps it)."""
    empty = "0" if integer else "''"
    return f"({col} IS NOT NULL AND {col} <> {empty})"


# The place `pl`'s parent, grandparent and great-grandparent (a village's commune, district, province),
# and the nearest of them at a level: the ancestry rollup.Ancestry reads from the path, in SQL.
ANCESTORS = " ".join(
    f"LEFT JOIN {PL} a{j} ON a{j}.id = {'pl' if j == 1 else f'a{j - 1}'}.parent_id" for j in (1, 2, 3)
)


def nearest(level: int, column: str = "id") -> str:
    whens = " ".join(f"WHEN {a}.level = {level} THEN {a}.{column}" for a in ("pl", "a1", "a2", "a3"))
    return f"CASE {whens} END"


def cells_sql(ind: Indicator, select: Select) -> tuple[str, list[Any]]:
    """SELECT place_id, level, path, province_id, commune_id, breakdown, value, commune_path: the rows
    that rollup._collapse() and _store() would store for the query's rows (and the commune's path)."""
    sql, params, ncols, dims = select
    names = ["p", *(f"c{i}" for i in range(1, ncols - 1)), "n"]
    first = next((_filled(f"c{i}", n) for d, i, n in dims if ind.breakdowns and d == ind.breakdowns[0]), None)
    if dims:
        bare = " AND ".join(f"NOT {_filled(f'c{i}', n)}" for _, i, n in dims)
        lead = first or "1 = 0"
        # A row with no breakdown is the total; a place without one totals its rows of the first
        # dimension, or else its other rows (as _collapse()).
        total = (
            f"CASE WHEN SUM(CASE WHEN {bare} THEN 1 ELSE 0 END) > 0 THEN SUM(CASE WHEN {bare} THEN v ELSE 0 END) "
            f"WHEN SUM(CASE WHEN {lead} THEN 1 ELSE 0 END) > 0 THEN SUM(CASE WHEN {lead} THEN v ELSE 0 END) "
            "ELSE SUM(v) END"
        )
    else:
        total = "SUM(v)"
    parts = [f"SELECT p, '' AS k, {total} AS v FROM g GROUP BY p"]
    part_params: list[Any] = []
    for dim, i, integer in dims:
        label = f"CAST(c{i} AS TEXT)" if integer else f"c{i}"
        parts.append(
            f"SELECT p, %s || {label}, SUM(v) FROM g WHERE {_filled(f'c{i}', integer)} GROUP BY p, c{i}"
        )
        part_params.append(f"{dim}=")
    return (
        f"WITH q ({', '.join(names)}) AS ({sql}), "
        f"g AS (SELECT {', '.join(names[:-1])}, COALESCE(n, 0) AS v FROM q), "
        f"cells (p, k, v) AS ({' UNION ALL '.join(parts)}) "
        f"SELECT cells.p, pl.level, pl.path, {nearest(int(Level.PROVINCE))}, {nearest(int(Level.COMMUNE))}, cells.k, cells.v, "
        f"{nearest(int(Level.COMMUNE), 'path')} "
        f"FROM cells JOIN {PL} pl ON pl.id = cells.p {ANCESTORS}",
        list(params) + part_params,
    )


ROW = "place_id bigint, level smallint, path varchar(255), province_id bigint, commune_id bigint, "
ROW += "breakdown varchar(120), value double precision"
CELLS, GRAIN, OLD, DIFF = (f"reporting_tmp_{n}" for n in ("cells", "grain", "old", "diff"))
TABLES = {
    CELLS: f"{ROW}, commune_path varchar(255)",
    GRAIN: ROW,
    OLD: f"id bigint, grain varchar(8), period_end date, {ROW}",
    DIFF: f"id bigint, grain varchar(8), {ROW}",
}
COLS = "place_id, level, path, province_id, commune_id, breakdown, value"


def _scratch_sql(vendor: str, *tables: str) -> list[str]:
    """The statements that make the session-private scratch tables if the session has none yet. They
    are empty whenever a month starts: a month that put rows in them empties them before it returns
    (on PostgreSQL the commit of an outermost transaction does: ON COMMIT DELETE ROWS), a month that
    failed had its rows rolled back, a quiet month put none. Made within each month's transaction:
    behind PgBouncer's transaction pooling the next transaction may run on another server session."""
    keep = " ON COMMIT DELETE ROWS" if vendor == "postgresql" else ""
    out = []
    for table in tables:
        out.append(f"CREATE TEMP TABLE IF NOT EXISTS {table} ({TABLES[table]}){keep}")
        if vendor != "postgresql":
            # SQLite compares the scratch tables row by row (no hash join): an index on the cell's key
            # keeps a month of every commune (6,642 cells) from 44 million comparisons.
            out.append(f"CREATE INDEX IF NOT EXISTS {table}_cell ON {table} (place_id, breakdown)")
    return out


def _emptied_sql(conn: Any) -> list[str]:
    """What empties the scratch tables at the end of a month that filled them. On PostgreSQL nothing
    when the caller's transaction ends with the month (its commit empties them); within a longer
    transaction (the demo, the tests, a caller's own atomic block) TRUNCATE, because the rows a DELETE
    leaves dead cannot be pruned before that transaction ends and every later month would read them
    (the demo's 1,512 indicator-months: ~4 s)."""
    if conn.vendor != "postgresql":
        return [f"DELETE FROM {t}" for t in TABLES]
    return [] if len(conn.atomic_blocks) == 1 else [f"TRUNCATE {', '.join(TABLES)}"]


def _together(conn: Any) -> bool:
    """Several statements may go to the database in one round trip: PostgreSQL through psycopg's
    client-side binding (Django's default), whose simple query protocol runs a string of statements
    in order. A refresh runs ~750 indicator-months a year, most of them quiet: their round trips were
    most of their cost."""
    return conn.vendor == "postgresql" and not conn.settings_dict.get("OPTIONS", {}).get(
        "server_side_binding"
    )


def _run(
    cursor: Any, together: bool, statements: list[tuple[str, list[Any]]], *, fetch_first: bool = False
) -> tuple[list[int], Any]:
    """Run the statements in order, in one round trip when `together`: the rows each one changed or
    returned, and with `fetch_first` the first statement's first row (fetched before the cursor moves
    on to the next statement's results)."""
    row = None
    if not together:
        counts = []
        for i, (sql, params) in enumerate(statements):
            cursor.execute(sql, params or None)
            counts.append(cursor.rowcount)
            if fetch_first and i == 0:
                row = cursor.fetchone()
        return counts, row
    cursor.execute("; ".join(sql for sql, _ in statements), [p for _, ps in statements for p in ps] or None)
    counts = [cursor.rowcount]
    if fetch_first:
        row = cursor.fetchone()
    while cursor.nextset():
        counts.append(cursor.rowcount)
    return counts, row


def _same(a: str, b: str) -> str:
    """Row `a` equal to row `b` in every column a refresh writes (NULL equal to NULL)."""
    return (
        f"{a}.place_id = {b}.place_id AND {a}.breakdown = {b}.breakdown AND {a}.value = {b}.value "
        f"AND {a}.level = {b}.level AND {a}.path = {b}.path "
        f"AND COALESCE({a}.province_id, 0) = COALESCE({b}.province_id, 0) "
        f"AND COALESCE({a}.commune_id, 0) = COALESCE({b}.commune_id, 0)"
    )


def _diff(cursor: Any, new: str, grain: str, end: Any, scope: str = "") -> None:
    """Into DIFF: the stored rows of `grain` (OLD, within `scope`) that no row of `new` equals (to
    delete), and the rows of `new` that no stored row equals (to insert)."""
    c = [f"o.{col}" for col in COLS.split(", ")]
    cursor.execute(
        f"INSERT INTO {DIFF} (id, grain, {COLS}) SELECT o.id, o.grain, {', '.join(c)} FROM {OLD} o "
        f"WHERE o.grain = %s{scope} AND (o.period_end <> %s OR NOT EXISTS (SELECT 1 FROM {new} n "
        f"WHERE {_same('n', 'o')}))",
        [grain, end],
    )
    cursor.execute(
        f"INSERT INTO {DIFF} (id, grain, {COLS}) SELECT NULL, %s, {COLS} FROM {new} n WHERE NOT EXISTS ("
        f"SELECT 1 FROM {OLD} o WHERE o.grain = %s AND o.period_end = %s AND {_same('n', 'o')})",
        [grain, grain, end],
    )


def refresh_month(ind: Indicator, month: Period, select: Select, *, now: dt.datetime, using: str) -> int:
    """Bring `ind`'s leaf rows of `month` and their commune grain up to date inside the database; the
    caller holds a transaction. Returns the rows written.

    The month's stored rows (leaf and grain) are read once into a scratch table and compared with
    the fresh cells; the leaf rows that differ are deleted and inserted; the grain cells (commune or
    place above the communes, breakdown) holding such a row are summed from the fresh cells — now
    the month's leaf rows — and compared and written the same way."""
    conn = connections[using]
    ops = conn.ops
    start, end = ops.adapt_datefield_value(month.start), ops.adapt_datefield_value(month.end)
    cells, cells_params = cells_sql(ind, select)
    pg = conn.vendor == "postgresql"
    together = _together(conn)
    provinces: list[int | None] = []
    with conn.cursor() as c:
        first = []
        if pg:  # JIT compiling costs more than these short statements: off while the cells are computed
            first.append(
                "SELECT current_setting('jit'), current_setting('enable_nestloop'), set_config('jit', 'off', true)"
            )
        scratch: list[tuple[str, list[Any]]] = [
            (sql, []) for sql in [*first, *_scratch_sql(conn.vendor, CELLS, OLD)]
        ]
        settings = _run(c, together, scratch, fetch_first=pg)[1]
        fill = [
            (f"INSERT INTO {CELLS} ({COLS}, commune_path) {cells}", list(cells_params)),
            (
                f"INSERT INTO {OLD} (id, grain, period_end, {COLS}) SELECT id, grain, period_end, {COLS} "
                f"FROM {IV} WHERE indicator = %s AND period_type = %s AND period_start = %s",
                [ind.code, PeriodType.MONTH.value, start],
            ),
        ]
        if pg:  # JIT as it was; a month with something to compare turns it off again below
            fill.append(("SELECT set_config('jit', %s, true)", [settings[0]]))
        computed, stored = _run(c, together, fill)[0][:2]
        if computed == 0 and stored == 0:  # a quiet indicator-month: nothing then, nothing now
            return 0
        more: list[tuple[str, list[Any]]] = [(sql, []) for sql in _scratch_sql(conn.vendor, DIFF, GRAIN)]
        if pg:  # the scratch tables have no statistics: compare them by hashing, never row by row
            more.append(
                ("SELECT set_config('jit', 'off', true), set_config('enable_nestloop', 'off', true)", [])
            )
        _run(c, together, more)
        _diff(c, CELLS, LEAF, end)
        # The grain cells that hold a changed leaf row, from the fresh cells (rebuild_commune_grain()).
        c.execute(
            f"INSERT INTO {GRAIN} ({COLS}) SELECT c.commune_id, %s, COALESCE(c.commune_path, ''), c.province_id, "
            f"c.commune_id, c.breakdown, SUM(c.value) FROM {CELLS} c "
            f"WHERE EXISTS (SELECT 1 FROM {DIFF} d WHERE d.commune_id = c.commune_id AND d.breakdown = c.breakdown) "
            "GROUP BY c.commune_id, c.commune_path, c.province_id, c.breakdown "
            f"UNION ALL SELECT {COLS.replace('commune_id', 'NULL')} FROM {CELLS} c WHERE c.commune_id IS NULL "
            f"AND c.level < %s AND EXISTS (SELECT 1 FROM {DIFF} d WHERE d.commune_id IS NULL "
            "AND d.place_id = c.place_id AND d.breakdown = c.breakdown)",
            [int(Level.COMMUNE), int(Level.COMMUNE)],
        )
        # A grain row's cell: its commune, or minus the place above the communes it copies.
        touched = (
            f" AND EXISTS (SELECT 1 FROM {DIFF} d WHERE d.grain = '{LEAF}' AND d.breakdown = o.breakdown AND "
            "COALESCE(d.commune_id, -d.place_id) = COALESCE(o.commune_id, -o.place_id) "
            f"AND (d.commune_id IS NOT NULL OR d.level < {int(Level.COMMUNE)}))"
        )
        _diff(c, GRAIN, COMMUNE_GRAIN, end, touched)
        if pg:  # the deletion finds its rows by primary key
            c.execute("SELECT set_config('enable_nestloop', %s, true)", [settings[1]])
        c.execute(f"DELETE FROM {IV} WHERE id IN (SELECT id FROM {DIFF} WHERE id IS NOT NULL)")
        deleted = max(c.rowcount, 0)
        c.execute(
            f"INSERT INTO {IV} ({COLUMNS}) SELECT %s, place_id, level, path, province_id, commune_id, %s, %s, %s, "
            f"breakdown, grain, value, %s FROM {DIFF} WHERE id IS NULL",
            [ind.code, PeriodType.MONTH.value, start, end, ops.adapt_datetimefield_value(now)],
        )
        written = max(c.rowcount, 0)
        if deleted or written:  # a month whose cells are all as stored leaves what was read from them valid
            c.execute(f"SELECT DISTINCT province_id FROM {DIFF}")
            provinces = [row[0] for row in c.fetchall()]
        last: list[tuple[str, list[Any]]] = [(sql, []) for sql in _emptied_sql(conn)]
        if pg:
            last.append(("SELECT set_config('jit', %s, true)", [settings[0]]))
        _run(c, together, last)
    if deleted or written:  # only the provinces whose cells changed: the others' reads stay kept
        RollupVersion.bump(using, provinces=provinces)
    return written


def rebuild_grain(
    codes: list[str],
    period: Period,
    communes: tuple[str, list[Any]] | None,
    above: tuple[str, list[Any]] | None,
    *,
    now: dt.datetime,
    using: str,
) -> tuple[int, int]:
    """rollup.rebuild_commune_grain() in three statements: `communes` and `above` are SQL selecting the
    commune ids and the ids of places above the communes to rebuild (both None: every one). Returns
    the rows deleted and written; the caller changes the roll-ups' version."""
    conn = connections[using]
    ops = conn.ops
    start, end = ops.adapt_datefield_value(period.start), ops.adapt_datefield_value(period.end)
    marks = ", ".join(["%s"] * len(codes))
    of = f"indicator IN ({marks}) AND period_start = %s AND period_end = %s"
    some_communes = some_above = ""
    cp: list[Any] = []
    ap: list[Any] = []
    if communes is not None or above is not None:
        csql, cp = communes or ("SELECT CAST(NULL AS bigint) WHERE 1 = 0", [])
        asql, ap = above or ("SELECT CAST(NULL AS bigint) WHERE 1 = 0", [])
        some_communes, some_above = f" AND commune_id IN ({csql})", f" AND place_id IN ({asql})"
    where = [*codes, start, end]
    with conn.cursor() as c:
        old = f"commune_id IS NOT NULL{some_communes}"
        gone = f"({old}) OR (commune_id IS NULL{some_above})" if some_communes else "1 = 1"
        c.execute(
            f"DELETE FROM {IV} WHERE grain = %s AND {of} AND ({gone})",
            [COMMUNE_GRAIN, *where, *(cp + ap if some_communes else [])],
        )
        deleted = max(c.rowcount, 0)
        # A pending value (submitted, not approved) stays apart in the grain, so that the public
        # figures can leave it out (audience.approved_only()).
        c.execute(
            f"INSERT INTO {IV} ({COLUMNS}, pending) SELECT indicator, place_id, level, path, province_id, NULL, "
            f"period_type, period_start, period_end, breakdown, %s, value, refreshed_at, pending FROM {IV} "
            f"WHERE grain = %s AND {of} "
            f"AND commune_id IS NULL AND level < %s{some_above}",
            [COMMUNE_GRAIN, LEAF, *where, int(Level.COMMUNE), *ap],
        )
        copies = max(c.rowcount, 0)
        c.execute(
            f"INSERT INTO {IV} ({COLUMNS}, pending) SELECT l.indicator, l.commune_id, %s, COALESCE(cm.path, ''), "
            "l.province_id, l.commune_id, l.period_type, %s, %s, l.breakdown, %s, SUM(l.value), %s, l.pending "
            f"FROM {IV} l LEFT JOIN {PL} cm ON cm.id = l.commune_id WHERE l.grain = %s AND l.{of.replace(' AND ', ' AND l.')} "
            f"AND l.commune_id IS NOT NULL{some_communes.replace('commune_id', 'l.commune_id', 1)} "
            "GROUP BY l.indicator, l.commune_id, cm.path, l.province_id, l.breakdown, l.period_type, l.pending",
            [
                int(Level.COMMUNE),
                start,
                end,
                COMMUNE_GRAIN,
                ops.adapt_datetimefield_value(now),
                LEAF,
                *where,
                *cp,
            ],
        )
        written = copies + max(c.rowcount, 0)
    return deleted, written
