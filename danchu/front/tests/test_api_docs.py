"""The API documentation page works without internet and under the Content-Security-Policy: Swagger UI
comes from the installed django-ninja package's static files, never from a CDN, and draws every
operation of the OpenAPI document."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client


@pytest.mark.django_db
def test_the_docs_page_names_no_outside_origin_and_sends_the_policy(client: Client) -> None:
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert not re.search(r"(src|href)=\"https?://", html), "the docs page loads something from outside"
    assert "swagger-ui-bundle.js" in html
    policy = r.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy


def test_swagger_draws_every_operation_offline(page: Any, live_server: Any) -> None:
    from danchu.api import api

    schema = api.get_openapi_schema()
    operations = sum(
        1
        for ops in schema["paths"].values()
        for method in ops
        if method in {"get", "post", "put", "patch", "delete"}
    )
    outside: list[str] = []
    errors: list[str] = []
    page.on(
        "request", lambda req: outside.append(req.url) if not req.url.startswith(live_server.url) else None
    )
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=60000)
    # Swagger draws the tags one after another: wait until the count stops at the document's.
    page.wait_for_function(f"document.querySelectorAll('.opblock').length >= {operations}", timeout=60000)
    assert page.locator(".opblock").count() == operations
    assert not outside, outside[:5]
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors[:5]
