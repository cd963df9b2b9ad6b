"""The floors and danchu's hot paths against them, interleaved, on PostgreSQL (issue #17 items 7, 10).

On a scratch database of the server in DATABASE_URL (PostgreSQL; dropped afterwards) filled by
`danchu synth --scale commune`, with DEBUG=0 and 2 sync gunicorn workers for danchu and for the bare
project (bench/bare.py) alike:

- each public page (home, commune page, disclosure, search) against the bare view with one query and
  the same number of bytes, and against the bare view with no query;
- the same pages answered from the application's page cache (a third gunicorn with
  PAGE_CACHE_SECONDS=300) against the bare view with no query;
- nginx serving the home page's bytes from a file, against the bare view with no query;
- case intake through the API (8 clients) against the bare one-INSERT view and pgbench's INSERT, with
  the audit chain sealed in the request (the default) and by a Huey consumer (AUDIT_SEAL_DELAY_SECONDS=1);
- the RSS of a danchu worker against a bare Django worker.

Per-core throughput (req/s / CPUs) is printed for the capacity table in docs/benchmarks.md.
Knobs: BENCH_SECONDS (5), BENCH_CONNECTIONS (16), BENCH_ROUNDS (3).
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from bench.runner import (
    ROOT,
    gunicorn,
    interleave,
    nginx_static,
    pgbench_insert_tps,
    process,
    production_env,
    record,
    scratch_database,
    unsealed_entries,
    worker_memory_mb,
    wrk,
)

SECONDS = int(os.environ.get("BENCH_SECONDS", "5"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CPUS = os.cpu_count() or 1
DANCHU = str(Path(sys.executable).with_name("danchu"))


def _get(port: int, path: str) -> bytes:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path)
    r = conn.getresponse()
    body = r.read()
    if r.status != 200:
        raise RuntimeError(f"{path}: HTTP {r.status}")
    return body


def main() -> int:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("floors: set DATABASE_URL to a PostgreSQL server (a scratch database is created there)")
        return 0
    db_url, drop = scratch_database(url, "floors")
    tmp = Path(tempfile.mkdtemp(prefix="bench-floors-"))
    try:
        return _run(db_url, tmp)
    finally:
        drop()


def _run(db_url: str, tmp: Path) -> int:
    env = production_env(
        db_url,
        tmp,
        CASES_RATE_LIMIT="1000000000",
        CASES_RATE_ANONYMOUS_LIMIT="1000000000",
        CASES_RATE_ADDRESS_LIMIT="1000000000",
    )
    for args in (["migrate", "--noinput", "-v", "0"], ["createcachetable"], ["collectstatic", "--noinput", "-v", "0"],
                 ["synth", "--scale", "commune", "--seed", "1"]):  # fmt: skip
        subprocess.run(
            [DANCHU, *args],
            env=env,
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare"}
    with (
        gunicorn(env, tmp / "danchu.log") as app,
        gunicorn(bare_env, tmp / "bare.log", app="django.core.wsgi:get_wsgi_application()") as bare,
    ):
        import psycopg

        with psycopg.connect(db_url) as conn:
            pk = conn.execute("SELECT max(id) FROM disclosures_disclosure").fetchone()[0]  # type: ignore[index]
        pages = {
            "home": "/",
            "commune page": "/disclosures/S01001/",
            "disclosure": f"/disclosures/d/{pk}/",
            "search": "/disclosures/search/?q=" + urllib.parse.quote("ngân sách"),
        }
        for label, path in pages.items():
            size = len(_get(app, path))
            _get(bare, f"/bare/query/?bytes={size}")
            rates = interleave(
                {
                    "danchu": lambda p=path: wrk(
                        f"http://127.0.0.1:{app}{p}", seconds=SECONDS, connections=CONNECTIONS
                    ),
                    "query": lambda s=size: wrk(
                        f"http://127.0.0.1:{bare}/bare/query/?bytes={s}",
                        seconds=SECONDS,
                        connections=CONNECTIONS,
                    ),  # fmt: skip
                    "bare": lambda s=size: wrk(
                        f"http://127.0.0.1:{bare}/bare/?bytes={s}", seconds=SECONDS, connections=CONNECTIONS
                    ),  # fmt: skip
                },
                ROUNDS,
            )
            details = (f"{size:,} bytes; synth commune; PostgreSQL; gunicorn 2 sync workers each; DEBUG=0; "
                       f"wrk {SECONDS}s x {CONNECTIONS} conns, {ROUNDS} interleaved rounds (median); "
                       f"bare view with no query {rates['bare']:.0f} req/s; "
                       f"danchu per core {rates['danchu'] / CPUS:.0f} req/s")  # fmt: skip
            record(f"floors: {label} vs bare view + 1 query", f"danchu {rates['danchu']:.0f} req/s",
                   f"bare Django view + 1 SELECT, same bytes {rates['query']:.0f} req/s",
                   rates["danchu"] / rates["query"], details)  # fmt: skip
            if label == "home":
                www = tmp / "www"
                www.mkdir()
                (www / "index.html").write_bytes(_get(app, path))
                with nginx_static(www) as ngx:
                    static = interleave(
                        {
                            "nginx": lambda: wrk(
                                f"http://127.0.0.1:{ngx}/index.html", seconds=SECONDS, connections=CONNECTIONS
                            ),  # fmt: skip
                            "bare": lambda s=size: wrk(
                                f"http://127.0.0.1:{bare}/bare/?bytes={s}",
                                seconds=SECONDS,
                                connections=CONNECTIONS,
                            ),  # fmt: skip
                        },
                        ROUNDS,
                    )
                record("floors: bare Django view vs nginx static", f"bare view, no query {static['bare']:.0f} req/s",
                       f"nginx static file {static['nginx']:.0f} req/s", static["bare"] / static["nginx"],
                       f"{size:,} bytes (the home page's); nginx 2 workers; same wrk settings")  # fmt: skip

        _cached(env, bare, pages, tmp)
        _intake(app, bare, db_url, tmp)
        _intake_sealed_by_consumer(env, bare, tmp)
        _memory(gunicorn.pids[app], gunicorn.pids[bare])  # type: ignore[attr-defined]
    return 0


def _memory(app_master: int, bare_master: int) -> None:
    """A danchu worker's memory (preloaded and warmed in the master, as deploy/gunicorn.conf.py runs it)
    against a bare Django worker's, after the runs above."""
    app, bare = worker_memory_mb(app_master), worker_memory_mb(bare_master)
    shared = f"RSS {app['rss']:.0f} MB of which shared with the master {app['rss'] - app['uss']:.0f} MB"
    record("floors: worker memory (PSS)", f"danchu worker PSS {app['pss']:.0f} MB (USS {app['uss']:.0f}, {shared})",
           f"bare Django worker PSS {bare['pss']:.0f} MB (RSS {bare['rss']:.0f}, USS {bare['uss']:.0f})",
           app["pss"] / bare["pss"] if bare["pss"] else 0.0,
           "after the page and intake runs; budget 100 MB; USS = what one more worker costs")  # fmt: skip
    record("floors: worker RSS", f"danchu worker {app['rss']:.0f} MB", f"bare Django worker {bare['rss']:.0f} MB",
           app["rss"] / bare["rss"] if bare["rss"] else 0.0,
           "RSS counts the pages a preloaded worker shares with its master; budget 100 MB")  # fmt: skip


def _cached(env: dict[str, str], bare: int, pages: dict[str, str], tmp: Path) -> None:
    """The same pages from the application's own page cache (core.pagecache, local memory per worker
    as in development; Redis in production) against the bare view with no query (issue #17 item 1:
    >= 0.7). Each worker fills its own cache on its first request, before wrk measures."""
    cached_env = {**env, "PAGE_CACHE_SECONDS": "300"}
    with gunicorn(cached_env, tmp / "danchu-cached.log") as app:
        for label, path in pages.items():
            size = len(_get(app, path))
            for _ in range(8):  # both workers answer at least once: their caches are warm
                _get(app, path)
            rates = interleave(
                {
                    "danchu": lambda p=path: wrk(
                        f"http://127.0.0.1:{app}{p}", seconds=SECONDS, connections=CONNECTIONS
                    ),
                    "bare": lambda s=size: wrk(
                        f"http://127.0.0.1:{bare}/bare/?bytes={s}", seconds=SECONDS, connections=CONNECTIONS
                    ),  # fmt: skip
                },
                ROUNDS,
            )
            record(f"floors: {label} from the page cache vs bare view, no query",
                   f"danchu {rates['danchu']:.0f} req/s", f"bare Django view, same bytes {rates['bare']:.0f} req/s",
                   rates["danchu"] / rates["bare"],
                   f"{size:,} bytes; PAGE_CACHE_SECONDS=300, local-memory cache per worker, anonymous GET; "
                   f"synth commune; PostgreSQL; gunicorn 2 sync workers each; DEBUG=0; wrk {SECONDS}s x "
                   f"{CONNECTIONS} conns, {ROUNDS} interleaved rounds (median)")  # fmt: skip


def _posts(app: int, bare: int, script: Path) -> dict[str, Callable[[], float]]:
    """The two intake loads, 8 clients each: a case through danchu's API, the bare view's one INSERT."""
    return {
        "api": lambda: wrk(
            f"http://127.0.0.1:{app}/api/v1/cases/", seconds=SECONDS, connections=8, script=str(script)
        ),
        "bare": lambda: wrk(
            f"http://127.0.0.1:{bare}/bare/insert/", seconds=SECONDS, connections=8, script=str(script)
        ),
    }


def _intake(app: int, bare: int, db_url: str, tmp: Path) -> None:
    import psycopg

    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("CREATE TABLE IF NOT EXISTS bench_bare_insert (id bigserial PRIMARY KEY, "
                     "at timestamptz DEFAULT now(), payload text)")  # fmt: skip
    body = json.dumps(
        {"place_code": "S01001-001", "title": "Đèn đường không sáng", "description": "Ba cột đèn hỏng."}
    )
    script = tmp / "post.lua"
    script.write_text(
        'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
        f"wrk.body = {json.dumps(body, ensure_ascii=False)}\n",
        encoding="utf-8",
    )
    rates = interleave(
        {
            **_posts(app, bare, script),
            "pgbench": lambda: pgbench_insert_tps(db_url, clients=8, seconds=SECONDS),
        },
        ROUNDS,
    )
    details = (f"8 clients, {SECONDS}s, {ROUNDS} interleaved rounds; danchu per core {rates['api'] / CPUS:.0f}/s; "
               "rate limits lifted; PostgreSQL")  # fmt: skip
    record("floors: case intake API vs bare INSERT view", f"API intake {rates['api']:.0f}/s",
           f"bare view, one INSERT {rates['bare']:.0f}/s", rates["api"] / rates["bare"], details)  # fmt: skip
    record("floors: bare INSERT view vs pgbench", f"bare view, one INSERT {rates['bare']:.0f}/s",
           f"pgbench INSERT {rates['pgbench']:.0f} tps", rates["bare"] / rates["pgbench"], details)  # fmt: skip


def _intake_sealed_by_consumer(env: dict[str, str], bare: int, tmp: Path) -> None:
    """Case intake again with AUDIT_SEAL_DELAY_SECONDS=1 (production's setting): the requests only
    queue a seal a second; a real Huey consumer (its own process, as in production) links the entries.
    Afterwards every entry must be sealed: the consumer's work is done, not skipped."""
    queued_env = {**env, "AUDIT_SEAL_DELAY_SECONDS": "1"}
    script = tmp / "post.lua"
    with (
        gunicorn(queued_env, tmp / "danchu-queued.log") as app,
        process([DANCHU, "run_huey", "--workers", "1"], queued_env, tmp / "huey.log"),
    ):
        loads = _posts(app, bare, script)
        loads["api"]()  # warm-up: the fresh workers import the application on their first requests
        rates = interleave(loads, ROUNDS)
        unsealed = unsealed_entries(env["DATABASE_URL"])
    details = (f"8 clients, {SECONDS}s, {ROUNDS} interleaved rounds; AUDIT_SEAL_DELAY_SECONDS=1 with a Huey "
               f"consumer process sealing; audit entries left unsealed afterwards: {unsealed}; "
               f"danchu per core {rates['api'] / CPUS:.0f}/s; rate limits lifted; PostgreSQL")  # fmt: skip
    record("floors: case intake API (seal by the consumer) vs bare INSERT view", f"API intake {rates['api']:.0f}/s",
           f"bare view, one INSERT {rates['bare']:.0f}/s", rates["api"] / rates["bare"], details)  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
