"""The staff dashboard of one commune over 1,000,000 cases on PostgreSQL, against the same aggregate
written by hand in raw SQL, in the same run.

    .venv/bin/python -m bench.cases_dashboard

A scratch database (`bench_cases_dash`) gets 200 communes and 1,000,000 cases spread over them and
over 14 months, bulk-generated with generate_series (mixed types and states, ~8% overdue). Measured:
the dashboard page (/cases/office/dashboard/, signed in as the commune officer, through Django's test
client: middleware, permission checks, the aggregate queries, the template) p50/p95 over rounds,
against one hand-written SQL statement computing the same counts and the monthly on-time series.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB = "bench_cases_dash"
CASES = int(os.environ.get("BENCH_CASES", "1000000"))
COMMUNES = 200
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))

GENERATE = """
INSERT INTO cases_case (tracking_code, case_type, channel, state, place_id, unit_id, title, description,
    contested_decision, denounced, address, submitter_name, submitter_phone, submitter_email, anonymous,
    remote_area, complexity, rule_key, received_at, acceptance_due, accepted_at, resolution_due, resolved_at,
    resolved_on_time, response, response_public, refusal_reason, satisfaction_comment, open311_token, updated_at)
SELECT 'B-' || g,
       (ARRAY['feedback','feedback','feedback','petition','complaint','complaint_second','denunciation'])[1 + g % 7],
       (ARRAY['web','walk_in','phone','mail','open311'])[1 + g % 5],
       st.state, u.id, u.id, 'Phản ánh số ' || g, 'Nội dung phản ánh ' || g, '', '', '', '', '', '', true,
       false, 'normal', 'feedback-2013', r.received,
       (r.received + interval '10 days')::date,
       CASE WHEN st.state <> 'received' THEN r.received + interval '2 days' END,
       CASE WHEN st.state <> 'received' THEN (r.received + interval '32 days')::date END,
       CASE WHEN st.state IN ('resolved','closed') THEN r.received + ((g % 40) || ' days')::interval END,
       CASE WHEN st.state IN ('resolved','closed') THEN (g % 40) <= 32 END,
       '', false, '', '', gen_random_uuid(), now()
FROM generate_series(1, __N__) AS g
CROSS JOIN (SELECT array_agg(id ORDER BY id) AS ids FROM places_place WHERE level = 3) units
CROSS JOIN LATERAL (SELECT units.ids[1 + g % __COMMUNES__] AS id) u
CROSS JOIN LATERAL (SELECT now() - ((g % 425) || ' days')::interval AS received) r
CROSS JOIN LATERAL (SELECT CASE
    WHEN g % 425 < 20 THEN (ARRAY['received','accepted','in_progress','drafted'])[1 + g % 4]
    WHEN g % 425 < 60 AND g % 3 = 0 THEN 'in_progress'
    ELSE (ARRAY['resolved','closed','closed','closed','refused'])[1 + g % 5] END AS state) st
"""

RAW = """
WITH c AS (SELECT * FROM cases_case WHERE unit_id = %(unit)s)
SELECT
  (SELECT count(*) FROM c WHERE state IN ('received','accepted','in_progress','paused','drafted')),
  (SELECT count(*) FROM c WHERE (state = 'received' AND acceptance_due < %(today)s)
      OR (state IN ('accepted','in_progress','drafted') AND resolution_due < %(today)s)),
  (SELECT count(*) FROM c WHERE (state = 'received' AND acceptance_due BETWEEN %(today)s AND %(soon)s)
      OR (state IN ('accepted','in_progress','drafted') AND resolution_due BETWEEN %(today)s AND %(soon)s)),
  (SELECT json_agg(m) FROM (SELECT date_trunc('month', resolved_at AT TIME ZONE 'Asia/Ho_Chi_Minh') AS month,
      count(*) AS resolved, count(*) FILTER (WHERE resolved_on_time) AS on_time
      FROM c WHERE resolved_at >= %(start)s GROUP BY 1 ORDER BY 1) m)
"""


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(BASE + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _pct(values: list[float]) -> tuple[float, float]:
    s = sorted(values)
    return statistics.median(s) * 1000, s[max(0, int(round(0.95 * len(s))) - 1)] * 1000


def run() -> int:
    import django

    django.setup()
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from bench.runner import record
    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role
    from danchu.cases import deadlines
    from danchu.core.calendar import today as vn_today
    from danchu.places.models import Place
    from danchu.places.tests import factories as pf

    call_command("migrate", verbosity=0)
    call_command("createcachetable")
    province = pf.province(code="66", name="Tỉnh Bench")
    for i in range(COMMUNES):
        pf.commune(province, code=f"B{i:05d}", name=f"Xã Bench {i}")
    t = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(GENERATE.replace("__N__", str(CASES)).replace("__COMMUNES__", str(COMMUNES)))
        cur.execute("ANALYZE cases_case")
        cur.execute("SELECT count(*) FROM cases_case")
        total = cur.fetchone()[0]
    fill = time.perf_counter() - t
    unit = Place.objects.filter(level=3).order_by("id")[0]
    officer = person_with_role(Role.COMMUNE_OFFICER, unit, full_name="Cán bộ bench")
    client = Client()
    client.force_login(officer)
    url = f"/cases/office/dashboard/?unit={unit.code}"
    assert client.get(url).status_code == 200
    page = []
    for _ in range(ROUNDS):
        t = time.perf_counter()
        r = client.get(url)
        page.append(time.perf_counter() - t)
        assert r.status_code == 200
    today = vn_today()
    params = {
        "unit": unit.pk,
        "today": today,
        "soon": deadlines.due_soon_horizon(today),
        "start": (today.replace(day=1) - dt.timedelta(days=31 * 11)).replace(day=1),
    }
    raw = []
    with connection.cursor() as cur:
        for _ in range(ROUNDS):
            t = time.perf_counter()
            cur.execute(RAW, params)
            cur.fetchall()
            raw.append(time.perf_counter() - t)
    p50, p95 = _pct(page)
    r50, r95 = _pct(raw)
    per_unit = total // COMMUNES
    record(
        "cases_dashboard_page_vs_raw_sql (PostgreSQL)",
        f"dashboard page p95 {p95:.0f} ms (p50 {p50:.0f})",
        f"raw SQL aggregate p95 {r95:.0f} ms (p50 {r50:.0f})",
        p95 / r95 if r95 else 0.0,
        f"{total:,} cases in {COMMUNES} communes (~{per_unit:,} in the unit), generated in {fill:.0f} s; "
        f"{ROUNDS} rounds",
    )
    return 0


def main() -> int:
    if os.environ.get("BENCH_CHILD"):
        return run()
    _admin(f"DROP DATABASE IF EXISTS {DB}")
    _admin(f"CREATE DATABASE {DB}")
    env = dict(
        os.environ,
        BENCH_CHILD="1",
        DATABASE_URL=f"{BASE}/{DB}",
        DJANGO_SETTINGS_MODULE="danchu.settings",
        HUEY_IMMEDIATE="1",
        LOG_LEVEL="WARNING",
        DEBUG="1",
    )
    env.pop("REDIS_URL", None)
    try:
        return subprocess.run(
            [sys.executable, "-m", "bench.cases_dashboard"], cwd=ROOT, env=env, timeout=7200
        ).returncode
    finally:
        _admin(f"DROP DATABASE IF EXISTS {DB}")


if __name__ == "__main__":
    sys.exit(main())
