"""Test helpers shared by every app's tests (imported by conftest.py's fixtures)."""

from __future__ import annotations

import json
from typing import Any

from django.middleware.csrf import _get_new_csrf_string, _mask_cipher_secret  # type: ignore[attr-defined]
from django.test import Client


class BrowserClient(Client):
    """A test client that enforces CSRF like a browser session does."""

    def __init__(self, **defaults: Any) -> None:
        super().__init__(enforce_csrf_checks=True, **defaults)

    def csrf_token(self) -> str:
        """The masked CSRF token for this client's cookie (set first when there is none)."""
        cookie = self.cookies.get("csrftoken")
        if cookie is None:
            secret = _get_new_csrf_string()
            self.cookies["csrftoken"] = secret
            return _mask_cipher_secret(secret)
        return _mask_cipher_secret(cookie.value)

    def post_form(self, path: str, data: dict[str, Any] | None = None, **extra: Any) -> Any:
        """POST a form with the CSRF token, as a browser would."""
        return self.post(path, {**(data or {}), "csrfmiddlewaretoken": self.csrf_token()}, **extra)

    def api(self, method: str, path: str, data: Any = None, **extra: Any) -> Any:
        """A JSON call from the page's own script: the session plus the X-CSRFToken header."""
        return self.generic(
            method.upper(),
            path,
            data="" if data is None else json.dumps(data),
            content_type="application/json",
            HTTP_X_CSRFTOKEN=self.csrf_token(),
            **extra,
        )


def xlsx_bomb(workbook: bytes, padding: int = 20_000_000) -> bytes:
    """`workbook` (XLSX bytes) with `padding` spaces inside its first sheet, deflated: a file of a few
    kilobytes that unpacks to tens of megabytes, for the tests of imports that must refuse it."""
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            part = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"<sheetData>", b"<sheetData>" + b" " * padding)
            dst.writestr(item, part, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def on_day(day: Any, hour: int = 8) -> Any:
    """A context in which the clock reads `day` at `hour` in Vietnam (and ticks on): for steps the
    law ties to a day, as opening an election's vote on its election day."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    import time_machine
    from django.conf import settings

    return time_machine.travel(
        dt.datetime.combine(day, dt.time(hour), ZoneInfo(settings.TIME_ZONE)), tick=True
    )


def open_election(open_: Any, *, actor: Any, election: Any) -> Any:
    """`open_(actor=…, election=…)` (meetings.services.election_open) on the election's day."""
    with on_day(election.election_day):
        return open_(actor=actor, election=election)


def clear_kernel_caches() -> None:
    """Empty what the kernel keeps in a process between requests: the rate limiter's and the page
    cache's local-memory stores and core.sqlmemo (compiled statements and rows kept under a version)."""
    from django.conf import settings
    from django.core.cache import caches

    from danchu.core import sqlmemo

    for alias in (settings.RATELIMIT_CACHE, settings.PAGE_CACHE):
        caches[alias].clear()
    sqlmemo.clear()


def index_plan(sql: str) -> str:
    """The plan of `sql` (captured SQL text) on the test database, for asserting that a statement
    *can* use an index: on PostgreSQL with sequential and bitmap scans switched off for the rest of
    the test's transaction, since on a tiny test database a sequential scan always wins; on SQLite
    EXPLAIN QUERY PLAN as it is."""
    from django.db import connection

    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute("SET LOCAL enable_bitmapscan = off")
            cur.execute("EXPLAIN " + sql)
        else:
            cur.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(r[-1]) for r in cur.fetchall())
