"""Reporting at national scale on PostgreSQL: 34 provinces, 3,321 communes, ~100,000 villages and five
years of values, generated with generate_series in a scratch database (`bench_reporting` on
BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432).

    .venv/bin/python -m bench.reporting_dashboard

Data: a village-level monthly indicator (meetings held, ~6 million roll-up rows), a commune-level
monthly indicator computed from ~3 million synthetic case records (with a channel breakdown),
quarterly reported one-stop figures and a count-of-units element for every commune.

Measured and recorded (ratios; absolute times in the details):
1. the province dashboard page (every indicator's key figure and last year's, trend, breakdown,
   communes table, map points, form completeness) p95 — against the same aggregates run directly
   in SQL on the roll-up table, and against the communes-table aggregate computed from the raw
   records without roll-ups; in the details also the page with its reads' SQL compiled anew (the
   first view of a place and period in a worker: core.sqlmemo emptied before each), the first view
   after a write to the roll-ups, and the first after a write to another province's (still kept);
2. the public figures of the whole country (no province chosen: every province's commune-grain
   rows, through migration 0011's index) p95 — against its statements in direct SQL;
3. drafting a province's annual report — against the 5 s budget of the issue;
4. refreshing the roll-ups after a day of new records (set-based, rollup.refresh_computed ->
   setwise.refresh_month) — against the raw SQL aggregate of that month, which it must read; the
   aggregate of the day's records alone and a second refresh with nothing new are in the details.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PG_DB = "bench_reporting"
PROVINCES, COMMUNES, VILLAGES_PER_COMMUNE, YEARS = 34, 3321, 30, 5
RECORDS_PER_COMMUNE_MONTH = int(os.environ.get("BENCH_RECORDS_PER_MONTH", "15"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "20"))
DAY_OF_RECORDS = 20_000


def _pct(values: list[float]) -> tuple[float, float]:
    s = sorted(values)
    return statistics.median(s) * 1000, s[max(0, int(round(0.95 * len(s))) - 1)] * 1000


def _register_bench_indicators() -> None:
    from danchu.reporting.registry import INDICATORS, RawGrouped, Section, register_computed

    def cases(*, start: Any, end: Any) -> RawGrouped:
        # The raw SQL form of grouped(): the refresh runs it inside the database (setwise.py).
        return RawGrouped(
            "SELECT place_id, channel, count(*) FROM bench_records WHERE day BETWEEN %s AND %s "
            "GROUP BY place_id, channel",
            [start, end],
            dims=("channel",),
        )

    if "bench.cases" not in INDICATORS:
        register_computed(
            code="bench.cases",
            section=Section.DAN_GIAM_SAT,
            name="Đơn thư tiếp nhận (bench)",
            compute=cases,
            breakdowns=("channel",),
            public=True,
            order=1,
        )
        register_computed(
            code="bench.meetings",
            section=Section.DAN_BAN,
            name="Cuộc họp thôn (bench)",
            compute=lambda **k: [],
            public=True,
            order=2,
        )


def _commune_grain(cur: Any) -> None:
    """Each commune's subtree summed, as rollup.rebuild_commune_grain() keeps it."""
    cur.execute("DELETE FROM reporting_indicatorvalue WHERE grain = 'commune'")
    cur.execute("""INSERT INTO reporting_indicatorvalue (indicator, place_id, level, path, province_id, commune_id,
            period_type, period_start, period_end, breakdown, grain, value, refreshed_at)
        SELECT iv.indicator, iv.commune_id, 3, c.path, iv.province_id, iv.commune_id, iv.period_type, iv.period_start,
               iv.period_end, iv.breakdown, 'commune', sum(iv.value), now()
        FROM reporting_indicatorvalue iv JOIN places_place c ON c.id = iv.commune_id
        WHERE iv.grain = 'leaf'
        GROUP BY iv.indicator, iv.commune_id, c.path, iv.province_id, iv.period_type, iv.period_start, iv.period_end,
                 iv.breakdown""")


INDEXES = ("reporting_iv_province", "reporting_iv_commune", "reporting_iv_period")


def _migrated_indexes() -> dict[str, str]:
    """CREATE INDEX statements of the roll-up table's lookup indexes as the migrations leave them in
    this database (on PostgreSQL 0003's covering ones, with the grain): the fill drops them to load
    faster and must put back exactly these, or the bench measures another schema."""
    from django.db import connection
    from django.db.migrations import AddIndex, CreateModel, RemoveIndex, SeparateDatabaseAndState
    from django.db.migrations.loader import MigrationLoader

    from danchu.reporting.models import IndicatorValue

    loader = MigrationLoader(connection, ignore_no_migrations=True)
    found: dict[str, Any] = {}
    for app, name in loader.graph.forwards_plan(loader.graph.leaf_nodes("reporting")[0]):
        if app != "reporting":
            continue
        ops = list(loader.graph.nodes[(app, name)].operations)
        for op in ops:  # a state-only migration changes nothing in the database
            ops.extend(op.database_operations if isinstance(op, SeparateDatabaseAndState) else [])
        for op in ops:
            added = op.options.get("indexes", []) if isinstance(op, CreateModel) else []
            for index in [op.index] if isinstance(op, AddIndex) else added:
                if index.name in INDEXES:
                    found[index.name] = index
            if isinstance(op, RemoveIndex):
                found.pop(op.name, None)
    with connection.schema_editor(collect_sql=True) as editor:
        return {name: str(found[name].create_sql(IndicatorValue, editor)) for name in INDEXES}


def _indexes_as_migrated(cur: Any) -> bool:
    """The bench database's lookup indexes are the ones the migrations make (an earlier version of
    this bench recreated them without the grain and the INCLUDE columns)."""
    cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = ANY(%s)", [list(INDEXES)])
    have = {
        name: " ".join(d.replace("public.", "").replace("USING btree ", "").split())
        for name, d in cur.fetchall()
    }
    want = {name: " ".join(sql.replace('"', "").split()) for name, sql in _migrated_indexes().items()}
    return have == want


def _generate(cur: Any, first_year: int) -> float:
    t = time.perf_counter()
    cur.execute(
        "TRUNCATE reporting_indicatorvalue, reporting_refreshrun, reporting_draftsentence, reporting_draftsection, "
        "reporting_draftreport CASCADE"
    )
    cur.execute("DROP TABLE IF EXISTS bench_records")
    cur.execute("DELETE FROM places_place WHERE code LIKE 'B%%' OR code = 'VN'")
    now = "now()"
    cur.execute(f"""INSERT INTO places_place (code, name, name_folded, kind, level, path, codename, official_code, created_at, updated_at,
                    latitude, longitude)
                    VALUES ('VN', 'Việt Nam', 'viet nam', 'country', 0, '/VN/', '', '', {now}, {now}, 16.0, 106.0)""")
    cur.execute(f"""INSERT INTO places_place (code, name, name_folded, kind, level, parent_id, path, codename, official_code, created_at, updated_at)
        SELECT 'BP' || lpad(p::text, 2, '0'), 'Tỉnh Thử ' || p, 'tinh thu ' || p, 'province', 1,
               (SELECT id FROM places_place WHERE code = 'VN'), '/VN/BP' || lpad(p::text, 2, '0') || '/', '', '', {now}, {now}
        FROM generate_series(1, {PROVINCES}) p""")
    cur.execute(f"""INSERT INTO places_place (code, name, name_folded, kind, level, parent_id, path, codename, official_code, created_at, updated_at)
        SELECT 'BC' || lpad(c::text, 5, '0'), 'Xã Thử ' || c, 'xa thu ' || c,
               CASE WHEN c % 7 = 0 THEN 'ward' ELSE 'commune' END, 3, pr.id,
               pr.path || 'BC' || lpad(c::text, 5, '0') || '/', '', '', {now}, {now}
        FROM generate_series(1, {COMMUNES}) c
        JOIN places_place pr ON pr.code = 'BP' || lpad((1 + (c - 1) % {PROVINCES})::text, 2, '0')""")
    cur.execute(f"""INSERT INTO places_place (code, name, name_folded, kind, level, parent_id, path, codename, official_code, created_at, updated_at)
        SELECT cm.code || '-' || lpad(v::text, 3, '0'), 'Thôn ' || v, 'thon ' || v, 'village', 4, cm.id,
               cm.path || cm.code || '-' || lpad(v::text, 3, '0') || '/', '', '', {now}, {now}
        FROM places_place cm CROSS JOIN generate_series(1, {VILLAGES_PER_COMMUNE}) v
        WHERE cm.level = 3 AND cm.code LIKE 'BC%%'""")
    months = YEARS * 12
    cur.execute(f"DROP INDEX IF EXISTS {', '.join(INDEXES)}")
    # Village-level monthly values (meetings held): ~6 million rows.
    cur.execute(f"""INSERT INTO reporting_indicatorvalue (indicator, place_id, level, path, province_id, commune_id,
            period_type, period_start, period_end, breakdown, value, refreshed_at)
        SELECT 'bench.meetings', v.id, 4, v.path, cm.parent_id, cm.id, 'month', m.start,
               (m.start + interval '1 month - 1 day')::date, '', 1 + (v.id + extract(month from m.start)::int) % 3, now()
        FROM places_place v JOIN places_place cm ON cm.id = v.parent_id
        CROSS JOIN (SELECT (make_date({first_year}, 1, 1) + (i || ' month')::interval)::date AS start
                    FROM generate_series(0, {months - 1}) i) m
        WHERE v.level = 4 AND v.code LIKE 'BC%%'""")
    # Raw case records (~3 million), then their monthly roll-up by commune and channel.
    cur.execute(
        "CREATE TABLE bench_records (id bigserial PRIMARY KEY, place_id bigint NOT NULL, day date NOT NULL, "
        "channel text NOT NULL)"
    )
    cur.execute(f"""INSERT INTO bench_records (place_id, day, channel)
        SELECT cm.id, make_date({first_year}, 1, 1) + ((r * 7919 + cm.id * 31) % ({YEARS} * 365))::int,
               (ARRAY['web','hotline','in_person'])[1 + (r + cm.id) % 3]
        FROM places_place cm CROSS JOIN generate_series(1, {RECORDS_PER_COMMUNE_MONTH * months}) r
        WHERE cm.level = 3 AND cm.code LIKE 'BC%%'""")
    cur.execute("CREATE INDEX bench_records_day ON bench_records (day)")
    for key, expr in (("''", None), ("'channel=' || r.channel", "r.channel")):
        group = ", r.channel" if expr else ""
        cur.execute(f"""INSERT INTO reporting_indicatorvalue (indicator, place_id, level, path, province_id, commune_id,
                period_type, period_start, period_end, breakdown, value, refreshed_at)
            SELECT 'bench.cases', cm.id, 3, cm.path, cm.parent_id, cm.id, 'month', date_trunc('month', r.day)::date,
                   (date_trunc('month', r.day) + interval '1 month - 1 day')::date, {key}, count(*), now()
            FROM bench_records r JOIN places_place cm ON cm.id = r.place_id
            GROUP BY cm.id, cm.path, cm.parent_id, date_trunc('month', r.day){group}""")
    # Quarterly typed one-stop figures (adminreform's typed computed codes) and a count of units, per commune.
    for code, expr in (
        ("adminreform.received", "800 + cm.id % 400"),
        ("adminreform.resolved", "790 + cm.id % 400"),
        ("adminreform.communes_online", "CASE WHEN cm.id % 10 = 0 THEN 0 ELSE 1 END"),
    ):
        cur.execute(f"""INSERT INTO reporting_indicatorvalue (indicator, place_id, level, path, province_id, commune_id,
                period_type, period_start, period_end, breakdown, value, refreshed_at)
            SELECT '{code}', cm.id, 3, cm.path, cm.parent_id, cm.id, 'quarter', q.start,
                   (q.start + interval '3 month - 1 day')::date, '', {expr}, now()
            FROM places_place cm CROSS JOIN (SELECT (make_date({first_year}, 1, 1) + (i * 3 || ' month')::interval)::date
                                             AS start FROM generate_series(0, {YEARS * 4 - 1}) i) q
            WHERE cm.level = 3 AND cm.code LIKE 'BC%%'""")
    _commune_grain(cur)
    for sql in _migrated_indexes().values():
        cur.execute(sql)
    cur.execute("VACUUM (ANALYZE) reporting_indicatorvalue")
    cur.execute("ANALYZE")
    return time.perf_counter() - t


def _rollup_statements(client: Any, url: str) -> tuple[list[str], int]:
    """Every statement `url` runs on the roll-up table, as its SQL text (the page's own aggregates,
    the baseline it is compared with), and the number of queries the page makes in all."""
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext

    # With the reads kept (ROLLUP_READS_SECONDS) a page opened before would run none of them.
    with CaptureQueriesContext(connection) as captured, override_settings(ROLLUP_READS_SECONDS=0):
        assert client.get(url).status_code == 200
    sqls = [q["sql"] for q in captured.captured_queries if "reporting_indicatorvalue" in q["sql"]]
    return sqls, len(captured.captured_queries)


def _run_sql(sqls: list[str]) -> None:
    from django.db import connection

    with connection.cursor() as c:
        for sql in sqls:
            c.execute(sql)  # no parameters: the text is run as it is
            c.fetchall()


def run() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.utils import timezone

    from bench.runner import record
    from danchu.accounts.models import User
    from danchu.places.models import Place
    from danchu.reporting import rollup, services
    from danchu.reporting.periods import Period

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    _register_bench_indicators()
    year = timezone.localdate().year
    first_year = year - YEARS + 1
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM reporting_indicatorvalue")
        rows = cur.fetchone()[0]
        fill = 0.0
        cur.execute(
            "SELECT to_regclass('bench_records') IS NOT NULL AND to_regclass('reporting_iv_period') IS NOT NULL"
        )
        complete = cur.fetchone()[0]
        if (
            rows < 5_000_000
            or not complete
            or not _indexes_as_migrated(cur)
            or os.environ.get("BENCH_REGENERATE")
        ):
            fill = _generate(cur, first_year)
        cur.execute("SELECT count(*) FROM reporting_indicatorvalue")
        rows = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM bench_records")
        records = cur.fetchone()[0]
        cur.execute("SELECT EXISTS (SELECT 1 FROM reporting_indicatorvalue WHERE grain = 'commune')")
        if not cur.fetchone()[0]:
            t = time.perf_counter()
            _commune_grain(cur)
            fill += time.perf_counter() - t
        # As autovacuum would: the visibility map lets the covering indexes answer without the heap.
        cur.execute("VACUUM (ANALYZE) reporting_indicatorvalue")
        cur.execute("SELECT count(*) FROM places_place WHERE level = 4")
        villages = cur.fetchone()[0]

    admin = User.objects.filter(email="bench@example.vn").first() or User.objects.create_superuser(
        email="bench@example.vn", password="bench-password-2026", full_name="Bench"
    )
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    if not Authenticator.objects.filter(user=admin, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(admin, generate_totp_secret())
    client = Client()
    client.force_login(admin)
    province = Place.objects.get(code="BP07")
    period = Period.year(year - 1)
    url = f"/reporting/place/{province.code}/?period={period.code}&indicator=bench.meetings"
    direct_sql = """
        SELECT indicator, sum(value) FROM reporting_indicatorvalue
        WHERE indicator = ANY(%s) AND grain = 'commune' AND province_id = %s AND period_start >= %s AND period_end <= %s
          AND breakdown = ''
        GROUP BY indicator"""
    children_sql = """SELECT commune_id, sum(value) FROM reporting_indicatorvalue WHERE indicator = 'bench.meetings'
        AND grain = 'commune' AND province_id = %s AND period_start >= %s AND period_end <= %s AND breakdown = ''
        GROUP BY commune_id"""
    trend_sql = """SELECT period_start, sum(value) FROM reporting_indicatorvalue WHERE indicator = 'bench.meetings'
        AND grain = 'commune' AND province_id = %s AND period_start >= %s AND period_end <= %s AND breakdown = ''
        GROUP BY period_start"""
    raw_sql = """SELECT r.place_id, count(*) FROM bench_records r JOIN places_place p ON p.id = r.place_id
        WHERE p.parent_id = %s AND r.day BETWEEN %s AND %s GROUP BY r.place_id"""
    codes = ["bench.meetings", "bench.cases", "adminreform.received", "adminreform.resolved"]
    last = period.same_period_last_year()

    def sample() -> None:
        with connection.cursor() as c:
            for p in (period, last):
                c.execute(direct_sql, [codes, province.pk, p.start, p.end])
                c.fetchall()
            c.execute(children_sql, [province.pk, period.start, period.end])
            c.fetchall()
            for p in (period, last):
                c.execute(trend_sql, [province.pk, p.start, p.end])
                c.fetchall()

    # The same aggregates in raw SQL: every statement the page runs on the roll-up table (key figures
    # of every indicator this year and last, counts of units, the communes table, the trends), as
    # its SQL text, straight on the connection.
    page_sql, page_queries = _rollup_statements(client, url)

    def direct() -> None:
        _run_sql(page_sql)

    def raw() -> None:
        with connection.cursor() as c:
            c.execute(raw_sql, [province.pk, period.start, period.end])
            c.fetchall()

    for _ in range(3):
        r = client.get(url)
        assert r.status_code == 200, r.status_code
        direct()
        sample()
        raw()
    from danchu.core import sqlmemo
    from danchu.reporting.models import RollupVersion

    def cold_page() -> None:
        # The first view of this place and period in a worker: every read's SQL compiled anew.
        sqlmemo.clear()
        client.get(url)

    def after_a_write() -> None:
        # The first view after a write to the roll-ups (a refresh): the reads run again.
        client.get(url)

    def after_a_write_elsewhere() -> None:
        # The first view after a write to another province's roll-ups (a commune there submitted).
        client.get(url)

    elsewhere = Place.objects.filter(level=province.level).exclude(pk=province.pk).order_by("code").first()
    page_t: list[float] = []
    cold_t: list[float] = []
    fresh_t: list[float] = []
    other_t: list[float] = []
    direct_t: list[float] = []
    sample_t: list[float] = []
    raw_t: list[float] = []
    for _ in range(ROUNDS):
        for runs, fn in (
            (page_t, lambda: client.get(url)),
            (direct_t, direct),
            (cold_t, cold_page),
            (fresh_t, after_a_write),
            (other_t, after_a_write_elsewhere),
            (sample_t, sample),
            (raw_t, raw),
        ):
            if fn is after_a_write:
                RollupVersion.bump()  # outside the timing: what a refresh's transaction does
            if fn is after_a_write_elsewhere:
                RollupVersion.bump(provinces=[elsewhere.pk])  # what a submission there does
            t = time.perf_counter()
            fn()
            runs.append(time.perf_counter() - t)
    p50, p95 = _pct(page_t)
    c50, c95 = _pct(cold_t)
    f50, f95 = _pct(fresh_t)
    o50, o95 = _pct(other_t)
    d50, d95 = _pct(direct_t)
    s50, s95 = _pct(sample_t)
    r50, r95 = _pct(raw_t)
    scale = (
        f"{PROVINCES} provinces, {COMMUNES:,} communes, {villages:,} villages, {YEARS} years; "
        f"{rows:,} roll-up rows, {records:,} raw records; fill {fill:.0f} s"
    )
    record(
        "reporting_dashboard (PostgreSQL)",
        f"province dashboard page p95 {p95:.0f} ms (p50 {p50:.0f})",
        f"the page's {len(page_sql)} statements on the roll-ups in direct SQL p95 {d95:.1f} ms",
        p95 / d95 if d95 else 0.0,
        f"{ROUNDS} rounds, DEBUG=0; the page opened again before the next write to the roll-ups (its "
        f"reads kept under their version, ROLLUP_READS_SECONDS={settings.ROLLUP_READS_SECONDS}); "
        f"the first view after a write (the reads run again) p95 {f95:.0f} ms (p50 {f50:.0f}, "
        f"{f95 / d95 if d95 else 0:.2f}×); {page_queries} queries in all on that view; the first view after a "
        f"write to another province (its reads stay kept) p95 {o95:.0f} ms (p50 {o50:.0f}, "
        f"{o95 / d95 if d95 else 0:.2f}×); its reads' SQL compiled "
        f"anew too (core.sqlmemo emptied, a worker's first view of this place and period) p95 {c95:.0f} ms "
        f"(p50 {c50:.0f}, {c95 / d95 if d95 else 0:.2f}×); "
        f"4 indicators' figures, communes and trends by hand in SQL p95 {s95:.1f} ms; {scale}; budget 300 ms",
    )
    record(
        "reporting_dashboard vs raw records (PostgreSQL)",
        f"province dashboard page p95 {p95:.0f} ms",
        f"communes table from raw records without roll-ups p95 {r95:.0f} ms",
        p95 / r95 if r95 else 0.0,
        scale,
    )

    # The country's figures as the public reads them (no province chosen): every province's
    # commune-grain rows, through their own index (migration 0011); the page against its statements.
    anonymous = Client()
    c_url = f"/reporting/?period={period.code}"
    country_t: list[float] = []
    country_direct_t: list[float] = []
    # Measure Django and its reads, not the page cache nor the reads kept between writes.
    with override_settings(PAGE_CACHE_SECONDS=0, ROLLUP_READS_SECONDS=0):
        country_sql, _n = _rollup_statements(anonymous, c_url)
        for _ in range(ROUNDS):
            t = time.perf_counter()
            assert anonymous.get(c_url).status_code == 200
            country_t.append(time.perf_counter() - t)
            t = time.perf_counter()
            _run_sql(country_sql)
            country_direct_t.append(time.perf_counter() - t)
    cp50, cp95 = _pct(country_t)
    cd50, cd95 = _pct(country_direct_t)
    record(
        "reporting_public_country (PostgreSQL)",
        f"public figures of the country page p95 {cp95:.0f} ms (p50 {cp50:.0f})",
        f"the page's {len(country_sql)} statements on the roll-ups in direct SQL p95 {cd95:.1f} ms",
        cp95 / cd95 if cd95 else 0.0,
        f"{ROUNDS} rounds, DEBUG=0, anonymous, without the application's page cache, the reads run "
        f"every time (ROLLUP_READS_SECONDS=0); {scale}",
    )

    t = time.perf_counter()
    report = services.report_draft(actor=admin, place=province, period=period, committee=None)
    draft_s = time.perf_counter() - t
    record(
        "reporting_draft_annual_report (PostgreSQL)",
        f"draft province annual report {draft_s:.2f} s",
        "budget 5 s",
        draft_s / 5.0,
        f"{report.sections.count()} sections; {scale}",
    )

    today = timezone.localdate()
    with connection.cursor() as c:
        c.execute(
            f"""INSERT INTO bench_records (place_id, day, channel)
            SELECT ids[1 + g %% array_length(ids, 1)], %s, 'web'
            FROM (SELECT array_agg(id ORDER BY id) AS ids FROM places_place WHERE level = 3 AND code LIKE 'BC%%') a
            CROSS JOIN generate_series(1, {DAY_OF_RECORDS}) g""",
            [today],
        )
    month = Period.month(today.year, today.month)
    month_sql = (
        "SELECT place_id, channel, count(*) FROM bench_records WHERE day BETWEEN %s AND %s GROUP BY 1, 2"
    )
    day_sql = "SELECT place_id, channel, count(*) FROM bench_records WHERE day = %s GROUP BY 1, 2"

    def aggregate(sql: str, params: list[Any]) -> float:
        t = time.perf_counter()
        with connection.cursor() as c:
            c.execute(sql, params)
            c.fetchall()
        return time.perf_counter() - t

    aggregate(month_sql, [month.start, month.end])  # the refresh reads the same pages: both warm
    t = time.perf_counter()
    run_ = rollup.refresh(period=month, codes=["bench.cases"], scope="bench")
    refresh_s = time.perf_counter() - t
    t = time.perf_counter()
    again = rollup.refresh(period=month, codes=["bench.cases"], scope="bench")
    again_s = time.perf_counter() - t
    # The set-based refresh aggregates the whole month (no watermark of the records) and writes only
    # the cells that changed: its baseline is the raw aggregate of the month; the aggregate of the
    # day's records alone is printed beside it.
    base_s = statistics.median(aggregate(month_sql, [month.start, month.end]) for _ in range(3))
    day_s = statistics.median(aggregate(day_sql, [today]) for _ in range(3))
    record(
        "reporting_refresh_after_a_day (PostgreSQL)",
        f"refresh this month's roll-up {refresh_s:.2f} s ({run_.rows:,} rows written)",
        f"raw SQL aggregate of the month {base_s * 1000:.0f} ms",
        refresh_s / base_s if base_s else 0.0,
        f"{DAY_OF_RECORDS:,} new records today; set-based, writes only changed cells; "
        f"raw aggregate of today's records {day_s * 1000:.0f} ms (ratio {refresh_s / day_s:.1f}); "
        f"refresh again with nothing new {again_s:.2f} s ({again.rows} rows); {scale}",
    )
    return 0


def _pg_url() -> str:
    base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    import psycopg

    with psycopg.connect(base + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone():
            conn.execute(f"CREATE DATABASE {PG_DB}")
    return f"{base}/{PG_DB}"


def main() -> int:
    if os.environ.get("BENCH_CHILD"):
        return run()
    import tempfile

    from bench.runner import production_env

    with tempfile.TemporaryDirectory(prefix="danchu-bench-") as tmp:
        # As in production: DEBUG off (compiled templates, no query log), static files collected.
        env = production_env(
            _pg_url(), Path(tmp), BENCH_CHILD="1", HUEY_IMMEDIATE="1", ALLOWED_HOSTS="testserver"
        )
        return subprocess.run(
            [sys.executable, "-m", "bench.reporting_dashboard"], cwd=ROOT, env=env, timeout=7200
        ).returncode


if __name__ == "__main__":
    sys.exit(main())
