"""Real servers for the deployment tests: gunicorn on the test database, Debian's nginx with the
configuration shipped in deploy/nginx/ (rendered with free ports and temporary paths).

Every process is started in its own session and killed at teardown; every file lives under tmp_path.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

DEPLOY = Path(__file__).resolve().parent.parent
NGINX = "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, log: Path, seconds: float = 30) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}; see {log}:\n{log.read_text(errors='replace')[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGINT)  # quick shutdown for gunicorn and nginx
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def render_module() -> Any:
    spec = importlib.util.spec_from_file_location("deploy_render", DEPLOY / "render.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Gunicorn:
    port: int
    process: subprocess.Popen[bytes]
    log: Path


def start_gunicorn(env: dict[str, str], log: Path, workers: int = 2) -> Gunicorn:
    """gunicorn with the shipped configuration (deploy/gunicorn.conf.py: the application preloaded and
    warmed in the master, danchu/warm.py), as production runs it. Bare command-line workers each
    loaded the URLconf and compiled the templates on their first request: a purge that landed on a
    cold worker took 0.7 s on an idle machine and more than the 2 s allowed on a loaded one (CI)."""
    port = free_port()
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    with log.open("ab") as out:
        process = subprocess.Popen(
            [gunicorn, "-c", str(DEPLOY / "gunicorn.conf.py"), "danchu.wsgi:application"],
            env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)},
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        wait_for_port(port, log)
    except RuntimeError:
        stop(process)
        raise
    return Gunicorn(port, process, log)


@dataclass
class Nginx:
    port: int
    purge_port: int
    root: Path
    process: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def purge_url(self) -> str:
        return f"http://127.0.0.1:{self.purge_port}/purge"


def start_nginx(upstream_port: int, root: Path, media_root: Path, static_root: Path) -> Nginx:
    if not Path(NGINX).exists():
        pytest.skip("Debian's nginx is not installed (make sysdeps)")
    port, purge_port = free_port(), free_port()
    conf = root / "conf"
    for d in ("tmp", "cache"):
        (root / d).mkdir(parents=True, exist_ok=True)
    render = render_module()
    values = render.values_from_env(
        {
            "LISTEN": f"127.0.0.1:{port}",
            "SERVER_NAME": "127.0.0.1",
            "PUBLIC_SCHEME": "http",
            "TLS": "",
            "UPSTREAM": f"127.0.0.1:{upstream_port}",
            "PURGE_LISTEN": f"127.0.0.1:{purge_port}",
            "STATIC_ROOT": str(static_root),
            "MEDIA_ROOT": str(media_root),
            "CACHE_DIR": str(root / "cache"),
            "INCLUDE_DIR": str(conf),
        }
    )
    render.render_dir("nginx", conf, values)
    main = root / "nginx.conf"
    t = root / "tmp"
    main.write_text(
        # As root, nginx's workers would run as nobody and could not read the test's private tmp dirs.
        (f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else "")
        + f"daemon off;\nworker_processes 1;\npid {root}/nginx.pid;\nerror_log {root}/error.log warn;\n"
        "events { worker_connections 512; }\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log {root}/access.log;\n"
        f" client_body_temp_path {t}/body;\n proxy_temp_path {t}/proxy;\n fastcgi_temp_path {t}/fastcgi;\n"
        f" uwsgi_temp_path {t}/uwsgi;\n scgi_temp_path {t}/scgi;\n include {conf}/danchu.conf;\n}}\n",
        encoding="utf-8",
    )
    log = root / "stderr.log"
    with log.open("ab") as out:
        process = subprocess.Popen(
            [NGINX, "-c", str(main), "-e", str(root / "error.log")],
            stdout=out,
            stderr=out,
            start_new_session=True,
        )
    try:
        wait_for_port(port, log, 10)
    except RuntimeError:
        stop(process)
        raise
    return Nginx(port, purge_port, root, process)


def server_env(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danchu.settings",
        "DATABASE_URL": database_url,
        "DANCHU_VAR_DIR": str(tmp_path / "var"),
        "HUEY_IMMEDIATE": "1",
        "DEBUG": "1",
        "DISCLOSURE_MEDIA_JOBS": "0",
        "CACHE_PURGE_URL": "",
    }
    env.update(extra)
    return env


PG_BIN = Path("/usr/lib/postgresql/15/bin")


def _as_postgres(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess[bytes]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, check=True, capture_output=True, timeout=120, **kw)


@dataclass
class PgPair:
    """A PostgreSQL primary and its streaming replica on loopback, in a private directory."""

    base: Path
    primary_port: int
    replica_port: int

    def url(self, port: int, db: str = "postgres") -> str:
        return f"postgres://postgres@127.0.0.1:{port}/{db}"

    def stop(self) -> None:
        for name in ("replica", "primary"):
            if (self.base / name / "postmaster.pid").exists():
                _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(self.base / name), "-m", "immediate", "stop"])
        shutil.rmtree(self.base, ignore_errors=True)


def start_pg_pair() -> PgPair:
    """initdb a primary, pg_basebackup a hot standby from it (-R: it streams), start both."""
    if not (PG_BIN / "initdb").exists():
        pytest.skip("the Debian PostgreSQL 15 binaries are not installed")
    base = Path(tempfile.mkdtemp(prefix="danchu-replica-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
    pair = PgPair(base, free_port(), free_port())
    primary, replica = base / "primary", base / "replica"
    try:
        _as_postgres(
            [
                str(PG_BIN / "initdb"),
                "-D",
                str(primary),
                "-U",
                "postgres",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            ]
        )
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {pair.primary_port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{base}'\nwal_level = replica\nmax_wal_senders = 4\n"
                "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\nhot_standby = on\n"
            )
        _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(primary), "-l", str(base / "primary.log"), "-w", "start"]
        )
        _as_postgres(
            [
                str(PG_BIN / "pg_basebackup"),
                "-h",
                "127.0.0.1",
                "-p",
                str(pair.primary_port),
                "-U",
                "postgres",
                "-D",
                str(replica),
                "-R",
                "-X",
                "stream",
                "--no-sync",
            ]
        )
        with (replica / "postgresql.conf").open("a") as conf:
            conf.write(f"\nport = {pair.replica_port}\n")
        _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(replica), "-l", str(base / "replica.log"), "-w", "start"]
        )
    except BaseException:
        pair.stop()
        raise
    return pair
