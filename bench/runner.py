"""Record a benchmark result as a ratio against a baseline measured in the same run, and the real
floors to measure against (issue #17 item 7).

`record()` appends one row to docs/benchmarks.md (date, commit, machine, load average, bench, ratio,
details) and prints it. Absolute numbers depend on the machine and its load; a ratio against a
baseline run interleaved with it on the same machine is what stays comparable.

The floors (`Floors`): a bare Django view (bench/bare.py: no installed app, no middleware) under the
same gunicorn on the same database, with and without one simple query; nginx serving a static file;
pgbench for single-row inserts. `interleave()` alternates the measured and the baseline runs, so a
burst of load on the shared machine hits both.
"""

from __future__ import annotations

import http.client
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"
ROWS_MARK = "<!-- rows: appended by bench.runner.record() -->"

HEADER = f"""# Benchmarks

Each row is one run of a bench in `bench/` (see `bench/README.md`): danchu measured against a
baseline interleaved with it on the same machine, kept as a ratio (`measured / baseline`), with the
load average when it ran. `make bench` runs them all. Rows are appended by `bench.runner.record()`;
do not edit them by hand.

{ROWS_MARK}
| Date (UTC) | Commit | Machine | Load 1/5 min | Bench | Measured | Baseline | Ratio | Details |
|---|---|---|---|---|---|---|---|---|
"""

WRK = shutil.which("wrk")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PGBENCH = shutil.which("pgbench") or "/usr/lib/postgresql/15/bin/pgbench"


def git_commit() -> str:
    """The commit measured. A run never marks itself: uncommitted changes are the bench's own rows."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def load_average() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.1f} / {five:.1f}"


def database_label() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return "PostgreSQL"
    return "SQLite"


def machine() -> str:
    return (
        f"{platform.machine()} {os.cpu_count()} CPU, "
        f"Python {platform.python_version()}, {platform.system()}, {database_label()}"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def record(bench: str, measured: str, baseline: str, ratio: float, details: str = "") -> str:
    """Append one result row to docs/benchmarks.md, print it and return it.

    `measured` and `baseline` describe what was measured with its number (e.g. "danchu home 310 req/s"),
    `ratio` is measured / baseline.
    """
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    cells = (
        date,
        git_commit(),
        machine(),
        load_average(),
        bench,
        measured,
        baseline,
        f"{ratio:.3f}",
        details,
    )
    row = "| " + " | ".join(_cell(c) for c in cells) + " |\n"
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if not RESULTS.exists() or ROWS_MARK not in RESULTS.read_text(encoding="utf-8"):
        RESULTS.write_text(HEADER, encoding="utf-8")
    text = RESULTS.read_text(encoding="utf-8")
    # Rows go at the end of the results table (sections written by hand may follow it).
    head, _, tail = text.partition(ROWS_MARK)
    table_end = _end_of_table(tail)
    RESULTS.write_text(head + ROWS_MARK + tail[:table_end] + row + tail[table_end:], encoding="utf-8")
    print(row, end="", file=sys.stdout, flush=True)
    return row


def record_in_section(section: str, section_head: str, cells: tuple[str, ...]) -> str:
    """Append a row (date, commit, machine and load first, then `cells`) to a bench's own section of
    docs/benchmarks.md, made from `section_head` when missing; print it and return it. BENCH_DRY=1
    prints only."""
    stamp = (datetime.now(UTC).strftime("%Y-%m-%d %H:%M"), git_commit(), machine(), load_average())
    row = "| " + " | ".join(_cell(c) for c in (*stamp, *cells)) + " |\n"
    print(row, end="", flush=True)
    if os.environ.get("BENCH_DRY"):
        return row
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmarks\n"
    if section not in text:
        text = text.rstrip("\n") + "\n" + section_head
    head, _, tail = text.partition(section)
    pos = _end_of_table(tail)
    RESULTS.write_text(head + section + tail[:pos] + row + tail[pos:], encoding="utf-8")
    return row


def _end_of_table(text: str) -> int:
    lines = text.splitlines(keepends=True)
    pos, started = 0, False
    for line in lines:
        if line.startswith("|"):
            started = True
        elif started:
            return pos
        elif line.strip():
            pass
        pos += len(line)
    return pos


# --- Processes and load ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, seconds: float = 60) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port}")


@contextmanager
def process(cmd: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A process in its own session, stopped (its whole group) when the block ends."""
    with log.open("ab") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=out, start_new_session=True, cwd=ROOT)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGINT)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@contextmanager
def audit_sealing(env: dict[str, str], tmp: Path) -> Iterator[tuple[dict[str, str], str]]:
    """How an intake bench's danchu seals the audit chain: in the request (the setting's default), or
    with BENCH_SEAL=consumer as in production (AUDIT_SEAL_DELAY_SECONDS=1, a Huey consumer in its own
    process linking the entries). Yields the environment for danchu's gunicorn and the words for the
    row's details; call `unsealed_entries()` after the bursts: the consumer's work must be done."""
    if os.environ.get("BENCH_SEAL", "request") != "consumer":
        yield env, "audit chain sealed in the request"
        return
    queued = {**env, "AUDIT_SEAL_DELAY_SECONDS": "1"}
    danchu = str(Path(sys.executable).with_name("danchu"))
    with process([danchu, "run_huey", "--workers", "1"], queued, tmp / "huey.log"):
        yield queued, "audit chain sealed by a Huey consumer process (AUDIT_SEAL_DELAY_SECONDS=1)"


def unsealed_entries(database_url: str, *, wait: float = 30) -> int:
    """The audit entries still unsealed, once none are left or after `wait` seconds (a consumer seals
    within about two seconds of the last write)."""
    deadline = time.monotonic() + wait
    while True:
        if database_url.startswith(("postgres://", "postgresql://")):
            import psycopg

            with psycopg.connect(database_url) as conn:
                row = conn.execute("SELECT count(*) FROM core_auditentry WHERE hash IS NULL").fetchone()
        else:
            import sqlite3

            with sqlite3.connect(database_url.removeprefix("sqlite:///")) as conn:
                row = conn.execute("SELECT count(*) FROM core_auditentry WHERE hash IS NULL").fetchone()
        left = int(row[0]) if row else -1
        if left == 0 or time.monotonic() > deadline:
            return left
        time.sleep(1)


@contextmanager
def gunicorn(
    env: dict[str, str], log: Path, *, workers: int = 2, app: str = "danchu.wsgi:application"
) -> Iterator[int]:
    port = free_port()
    exe = str(Path(sys.executable).with_name("gunicorn"))
    cmd = [exe, app, "-b", f"127.0.0.1:{port}", "-w", str(workers), "--timeout", "60"]
    if app == "danchu.wsgi:application":
        # danchu runs as in production: preloaded and warmed in the master (deploy/gunicorn.conf.py).
        cmd[1:1] = ["-c", str(ROOT / "deploy" / "gunicorn.conf.py")]
    with process(cmd, env, log) as proc:
        wait_for_port(port)
        gunicorn.pids[port] = proc.pid  # type: ignore[attr-defined]
        yield port


gunicorn.pids = {}  # type: ignore[attr-defined]


def worker_memory_mb(master_pid: int) -> dict[str, float]:
    """Mean memory of a gunicorn master's workers, in MB (from /proc/PID/smaps_rollup): `rss` counts
    every resident page a worker maps, those it shares copy-on-write with its preloaded master
    included; `pss` divides each shared page among the processes sharing it; `uss` is what the
    worker alone holds — the memory one more worker costs."""
    sizes: dict[str, list[float]] = {"rss": [], "pss": [], "uss": []}
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if not re.search(rf"^PPid:\s+{master_pid}$", status.read_text(), re.M):
                continue
            rollup = (status.parent / "smaps_rollup").read_text()
        except OSError:
            continue
        kb = {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB", rollup, re.M)}
        sizes["rss"].append(kb.get("Rss", 0) / 1024)
        sizes["pss"].append(kb.get("Pss", 0) / 1024)
        sizes["uss"].append((kb.get("Private_Clean", 0) + kb.get("Private_Dirty", 0)) / 1024)
    return {k: statistics.mean(v) if v else 0.0 for k, v in sizes.items()}


def wrk(url: str, *, seconds: int, connections: int, script: str = "") -> float:
    """Requests per second by wrk (Debian package); the error answers are counted out."""
    if not WRK:
        raise RuntimeError("wrk is not installed (make sysdeps)")
    cmd = [WRK, "-t", "2", "-c", str(connections), "-d", f"{seconds}s", "--latency"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], capture_output=True, text=True, timeout=seconds + 60).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    if bad and total and int(total.group(1)):
        rate *= 1 - int(bad.group(1)) / int(total.group(1))
    return rate


def burst(
    port: int, requests: list[tuple[str, bytes, dict[str, str]]], clients: int
) -> tuple[float, list[int]]:
    """POST every request, `clients` at a time on keep-alive connections; (seconds, statuses).
    The intake benches' client (votes, comments)."""
    statuses = [0] * len(requests)
    lock = threading.Lock()
    next_index = [0]

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while True:
            with lock:
                i = next_index[0]
                next_index[0] += 1
            if i >= len(requests):
                break
            path, body, headers = requests[i]
            try:
                conn.request("POST", path, body=body, headers=headers)
                r = conn.getresponse()
                r.read()
                statuses[i] = r.status
                if r.getheader("Connection", "").lower() == "close":
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            except (OSError, http.client.HTTPException):
                statuses[i] = -1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start, statuses


def django_in_process(env: dict[str, str], *extra: str) -> None:
    """Set this process up as the danchu of `env` (its database, keys and var directory, plus the
    `extra` settings named) and migrate it: the intake benches fill their scratch database this way."""
    keys = (
        "DATABASE_URL",
        "SECRET_KEY",
        "FIELD_ENCRYPTION_KEY",
        "AUDIT_SIGNING_KEY",
        "DANCHU_VAR_DIR",
        "DEBUG",
    )
    os.environ.update({key: env[key] for key in (*keys, *extra)})
    os.environ["DJANGO_SETTINGS_MODULE"] = "danchu.settings"
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def interleave(runs: dict[str, Callable[[], float]], rounds: int = 3) -> dict[str, float]:
    """Run each measurement `rounds` times, alternating between them; the median of each."""
    got: dict[str, list[float]] = {name: [] for name in runs}
    for r in range(rounds):
        names = list(runs) if r % 2 == 0 else list(reversed(runs))
        for name in names:
            got[name].append(runs[name]())
    return {name: statistics.median(v) for name, v in got.items()}


@contextmanager
def nginx_static(www: Path) -> Iterator[int]:
    """Debian's nginx serving `www` on a free port (2 workers, foreground, temporary paths)."""
    port = free_port()
    tmp = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    user = "user root;\n" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(
        f"{user}daemon off;\nworker_processes 2;\npid {tmp}/nginx.pid;\nerror_log {tmp}/error.log;\n"
        "events { worker_connections 1024; }\n"
        f"http {{ access_log off; client_body_temp_path {tmp}/b; proxy_temp_path {tmp}/p; "
        f"fastcgi_temp_path {tmp}/f; uwsgi_temp_path {tmp}/u; scgi_temp_path {tmp}/s; "
        f"server {{ listen 127.0.0.1:{port}; root {www}; }} }}\n",
        encoding="utf-8",
    )
    try:
        with process(
            [NGINX, "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")],
            dict(os.environ),
            tmp / "out.log",
        ):
            wait_for_port(port, 10)
            yield port
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def pgbench_insert_tps(database_url: str, *, clients: int, seconds: int) -> float:
    """pgbench: single-row INSERTs into a scratch table, the database's own floor for intake."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_bare_insert (id bigserial PRIMARY KEY, "
                     "at timestamptz DEFAULT now(), payload text)")  # fmt: skip
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as script:
        script.write("INSERT INTO bench_bare_insert (payload) VALUES ('pgbench');\n")
    try:
        out = subprocess.run(
            [PGBENCH, "-n", "-c", str(clients), "-j", str(min(clients, 2)), "-T", str(seconds), "-f", script.name,
             database_url],  # fmt: skip
            capture_output=True, text=True, timeout=seconds + 60,
        )  # fmt: skip
        m = re.search(r"tps = ([\d.]+)", out.stdout)
        if not m:
            raise RuntimeError(f"pgbench: {out.stderr[-500:]}")
        return float(m.group(1))
    finally:
        os.unlink(script.name)


def scratch_database(url: str, label: str) -> tuple[str, Callable[[], None]]:
    """A fresh PostgreSQL database beside `url` for one bench run, and the function that drops it."""
    import urllib.parse

    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = f"bench_{label}_{os.getpid()}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return parts._replace(path=f"/{name}").geturl(), drop


def on_scratch_database(label: str, run: Callable[[str, Path], int]) -> int:
    """`run(database_url, tmp)` on a scratch database — on PostgreSQL a database created beside
    DATABASE_URL and dropped afterwards, otherwise a SQLite file — with a temporary directory removed
    afterwards: the in-process benches' `main()`."""
    url = os.environ.get("DATABASE_URL", "")
    tmp = Path(tempfile.mkdtemp(prefix=f"bench-{label}-"))
    if url.startswith(("postgres://", "postgresql://")):
        db_url, drop = scratch_database(url, label)
    else:
        db_url, drop = f"sqlite:///{tmp}/{label}.sqlite3", lambda: None
    try:
        return run(db_url, tmp)
    finally:
        from django.db import connections

        connections.close_all()
        drop()
        shutil.rmtree(tmp, ignore_errors=True)


def production_env(db_url: str, tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a bench's gunicorn: DEBUG off, fresh keys, files under `tmp`, no Redis."""
    import base64
    import secrets

    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "FIELD_ENCRYPTION_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "AUDIT_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "DANCHU_VAR_DIR": str(tmp / "var"),
        "STATIC_ROOT": str(tmp / "static"),
        "LOG_LEVEL": "WARNING",
        "DJANGO_SETTINGS_MODULE": "danchu.settings",
        "PYTHONPATH": str(ROOT),
        **extra,
    }
    env.pop("REDIS_URL", None)
    return env
