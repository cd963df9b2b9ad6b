"""With DEBUG off, what production relies on stays in place: `check --deploy` is clean, pages send
HSTS, frame denial and nosniff, cookies are Secure and HttpOnly, mail never goes to the console
(issue #9, items 5 and 9). Runs a fresh interpreter, since settings.py reads DEBUG at import."""

from __future__ import annotations

import base64
import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

SCRIPT = r"""
import io, json, django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.test.utils import setup_test_environment

out = {}
buffer = io.StringIO()
try:
    call_command("check", deploy=True, fail_level="WARNING", stdout=buffer, stderr=buffer)
    out["check"] = "clean"
except SystemCheckError as e:
    out["check"] = str(e)
out["email_backend"] = settings.EMAIL_BACKEND
out["cookies"] = {
    name: getattr(settings, name)
    for name in ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_SAMESITE")
}
response = Client(raise_request_exception=False).get(
    "/api/v1/openapi.json", secure=True, HTTP_HOST="danchu.example.gov.vn"
)
out["headers"] = {k.lower(): v for k, v in response.headers.items()}
response = Client(raise_request_exception=False).get("/", HTTP_HOST="danchu.example.gov.vn")
out["plain_http"] = [response.status_code, response.headers.get("Location", "")]
print("RESULT " + json.dumps(out))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory: Any) -> dict[str, Any]:
    var = tmp_path_factory.mktemp("var")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("EMAIL_", "DJANGO_", "PYTEST", "DEBUG", "SECURE_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="danchu.settings",
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        FIELD_ENCRYPTION_KEY=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        AUDIT_SIGNING_KEY=base64.b64encode(os.urandom(32)).decode(),
        ALLOWED_HOSTS="danchu.example.gov.vn",
        DANCHU_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'db.sqlite3'}",
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[3],
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert lines, done.stderr[-2000:]
    return json.loads(lines[-1][len("RESULT ") :])  # type: ignore[no-any-return]


def test_check_deploy_is_clean(production: dict[str, Any]) -> None:
    assert production["check"] == "clean"


def test_pages_send_hsts_frame_denial_and_nosniff(production: dict[str, Any]) -> None:
    headers = production["headers"]
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"


def test_plain_http_is_redirected_to_https(production: dict[str, Any]) -> None:
    status, location = production["plain_http"]
    assert status == 301 and location.startswith("https://")


def test_cookies_are_secure_and_out_of_scripts_reach(production: dict[str, Any]) -> None:
    assert production["cookies"] == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
    }


def test_without_a_mail_server_mail_never_goes_to_the_console(production: dict[str, Any]) -> None:
    assert production["email_backend"] == "danchu.accounts.mail.OutboxEmailBackend"
