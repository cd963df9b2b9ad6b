"""Public commune page: requests per second served by danchu (gunicorn) against nginx serving the same
HTML from a file, and against a bare Django view doing the same database work without templates —
same machine, same minute.

    .venv/bin/python -m bench.disclosures_commune_page

A temporary SQLite database gets one commune with 60 published disclosures. `wrk` (or a small
Python client when wrk is missing) loads each server in turn for BENCH_SECONDS (default 8).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SECONDS = int(os.environ.get("BENCH_SECONDS", "8"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
CODE = "24181"

_django_app: Any = None


def application(environ: dict[str, Any], start_response: Any) -> Any:
    """WSGI entry for gunicorn: danchu, plus /bare/<code>/ (the same queries, no template)."""
    global _django_app
    if _django_app is None:
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
        from django.core.wsgi import get_wsgi_application

        _django_app = get_wsgi_application()
    path = environ.get("PATH_INFO", "")
    if path.startswith("/bare/"):
        from danchu.disclosures import queries

        place = queries.public_place(path.strip("/").split("/")[1])
        data = queries.place_page(place)
        body = (
            f"{place.name}: {len(data['on_board'])} {len(data['latest'])} {len(data['by_category'])}".encode()
        )
        start_response(
            "200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
        )
        return [body]
    return _django_app(environ, start_response)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 30) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def _load(url: str) -> float:
    """Requests per second against url."""
    if shutil.which("wrk"):
        out = subprocess.run(
            ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{SECONDS}s", url],
            capture_output=True,
            text=True,
            timeout=SECONDS + 30,
        ).stdout
        m = re.search(r"Requests/sec:\s+([\d.]+)", out)
        if m:
            return float(m.group(1))
    import concurrent.futures

    def worker(deadline: float) -> int:
        n = 0
        while time.time() < deadline:
            with urllib.request.urlopen(url, timeout=10) as r:
                r.read()
            n += 1
        return n

    deadline = time.time() + SECONDS
    with concurrent.futures.ThreadPoolExecutor(CONNECTIONS) as pool:
        total = sum(pool.map(worker, [deadline] * CONNECTIONS))
    return total / SECONDS


SETUP = """
import django, datetime as dt
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from danchu.places.tests import factories as pf
from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.disclosures import services, categories
province = pf.province(code="66", name="Tỉnh Đắk Lắk")
commune = pf.commune(province, code="%s", name="Xã Krông Pắc")
for i in range(4):
    pf.village(commune, code=f"%s-{i:03d}", name=f"Thôn {i + 1}")
officer = person_with_role(Role.COMMUNE_OFFICER, commune, full_name="Cán bộ")
cats = [c.code for c in categories.ordered()]
for i in range(60):
    d = services.disclosure_create(actor=officer, place=commune, category=cats[i %% len(cats)],
        title=f"Công khai số {i}: danh sách hộ nghèo, ngân sách và dự án đường giao thông thôn {i %% 4 + 1}",
        summary="Ủy ban nhân dân xã công khai để nhân dân biết, kiểm tra, giám sát. " * 2, body="Nội dung chi tiết.")
    services.disclosure_publish(actor=officer, disclosure=d)
""" % (CODE, CODE)  # noqa: UP031


def main() -> int:
    try:
        from bench.runner import record
    except ImportError:  # pragma: no cover

        def record(bench: str, measured: str, baseline: str, ratio: float, details: str = "") -> str:
            print(bench, measured, baseline, f"{ratio:.3f}", details)
            return ""

    if not shutil.which("nginx"):
        print("nginx is not installed; skipping")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ,
            DANCHU_VAR_DIR=tmp,
            DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3",
            DEBUG="0",
            SECRET_KEY="bench-" + "x" * 50,
            FIELD_ENCRYPTION_KEY="ZGFuY2h1LWRldmVsb3BtZW50LWtleS0zMi1ieXRlcyE=",
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            STATIC_ROOT=f"{tmp}/static",
            HUEY_IMMEDIATE="1",
            LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="danchu.settings",
            DISCLOSURE_MEDIA_JOBS="0",
        )
        env.pop("REDIS_URL", None)
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django;django.setup();from django.conf import settings;"
                "settings.DISCLOSURE_MEDIA_JOBS=False;" + SETUP.replace("django.setup()\n", "", 1),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=600,
        )
        subprocess.run(
            [sys.executable, "-m", "danchu.manage", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
        port = _free_port()
        gunicorn = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "-w",
                "2",
                "-b",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                "bench.disclosures_commune_page:application",
            ],
            cwd=ROOT,
            env=env,
        )
        nginx = None
        try:
            page_url = f"http://127.0.0.1:{port}/disclosures/{CODE}/"
            _wait(page_url)
            with urllib.request.urlopen(page_url) as r:
                html = r.read()
            (Path(tmp) / "page.html").write_bytes(html)
            # nginx workers run as an unprivileged user: let them read the page.
            os.chmod(tmp, 0o755)
            os.chmod(Path(tmp) / "page.html", 0o644)
            nport = _free_port()
            conf = Path(tmp) / "nginx.conf"
            conf.write_text(
                f"daemon off; worker_processes 2; pid {tmp}/nginx.pid; error_log {tmp}/nginx-error.log;\n"
                "events { worker_connections 256; }\n"
                f"http {{ access_log off; client_body_temp_path {tmp}/cb; proxy_temp_path {tmp}/px;"
                f" fastcgi_temp_path {tmp}/fc; uwsgi_temp_path {tmp}/uw; scgi_temp_path {tmp}/sc;\n"
                f" server {{ listen 127.0.0.1:{nport}; root {tmp}; location / {{ default_type text/html;"
                " try_files /page.html =404; } } }\n"
            )
            nginx = subprocess.Popen(["nginx", "-p", tmp, "-c", str(conf)])
            _wait(f"http://127.0.0.1:{nport}/")
            bare_url = f"http://127.0.0.1:{port}/bare/{CODE}/"
            _wait(bare_url)
            _load(page_url)  # warm-up
            danchu_rps = _load(page_url)
            nginx_rps = _load(f"http://127.0.0.1:{nport}/")
            bare_rps = _load(bare_url)
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=20)
            if nginx is not None:
                nginx.terminate()
                nginx.wait(timeout=20)
    size = len(html) / 1024
    load = os.getloadavg()[0]
    common = (
        f"gunicorn 2 workers, SQLite, 60 disclosures, page {size:.1f} KB, wrk {CONNECTIONS} connections "
        f"{SECONDS}s, load average {load:.1f} on {os.cpu_count()} CPUs (shared machine)"
    )
    record(
        "disclosures_commune_page (vs nginx)",
        f"danchu {danchu_rps:.0f} req/s",
        f"nginx file {nginx_rps:.0f} req/s",
        danchu_rps / nginx_rps if nginx_rps else 0.0,
        common,
    )
    record(
        "disclosures_commune_page (vs bare view)",
        f"danchu {danchu_rps:.0f} req/s",
        f"bare Django view, same queries {bare_rps:.0f} req/s",
        danchu_rps / bare_rps if bare_rps else 0.0,
        common,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
