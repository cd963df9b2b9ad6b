"""Smoke test of the production profile (issue #17 item 9): what is installable here comes up on this
machine as separate processes, each with the configuration shipped in deploy/ —

    nginx (deploy/nginx) -> gunicorn (deploy/gunicorn.conf.py, DEBUG=0) -> PgBouncer (deploy/pgbouncer)
    -> PostgreSQL primary, with a streaming replica for stale-tolerant reads; Redis for the cache and
    the queue; a Huey consumer as its own process.

S3-compatible media is not started here (no object store on this machine); local disk is the default.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
import pytest

from .servers import (
    DEPLOY,
    free_port,
    render_module,
    start_nginx,
    start_pg_pair,
    stop,
    wait_for_port,
)
from .test_deploy_nginx import get

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

ROOT = DEPLOY.parent


def _spawn(cmd: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=out, start_new_session=True, cwd=ROOT)


def _danchu(args: list[str], env: dict[str, str], timeout: int = 300) -> str:
    danchu = str(Path(sys.executable).with_name("danchu"))
    done = subprocess.run([danchu, *args], env=env, capture_output=True, text=True, timeout=timeout, cwd=ROOT)
    assert done.returncode == 0, f"danchu {' '.join(args)}:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def _workers_memory(master: int) -> list[tuple[int, int]]:
    """(RSS, private kB) of each worker of a gunicorn master, from /proc."""
    found = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"\nPPid:\t{master}\n" not in status.read_text():
                continue
            kb = dict(
                line.split(":", 1) for line in (status.parent / "smaps_rollup").read_text().splitlines()[1:]
            )
        except OSError:
            continue
        size = {k: int(v.split()[0]) for k, v in kb.items()}
        found.append((size["Rss"], size["Private_Clean"] + size["Private_Dirty"]))
    return found


def _wait(predicate: Any, seconds: float) -> bool:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_the_production_profile_comes_up_on_this_machine(tmp_path: Path, processes: list[Any]) -> None:
    for program in ("redis-server", "/usr/sbin/pgbouncer", "/usr/sbin/nginx"):
        if not shutil.which(program):
            pytest.skip(f"{program} is not installed (make sysdeps)")
    pair = start_pg_pair()
    try:
        primary = pair.url(pair.primary_port)
        with psycopg.connect(primary, autocommit=True) as conn:
            conn.execute("CREATE DATABASE danchu")

        redis_port = free_port()
        processes.append(
            _spawn(
                [
                    "redis-server",
                    "--port",
                    str(redis_port),
                    "--bind",
                    "127.0.0.1",
                    "--save",
                    "",
                    "--dir",
                    str(tmp_path),
                ],
                tmp_path / "redis.log",
            )
        )

        # PgBouncer refuses to run as root: its files live in the cluster's directory (postgres-owned).
        pgb_dir, pgb_port = pair.base / "pgbouncer", free_port()
        (pair.base / "userlist.txt").write_text('"postgres" ""\n', encoding="utf-8")
        render_module().render_dir(
            "pgbouncer",
            pgb_dir,
            render_module().values_from_env(
                {
                    "PGB_DATABASES": f"danchu = host=127.0.0.1 port={pair.primary_port} dbname=danchu",
                    "PGB_PORT": str(pgb_port),
                    "PGB_SOCKET_DIR": str(pair.base),
                    "PGB_AUTH_TYPE": "trust",
                    "PGB_AUTH_FILE": str(pair.base / "userlist.txt"),
                    "PGB_LOGFILE": str(pair.base / "pgbouncer.log"),
                    "PGB_PIDFILE": str(pair.base / "pgbouncer.pid"),
                }
            ),
        )
        pgbouncer = ["/usr/sbin/pgbouncer", str(pgb_dir / "pgbouncer.ini")]
        if os.geteuid() == 0:
            shutil.chown(pgb_dir, "postgres")
            pgbouncer = ["runuser", "-u", "postgres", "--", *pgbouncer]
        processes.append(_spawn(pgbouncer, tmp_path / "pgbouncer.out"))
        wait_for_port(pgb_port, pair.base / "pgbouncer.log", 10)
        wait_for_port(redis_port, tmp_path / "redis.log", 10)

        static, media = tmp_path / "static", tmp_path / "media"
        media.mkdir()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "danchu.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FIELD_ENCRYPTION_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "AUDIT_SIGNING_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",  # plain http on loopback; TLS is nginx's in production
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{pgb_port}/danchu",
            "DB_PGBOUNCER": "1",
            "DATABASE_REPLICA_URLS": pair.url(pair.replica_port, "danchu"),
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "DANCHU_VAR_DIR": str(tmp_path / "var"),
            "STATIC_ROOT": str(static),
            "MEDIA_ROOT": str(media),
            "PROTECTED_MEDIA_ACCEL_PREFIX": "/protected/",
            "TRUSTED_PROXIES": "127.0.0.1",
            "GUNICORN_WORKERS": "2",
            "AUDIT_SEAL_DELAY_SECONDS": "1",
        }
        # Migrations go to PostgreSQL directly, as the docs say; the application through PgBouncer.
        _danchu(
            ["migrate", "--noinput", "-v", "0"],
            {**env, "DATABASE_URL": pair.url(pair.primary_port, "danchu")},
        )
        _danchu(["collectstatic", "--noinput", "-v", "0"], env)

        web_port = free_port()
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        web = _spawn(
            [gunicorn, "-c", str(DEPLOY / "gunicorn.conf.py"), "danchu.wsgi:application"],
            tmp_path / "gunicorn.log",
            {**env, "GUNICORN_BIND": f"127.0.0.1:{web_port}"},
        )
        processes.append(web)
        danchu = str(Path(sys.executable).with_name("danchu"))
        processes.append(_spawn([danchu, "run_huey", "--workers", "1"], tmp_path / "huey.log", env))
        wait_for_port(web_port, tmp_path / "gunicorn.log", 60)
        nginx = start_nginx(web_port, tmp_path / "nginx", media, static)
        processes.append(nginx.process)

        status, _, body = get(nginx.port, "/healthz")
        health = json.loads(body)
        assert status == 200 and health["ok"], health
        assert health["checks"]["database"]["vendor"] == "postgresql"
        assert health["checks"]["queue"]["backend"] == "RedisHuey"

        assert get(nginx.port, "/")[0] == 200
        status, headers, _ = get(nginx.port, "/")
        assert status == 200 and headers.get("x-cache") == "HIT", headers

        # Preloaded and warmed in the master (danchu/warm.py): the workers have served pages, the API
        # and its schema, and still hold most of their memory in pages shared with the master.
        for path in ("/api/v1/openapi.json", "/accounts/login/", "/disclosures/search/?q=dan"):
            assert get(nginx.port, path)[0] == 200, path
        # Both workers (on a loaded machine the second may still be starting: wait for it).
        assert _wait(lambda: len(_workers_memory(web.pid)) == 2, 30), _workers_memory(web.pid)
        for rss, private in _workers_memory(web.pid):
            assert private < rss / 2, (rss, private)

        manifest = json.loads((static / "staticfiles.json").read_text(encoding="utf-8"))["paths"]
        status, headers, _ = get(nginx.port, "/static/" + next(iter(manifest.values())))
        assert status == 200 and "immutable" in headers["cache-control"]

        # A job enqueued in Redis is run by the separate consumer process (its result is None, which
        # Huey does not store: the consumer's log is the witness).
        out = _danchu(
            ["shell", "-c", "from danchu.core import tasks; print('TASK', tasks.audit_anchor().id)"], env
        )
        task_id = out.split("TASK ", 1)[1].split()[0]
        huey_log = tmp_path / "huey.log"
        assert _wait(lambda: f"{task_id} executed" in huey_log.read_text(errors="replace"), 60), task_id

        # AUDIT_SEAL_DELAY_SECONDS=1 (as .env.example): the writer leaves its entry for the consumer,
        # which seals it about a second later through the queue.
        out = _danchu(
            ["shell", "-c", "from danchu.core.audit import audit; "
             "e = audit(actor=None, action='deploy.smoke', object_type='test', object_id=1); "
             "print('ENTRY', e.pk, e.hash)"],
            env,
        )  # fmt: skip
        entry_id = out.split("ENTRY ", 1)[1].split()[0]
        assert out.split("ENTRY ", 1)[1].split()[1] == "None", out  # not sealed in the request

        def sealed() -> bool:
            check = "from danchu.core.models import AuditEntry; "
            check += f"print('SEALED', AuditEntry.objects.filter(pk={entry_id}, hash__isnull=False).exists())"
            return "SEALED True" in _danchu(["shell", "-c", check], env)

        assert _wait(sealed, 30), "the consumer did not seal the entry"
    finally:
        for p in reversed(processes):
            stop(p)
        processes.clear()
        pair.stop()
