"""Case intake through the API on PostgreSQL against its floor, a bare Django view doing one INSERT,
under the same gunicorn (same workers) on the same PostgreSQL, at 1 and 8 clients, interleaved in the
same run (issue #17 item 3).

    .venv/bin/python -m bench.cases_intake      (BENCH_SECONDS=10, BENCH_WORKERS=4)

1. A scratch database (`bench_cases`) is migrated and given a province, commune and village.
2. Two gunicorns with BENCH_WORKERS sync workers each: danchu (bench/cases_settings.py: production
   settings, DEBUG off, Redis for the rate limiter and caches, rate limits lifted) and a bare Django
   project (bench/cases_bare_settings.py: no middleware, no apps, one view, one INSERT).
3. For 1 and then 8 client processes: the bare view, then danchu, each for BENCH_SECONDS; clients
   POST anonymous feedback to /api/v1/cases/ (the full intake: rate limit, routing, deadline,
   tracking code, event, audit entry sealed after commit) or the form to the bare view.
4. pgbench with 8 clients, one INSERT per transaction, for the database's own floor.
Prints and records (docs/benchmarks.md) the ratios, the 1→8 scaling of both, each worker's RSS after
warm-up, and the load average before and after.
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


def _pgbench_tps(clients: int = 1) -> float:
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
                str(clients),
                "-j",
                str(min(clients, 2)),
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
        FIELD_ENCRYPTION_KEY="YmVuY2gtdmF1bHQta2V5LW5vdC1hLXNlY3JldC0zMmI=",
        SECURE_SSL_REDIRECT="0",
        EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        AUDIT_SIGNING_KEY="YmVuY2gtYXVkaXQtc2lnbmluZy1rZXktMzItYnl0ZXM=",
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


def _post_loop(port: int, path: str, body: bytes, content_type: str, seconds: float) -> tuple[int, float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=180)
    done, errors = 0, 0
    started = time.perf_counter()
    deadline = started + seconds
    while time.perf_counter() < deadline:
        conn.request("POST", path, body=body, headers={"Content-Type": content_type, "Host": "127.0.0.1"})
        r = conn.getresponse()
        answer = r.read()
        if r.status == 201:
            done += 1
        else:
            errors += 1
            if errors > 20:
                raise RuntimeError(f"{path}: HTTP {r.status} {answer[:300]!r}")
    elapsed = time.perf_counter() - started
    conn.close()
    return done, elapsed


def _client(args: tuple[int, str, bytes, str, float]) -> tuple[int, float]:
    return _post_loop(*args)


def _rate(clients: int, port: int, path: str, body: bytes, content_type: str) -> float:
    """Requests per second of `clients` processes posting for SECONDS."""
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(clients) as pool:
        results = pool.map(_client, [(port, path, body, content_type, float(SECONDS))] * clients)
    return sum(done for done, _s in results) / max(s for _d, s in results)


def _serve(settings_module: str, workers: int) -> tuple[subprocess.Popen[bytes], int]:
    port = _free_port()
    env = _env() | {"DJANGO_SETTINGS_MODULE": settings_module}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "danchu.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(workers)]
        + ["--log-level", "warning", "--timeout", "180", "--graceful-timeout", "5"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    return server, port


def _worker_rss_mb(master: int) -> float:
    """The largest RSS (MB) among the gunicorn master's workers."""
    sizes = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master) and "VmRSS" in fields:
            sizes.append(int(fields["VmRSS"].split()[0]) / 1024)
    return max(sizes, default=0.0)


def _load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    from bench.runner import record

    os.environ["DATABASE_URL"] = f"{BASE}/{DB}"  # so the recorded machine line names PostgreSQL
    workers = int(os.environ.get("BENCH_WORKERS", "4"))
    load_before = _load()
    village = _prepare()
    danchu, danchu_port = _serve("bench.cases_settings", workers)
    bare, bare_port = _serve("bench.cases_bare_settings", workers)
    payload = json.dumps(
        {
            "place_code": village,
            "title": "Đèn đường hỏng",
            "anonymous": True,
            "description": "Ba bóng đèn trước chợ không sáng.",
        }
    ).encode()
    form = urllib.parse.urlencode({"title": "Đèn đường hỏng", "description": "Ba bóng đèn"}).encode()
    api = ("/api/v1/cases/", payload, "application/json")
    floor = ("/bench/bare-insert/", form, "application/x-www-form-urlencoded")
    rates: dict[tuple[str, int], float] = {}
    try:
        # Warm-up: every worker imports and connects before anything is timed.
        _rate(workers, danchu_port, *api)
        _rate(workers, bare_port, *floor)
        rss = (_worker_rss_mb(danchu.pid), _worker_rss_mb(bare.pid))
        for clients in (1, 8):
            rates[("bare", clients)] = _rate(clients, bare_port, *floor)
            rates[("danchu", clients)] = _rate(clients, danchu_port, *api)
    finally:
        for server in (danchu, bare):
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=15)
        _admin(f"DROP DATABASE IF EXISTS {DB}")
    pgbench_tps = _pgbench_tps(8)
    load = f"load average {load_before} before, {_load()} after"
    details = f"{SECONDS} s each, interleaved; gunicorn {workers} sync workers each; PostgreSQL on 127.0.0.1; {load}"
    for clients in (1, 8):
        record(
            f"cases_intake_vs_bare_view {clients} client{'s' if clients > 1 else ''} (PostgreSQL)",
            f"API intake {rates[('danchu', clients)]:.1f} cases/s",
            f"bare Django view, one INSERT {rates[('bare', clients)]:.1f} req/s",
            rates[("danchu", clients)] / rates[("bare", clients)],
            details,
        )
    record(
        "cases_intake_scaling_1_to_8_clients (PostgreSQL)",
        f"API intake ×{rates[('danchu', 8)] / rates[('danchu', 1)]:.2f} from 1 to 8 clients",
        f"bare view ×{rates[('bare', 8)] / rates[('bare', 1)]:.2f}",
        rates[("danchu", 8)] / rates[("danchu", 1)],
        details + " (ratio = the API's own 8-client / 1-client throughput)",
    )
    record(
        "cases_intake_vs_pgbench 8 clients (PostgreSQL)",
        f"API intake {rates[('danchu', 8)]:.1f} cases/s",
        f"pgbench single-row INSERT, 8 clients {pgbench_tps:.1f} tps",
        rates[("danchu", 8)] / pgbench_tps,
        details,
    )
    record(
        "gunicorn_worker_rss_after_warmup",
        f"danchu worker {rss[0]:.0f} MB",
        f"bare Django worker {rss[1]:.0f} MB",
        rss[0] / rss[1] if rss[1] else 0.0,
        "largest worker RSS (VmRSS) after the warm-up requests; target ≤ 100 MB",
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
