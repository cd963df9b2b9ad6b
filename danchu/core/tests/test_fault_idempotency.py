"""Nothing doubled, nothing lost: a burst of case submissions against gunicorn on PostgreSQL while the
server is killed with SIGKILL and the database sessions are terminated (issue #9, item 6).

Each submission carries its own Idempotency-Key and a unique subject; the client retries every
request that was not acknowledged (connection refused or reset, 5xx, 409) with the same key. At the
end every acknowledged submission exists exactly once, with the tracking code it was acknowledged
with, and no subject exists twice.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from danchu.cases.models import Case

pytestmark = [pytest.mark.fault, pytest.mark.slow]

SUBMISSIONS = 300
CLIENTS = 8
KILL_AT, TERMINATE_AT = 80, 180  # acknowledged submissions before each fault
DEADLINE = 90  # seconds for the whole burst

# The gunicorn server's database sessions are named (fault_settings.py): only they are terminated.
SERVER_APPLICATION_NAME = "danchu-fault-server"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """gunicorn on the test database, in its own process group so SIGKILL takes the workers too."""

    def __init__(self, port: int, env: dict[str, str], log: Path) -> None:
        self.port, self.env, self.log = port, env, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [
                    gunicorn,
                    "danchu.wsgi:application",
                    "-b",
                    f"127.0.0.1:{self.port}",
                    "-w",
                    "2",
                    "--timeout",
                    "30",
                ],
                env=self.env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        until = time.monotonic() + 30
        while time.monotonic() < until:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn did not start; see {self.log}")

    def kill(self) -> None:
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()


def _submit(
    port: int, key: str, body: bytes, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        conn.request(
            "POST",
            "/api/v1/cases/",
            body=body,
            headers={"Content-Type": "application/json", "Idempotency-Key": key},
        )
        response = conn.getresponse()
        data = response.read()
        if headers is not None:
            headers.update(response.getheaders())
        try:
            return response.status, json.loads(data or b"{}")
        except ValueError:
            return response.status, {}
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_a_burst_survives_a_killed_server_and_killed_sessions_with_nothing_lost_or_doubled(
    village: Any, tmp_path: Path
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the fault test runs against PostgreSQL")
    db = connection.settings_dict
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "danchu.core.tests.fault_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "DANCHU_VAR_DIR": str(tmp_path / "var"),
        "HUEY_IMMEDIATE": "1",
        "DEBUG": "1",
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        own = cursor.fetchone()[0]
    server = Server(port, env, tmp_path / "gunicorn.log")
    server.start()

    # The server really answers a repeated key with the first response.
    probe, replayed = (
        json.dumps({"place_code": village.code, "title": "Thử", "description": "Thử."}).encode(),
        {},
    )
    probe_key = str(uuid.uuid4())
    assert _submit(port, probe_key, probe)[0] == 201
    assert (
        _submit(port, probe_key, probe, replayed)[0] == 201 and replayed.get("Idempotent-Replayed") == "true"
    )

    acknowledged: dict[str, str] = {}  # subject -> tracking code
    lock = threading.Lock()
    faults: list[str] = []
    errors: list[str] = []
    started = time.monotonic()
    todo = list(range(SUBMISSIONS))

    def client() -> None:
        while True:
            with lock:
                if not todo:
                    return
                n = todo.pop()
            subject = f"Phản ánh số {n} về đường thôn"
            key = str(uuid.uuid4())
            body = json.dumps(
                {
                    "place_code": village.code,
                    "title": subject,
                    "description": "Đường hỏng.",
                    "anonymous": True,
                }
            ).encode()
            while time.monotonic() - started < DEADLINE:
                try:
                    status, data = _submit(port, key, body)
                except OSError:  # refused or reset while the server is down: retry the same key
                    time.sleep(0.2)
                    continue
                if status == 201:
                    with lock:
                        acknowledged[subject] = data["tracking_code"]
                    break
                if status >= 500 or status == 409:
                    time.sleep(0.1)
                    continue
                errors.append(f"{subject}: {status} {data}")
                break

    def chaos() -> None:
        while len(acknowledged) < KILL_AT and time.monotonic() - started < DEADLINE:
            time.sleep(0.01)
        server.kill()
        faults.append(f"SIGKILL at {len(acknowledged)}")
        time.sleep(0.5)
        server.start()
        while len(acknowledged) < TERMINATE_AT and time.monotonic() - started < DEADLINE:
            time.sleep(0.01)
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() AND pid <> %s "
                    "AND application_name = %s",
                    [own, SERVER_APPLICATION_NAME],
                )
                faults.append(f"terminated {cursor.fetchone()[0]} sessions at {len(acknowledged)}")
        finally:
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)] + [threading.Thread(target=chaos)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=DEADLINE + 30)
    finally:
        server.kill()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = %s",
                [SERVER_APPLICATION_NAME],
            )

    print(faults, f"{len(acknowledged)} acknowledged in {time.monotonic() - started:.1f} s")
    assert not errors, errors[:5]
    assert len(faults) == 2, faults
    assert len(acknowledged) == SUBMISSIONS, f"{len(acknowledged)} acknowledged within {DEADLINE} s"
    stored = dict(Case.objects.filter(title__startswith="Phản ánh số ").values_list("title", "tracking_code"))
    assert Case.objects.filter(title__startswith="Phản ánh số ").count() == len(stored), "a subject doubled"
    assert stored == acknowledged
