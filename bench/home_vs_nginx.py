"""The public home page served by danchu (gunicorn, production settings) against nginx serving the
same HTML from a file, and against a bare Django view doing the same database work.

    .venv/bin/python -m bench.home_vs_nginx        (or: make bench BENCH=home_vs_nginx)

Everything runs on 127.0.0.1 in a temporary directory: a fresh SQLite database (migrated, the real
34 provinces loaded by `danchu load_places` when that command exists), gunicorn with as many sync
workers as CPUs, nginx as a foreground process with a temporary config, then `wrk` (or a bounded
Python load loop when wrk is missing) against each for the same number of seconds, one after the
other in the same minute. Two rows go to docs/benchmarks.md:

- home_vs_nginx: danchu req/s ÷ nginx req/s — what serving the page from Python costs against the
  cheapest possible server of the same bytes;
- home_vs_bare_django: danchu req/s ÷ bare view req/s — what danchu's own code (middleware, template,
  context processors) costs on top of Django doing the same query (the bare view keeps only the
  middleware allauth insists on, and builds its HTML with an f-string).
"""

from __future__ import annotations

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.runner import ROOT, record

VENV_BIN = Path(sys.executable).parent
DANCHU = (
    [sys.executable, "-m", "danchu.manage"]
    if not (VENV_BIN / "danchu").exists()
    else [str(VENV_BIN / "danchu")]
)
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
WRK = shutil.which("wrk")
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
CPUS = os.cpu_count() or 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, path: str = "/", timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"nothing answered on 127.0.0.1:{port}{path} within {timeout:.0f} s")


def fetch(port: int, path: str = "/") -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


@contextmanager
def process(cmd: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proc
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)  # the process group this bench started
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, env=env, check=True, cwd=ROOT, stdout=subprocess.DEVNULL)


def production_env(tmp: Path) -> dict[str, str]:
    from cryptography.fernet import Fernet

    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "bench-" + os.urandom(24).hex(),
            "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "DANCHU_VAR_DIR": str(tmp / "var"),
            "STATIC_ROOT": str(tmp / "static"),
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "danchu.settings",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.pop("REDIS_URL", None)
    return env


def prepare_database(env: dict[str, str]) -> str:
    run([*DANCHU, "migrate", "--noinput", "-v", "0"], env)
    run([*DANCHU, "createcachetable"], env)
    run([*DANCHU, "collectstatic", "--noinput", "-v", "0"], env)
    has_load_places = (ROOT / "danchu" / "places" / "management" / "commands" / "load_places.py").exists()
    if has_load_places:
        run([*DANCHU, "load_places"], env)
        return "load_places"
    script = textwrap.dedent(
        """
        from vietnam_provinces import Province
        from danchu.places.tests import factories
        for p in Province.iter_all():
            factories.province(code=str(p.code.value), name=p.name)
        """
    )
    run([*DANCHU, "shell", "-c", script], env)
    return "34 provinces created directly"


BARE_SETTINGS = """
from danchu.settings import *  # noqa: F403
# allauth refuses to start without its middleware; it is the only one left.
MIDDLEWARE = ["allauth.account.middleware.AccountMiddleware"]
ROOT_URLCONF = "danchu_bench_bare"
"""

BARE_URLS = """
from django.http import HttpResponse
from django.urls import path
from django.utils.html import escape


def home(request):
    from danchu.places.queries import current_provinces

    items = "".join(f"<li>{escape(p.name)}</li>" for p in current_provinces())
    return HttpResponse(f"<!doctype html><title>danchu</title><ul>{items}</ul>")


urlpatterns = [path("", home)]
"""


def nginx_config(tmp: Path, port: int, www: Path) -> Path:
    conf = tmp / "nginx.conf"
    conf.write_text(
        textwrap.dedent(
            f"""
            daemon off;
            worker_processes {CPUS};
            pid {tmp}/nginx.pid;
            error_log {tmp}/nginx-error.log warn;
            events {{ worker_connections 1024; }}
            http {{
                access_log off;
                types {{ text/html html; }}
                client_body_temp_path {tmp}/nginx-body;
                proxy_temp_path {tmp}/nginx-proxy;
                fastcgi_temp_path {tmp}/nginx-fastcgi;
                uwsgi_temp_path {tmp}/nginx-uwsgi;
                scgi_temp_path {tmp}/nginx-scgi;
                server {{
                    listen 127.0.0.1:{port};
                    root {www};
                    location = / {{ try_files /index.html =404; }}
                }}
            }}
            """
        )
    )
    return conf


def load_wrk(port: int) -> float:
    out = subprocess.run(
        [WRK or "wrk", f"-t{min(CPUS, 4)}", f"-c{CONNECTIONS}", f"-d{SECONDS}s", f"http://127.0.0.1:{port}/"],
        capture_output=True,
        text=True,
        timeout=SECONDS + 30,
        check=True,
    ).stdout
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise RuntimeError(f"errors while loading port {port}:\n{out}")
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if not match:
        raise RuntimeError(f"could not read wrk's output:\n{out}")
    return float(match.group(1))


def load_python(port: int) -> float:
    """Bounded fallback when wrk is missing: CONNECTIONS threads with keep-alive for SECONDS."""
    stop = time.monotonic() + SECONDS
    counts = [0] * CONNECTIONS

    def worker(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            conn.request("GET", "/")
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status} from port {port}")
            counts[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(CONNECTIONS)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / (time.monotonic() - start)


def load(port: int) -> float:
    return load_wrk(port) if WRK else load_python(port)


def gunicorn(port: int) -> list[str]:
    return [
        str(VENV_BIN / "gunicorn"),
        "danchu.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(CPUS),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
    ]


def main() -> int:
    if not Path(NGINX).exists():
        print(f"nginx is missing ({NGINX}); install nginx-light")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="danchu-bench-"))
    cleanup = [tmp]
    try:
        env = production_env(tmp)
        print(f"preparing a production-like database in {tmp} …", flush=True)
        places = prepare_database(env)

        (tmp / "danchu_bench_bare.py").write_text(BARE_URLS)
        (tmp / "danchu_bench_bare_settings.py").write_text(BARE_SETTINGS)
        bare_env = dict(env, DJANGO_SETTINGS_MODULE="danchu_bench_bare_settings", PYTHONPATH=f"{tmp}:{ROOT}")

        danchu_port, bare_port, nginx_port = free_port(), free_port(), free_port()
        with (
            process(gunicorn(danchu_port), env, tmp / "gunicorn.log"),
            process(gunicorn(bare_port), bare_env, tmp / "gunicorn-bare.log"),
        ):
            wait_for(danchu_port)
            wait_for(bare_port)
            status, html = fetch(danchu_port)
            if status != 200:
                raise RuntimeError(f"danchu's home page answered {status}; see {tmp / 'gunicorn.log'}")
            provinces = html.count(b"<li")
            # nginx's workers drop root privileges: the page lives in a directory they may read.
            www = Path(tempfile.mkdtemp(prefix="danchu-bench-www-"))
            www.chmod(0o755)
            cleanup.append(www)
            (www / "index.html").write_bytes(html)
            (ROOT / "var").mkdir(exist_ok=True)
            (ROOT / "var" / "bench-home.html").write_bytes(html)
            conf = nginx_config(tmp, nginx_port, www)
            with process(
                [NGINX, "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "nginx-error.log")],
                env,
                tmp / "nginx.log",
            ):
                wait_for(nginx_port)
                status, served = fetch(nginx_port)
                if status != 200 or served != html:
                    raise RuntimeError(
                        f"nginx answered {status} with {len(served)} bytes; see {tmp}/nginx-error.log"
                    )
                tool = "wrk" if WRK else "python loop"
                print(
                    f"loading each server for {SECONDS} s with {CONNECTIONS} connections ({tool}) …",
                    flush=True,
                )
                nginx_rps = load(nginx_port)
                danchu_rps = load(danchu_port)
                bare_rps = load(bare_port)

        setup = (
            f"{len(html):,} bytes, {provinces} list items; gunicorn {CPUS} sync workers, nginx {CPUS} workers; "
            f"{tool} {SECONDS}s x {CONNECTIONS} conns; SQLite ({places}); DEBUG=0"
        )
        print(
            f"nginx  {nginx_rps:10.1f} req/s\ndanchu {danchu_rps:10.1f} req/s\nbare   {bare_rps:10.1f} req/s"
        )
        record(
            "home_vs_nginx",
            measured=f"danchu home {danchu_rps:.0f} req/s",
            baseline=f"nginx same HTML {nginx_rps:.0f} req/s",
            ratio=danchu_rps / nginx_rps,
            details=setup,
        )
        record(
            "home_vs_bare_django",
            measured=f"danchu home {danchu_rps:.0f} req/s",
            baseline=f"bare Django view, same query {bare_rps:.0f} req/s",
            ratio=danchu_rps / bare_rps,
            details="bare: only allauth's middleware, no template, same current_provinces() query; " + setup,
        )
        return 0
    finally:
        if os.environ.get("BENCH_KEEP_TMP") != "1":
            for path in cleanup:
                shutil.rmtree(path, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
