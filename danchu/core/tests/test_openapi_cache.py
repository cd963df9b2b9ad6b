"""openapi.json is built once per process and language, then answered from memory with an ETag and
Cache-Control; a client that has it gets 304 (issue #17 item 6)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.api import api

URL = "/api/v1/openapi.json"


pytestmark = pytest.mark.usefixtures("fresh_openapi")


def test_built_once_then_served_from_memory_with_etag(monkeypatch: Any) -> None:
    calls = []
    original = type(api).get_openapi_schema

    def counting(self: Any, **kwargs: Any) -> Any:
        calls.append(kwargs)
        return original(self, **kwargs)

    monkeypatch.setattr(type(api), "get_openapi_schema", counting)
    first, second = Client().get(URL), Client().get(URL)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.json()["openapi"].startswith("3.")
    assert len(calls) == 1
    assert first["ETag"] == second["ETag"] and first["ETag"].startswith('"')
    assert "max-age=" in first["Cache-Control"] and "public" in first["Cache-Control"]
    assert "Accept-Language" in first["Vary"]


def test_if_none_match_answers_304_without_a_body() -> None:
    etag = Client().get(URL)["ETag"]
    response = Client().get(URL, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304 and response.content == b""
    assert response["ETag"] == etag
    assert Client().get(URL, HTTP_IF_NONE_MATCH='"stale"').status_code == 200
    assert Client().get(URL, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code == 304
