"""Case intake through the API on PostgreSQL, against raw single-row INSERTs measured by pgbench and
against a bare Django view doing the same single INSERT — all in the same run, same server.

    .venv/bin/python -m bench.cases_intake

1. pgbench (`-n -c 1 -T 10`, a custom script with one INSERT) on a scratch database it creates and
   drops: transactions per second of one client.
2. danchu under gunicorn (1 sync worker) on 127.0.0.1 against a scratch database (`bench_cases`):
   one client POSTs anonymous feedback to /api/v1/cases/ for 10 s over a kept-alive connection
   (the full intake, with the Redis cache of production: rate limit, routing, deadline on the working-day calendar, tracking code, event, audit
   entry, notification attempt).
3. The same client POSTs to a bare Django view doing one INSERT, for 10 s.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB, PGBENCH_DB = "bench_cases", "bench_cases_pgbench"
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
PGBENCH = "/usr/bin/pgbench"


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(BASE + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


def _pgbench_tps() -> float:
    _admin(f"DROP DATABASE IF EXISTS {PGBENCH_DB}")
    _admin(f"CREATE DATABASE {PGBENCH_DB}")
    try:
        import psycopg

        with psycopg.connect(f"{BASE}/{PGBENCH_DB}", autocommit=True) as conn:
            conn.execute(
                "CREATE TABLE bench_insert (id bigserial PRIMARY KEY, tracking_code text UNIQUE, "
                "title text, description text, created_at timestamptz DEFAULT now())"
            )
        with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
            f.write(
                "INSERT INTO bench_insert (tracking_code, title, description) "
                "VALUES (md5(random()::text), 'Đèn đường hỏng', 'Ba bóng đèn trước chợ không sáng.');\n"
            )
            script = f.name
        u = urllib.parse.urlparse(BASE)
        out = subprocess.run(
            [
                PGBENCH,
                "-n",
                "-c",
                "1",
                "-T",
                str(SECONDS),
                "-f",
                script,
                "-h",
                u.hostname or "127.0.0.1",
                "-p",
                str(u.port or 5432),
                "-U",
                u.username or "postgres",
                PGBENCH_DB,
            ],
            capture_output=True,
            text=True,
            timeout=SECONDS + 60,
            check=True,
        ).stdout
        os.unlink(script)
        return float(re.search(r"tps = ([\d.]+)", out).group(1))  # type: ignore[union-attr]
    finally:
        _admin(f"DROP DATABASE IF EXISTS {PGBENCH_DB}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env() -> dict[str, str]:
    env = dict(
        os.environ,
        DATABASE_URL=f"{BASE}/{DB}",
        DJANGO_SETTINGS_MODULE="bench.cases_settings",
        HUEY_IMMEDIATE="1",
        LOG_LEVEL="WARNING",
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        FIELD_ENCRYPTION_KEY="ZGFuY2h1LWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE=",
        SECURE_SSL_REDIRECT="0",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
    )
    # The production cache: Redis (a scratch database index so other benches are not disturbed).
    env["REDIS_URL"] = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13")
    return env


def _prepare() -> str:
    """Migrate the scratch database and create a province, a commune and a village; returns the village code."""
    _admin(f"DROP DATABASE IF EXISTS {DB}")
    _admin(f"CREATE DATABASE {DB}")
    code = (
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from django.db import connection\n"
        "from danchu.places.tests import factories as pf\n"
        "p = pf.province(code='66', name='Tỉnh Đắk Lắk'); c = pf.commune(p, code='24181', name='Xã Krông Pắc')\n"
        "v = pf.village(c, code='24181-001', name='Thôn 1')\n"
        "cur = connection.cursor(); cur.execute('CREATE TABLE bench_bare (id bigserial PRIMARY KEY, "
        "tracking_code text UNIQUE, title text, description text, created_at timestamptz DEFAULT now())')\n"
        "print(v.code)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return out.stdout.strip().splitlines()[-1]


def _post_loop(port: int, path: str, body: bytes, content_type: str) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    done, errors = 0, 0
    started = time.perf_counter()
    deadline = started + SECONDS
    while time.perf_counter() < deadline:
        conn.request("POST", path, body=body, headers={"Content-Type": content_type, "Host": "127.0.0.1"})
        r = conn.getresponse()
        r.read()
        if r.status == 201:
            done += 1
        else:
            errors += 1
            if errors > 20:
                raise RuntimeError(f"{path}: HTTP {r.status}")
    elapsed = time.perf_counter() - started
    conn.close()
    return done, elapsed


def main() -> int:
    from bench.runner import record

    os.environ["DATABASE_URL"] = f"{BASE}/{DB}"  # so the recorded machine line names PostgreSQL
    pgbench_tps = _pgbench_tps()
    village = _prepare()
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "danchu.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=_env(),
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.3)
        payload = json.dumps(
            {
                "place_code": village,
                "title": "Đèn đường hỏng",
                "anonymous": True,
                "description": "Ba bóng đèn trước chợ không sáng.",
            }
        ).encode()
        _post_loop(port, "/api/v1/cases/", payload, "application/json")  # warm-up is part of the first run
        api_n, api_s = _post_loop(port, "/api/v1/cases/", payload, "application/json")
        bare_body = urllib.parse.urlencode({"title": "Đèn đường hỏng", "description": "Ba bóng đèn"}).encode()
        bare_n, bare_s = _post_loop(
            port, "/bench/bare-insert/", bare_body, "application/x-www-form-urlencoded"
        )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        _admin(f"DROP DATABASE IF EXISTS {DB}")
    api_rate, bare_rate = api_n / api_s, bare_n / bare_s
    details = (
        f"1 client, {SECONDS} s each; gunicorn 1 sync worker; PostgreSQL on 127.0.0.1; "
        f"API {api_n} cases, bare view {bare_n} inserts"
    )
    record(
        "cases_intake_api_vs_pgbench (PostgreSQL)",
        f"API intake {api_rate:.1f} cases/s",
        f"pgbench single-row INSERT {pgbench_tps:.1f} tps",
        api_rate / pgbench_tps,
        details,
    )
    record(
        "cases_intake_api_vs_bare_view (PostgreSQL)",
        f"API intake {api_rate:.1f} cases/s",
        f"bare Django view INSERT {bare_rate:.1f} req/s",
        api_rate / bare_rate,
        details,
    )
    record(
        "cases_bare_view_vs_pgbench (PostgreSQL)",
        f"bare Django view INSERT {bare_rate:.1f} req/s",
        f"pgbench single-row INSERT {pgbench_tps:.1f} tps",
        bare_rate / pgbench_tps,
        details,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
