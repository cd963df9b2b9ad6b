"""Public disclosure pages straight from Django (no cache in front): the commune board, a disclosure
and a search, each against the floor measured in the same run under the same gunicorn on the same
database — a bare Django view answering one simple query (34 places, no middleware, no template) —
interleaved (floor, page, floor, page, ...), with the load average of the machine.

    .venv/bin/python -m bench.disclosures_commune_page                       # SQLite in a temp dir
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1/bench_x .venv/bin/python -m bench.disclosures_commune_page

The database gets one commune with 4 villages and 60 published disclosures. `wrk` (or a small
Python client when wrk is missing) loads each URL for BENCH_SECONDS (default 8). Target: ≥ 0.5.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
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
        # The floor: Django's database layer, one simple 34-row SELECT, no middleware or template.
        from django.db import connection

        with connection.cursor() as c:
            c.execute("SELECT id, code, name FROM places_place ORDER BY id LIMIT 34")
            rows = c.fetchall()
        body = "\n".join(f"{r[0]} {r[1]} {r[2]}" for r in rows).encode()
        start_response(
            "200 OK", [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))]
        )
        return [body]
    return _django_app(environ, start_response)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 180) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                if r.status == 200:
                    return
        except urllib.error.HTTPError as e:
            raise RuntimeError(f"{url} answered {e.code}: {e.read()[:2000]!r}") from e
        except OSError:
            time.sleep(0.5)
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
    d = services.disclosure_create(actor=officer, place=commune, draft=services.Draft(
        category=cats[i %% len(cats)],
        title=f"Công khai số {i}: danh sách hộ nghèo, ngân sách và dự án đường giao thông thôn {i %% 4 + 1}",
        summary="Ủy ban nhân dân xã công khai để nhân dân biết, kiểm tra, giám sát. " * 2,
        body="Tổng kinh phí 4.956 triệu đồng. " + "Nội dung chi tiết của bản công khai. " * 40))
    services.disclosure_publish(actor=officer, disclosure=d)
print("FIRST", d.pk)
""" % (CODE, CODE)  # noqa: UP031


def main() -> int:
    try:
        from bench.runner import record
    except ImportError:  # pragma: no cover

        def record(bench: str, measured: str, baseline: str, ratio: float, details: str = "") -> str:
            print(bench, measured, baseline, f"{ratio:.3f}", details)
            return ""

    db_url = os.environ.get("BENCH_DATABASE_URL", "")
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(
            os.environ,
            DANCHU_VAR_DIR=tmp,
            DATABASE_URL=db_url or f"sqlite:///{tmp}/bench.sqlite3",
            DEBUG="0",
            SECRET_KEY="bench-" + "x" * 50,
            FIELD_ENCRYPTION_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
            AUDIT_SIGNING_KEY=base64.b64encode(os.urandom(32)).decode(),
            ALLOWED_HOSTS="127.0.0.1",
            SECURE_SSL_REDIRECT="0",
            STATIC_ROOT=f"{tmp}/static",
            HUEY_IMMEDIATE="1",
            LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="danchu.settings",
            DISCLOSURE_MEDIA_JOBS="0",
        )
        env.pop("REDIS_URL", None)
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django;django.setup();from django.conf import settings;"
                "settings.DISCLOSURE_MEDIA_JOBS=False;" + SETUP.replace("django.setup()\n", "", 1),
            ],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=900,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout
        last = int(re.search(r"FIRST (\d+)", out).group(1))  # type: ignore[union-attr]
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
                "--timeout",
                "300",  # the first request imports every URLconf: slow on a loaded shared machine
                "--log-level",
                "warning",
                "bench.disclosures_commune_page:application",
            ],
            cwd=ROOT,
            env=env,
        )
        base = f"http://127.0.0.1:{port}"
        pages = {
            "commune board": f"{base}/disclosures/{CODE}/",
            "disclosure": f"{base}/disclosures/d/{last}/",
            "search": f"{base}/disclosures/search/?q=ho+ngheo+4956",
        }
        floor_url = f"{base}/bare/"
        results: dict[str, tuple[float, float, int]] = {}
        loads = []
        try:
            for url in [*pages.values(), floor_url]:
                _wait(url)
            _load(floor_url)  # warm-up both workers
            for name, url in pages.items():
                _load(url)
                with urllib.request.urlopen(url) as r:
                    size = len(r.read())
                floor_a = _load(floor_url)
                rps = _load(url)
                floor_b = _load(floor_url)
                loads.append(os.getloadavg()[0])
                results[name] = (rps, (floor_a + floor_b) / 2, size)
        finally:
            gunicorn.terminate()
            gunicorn.wait(timeout=60)
    engine = "PostgreSQL" if db_url.startswith("postgres") else "SQLite"
    for name, (rps, floor, size) in results.items():
        record(
            f"disclosures {name} (no cache) vs bare view + 1 query ({engine})",
            f"danchu {rps:.0f} req/s",
            f"bare Django view, one 34-row SELECT {floor:.0f} req/s",
            rps / floor if floor else 0.0,
            f"page {size / 1024:.1f} KB; gunicorn 2 sync workers, DEBUG=0, {engine}; 60 disclosures; "
            f"wrk {CONNECTIONS} connections {SECONDS}s, floor measured before and after; "
            f"load average {max(loads):.1f} on {os.cpu_count()} CPUs",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
