"""deploy/gunicorn.conf.py warms the preloaded master (danchu/warm.py) so that the workers it forks share
what they would otherwise each load on their first request (issue #17: a worker's memory)."""

from __future__ import annotations

from typing import Any

import pytest
from django.template import engines
from django.test import Client

from danchu.api import api
from danchu.warm import TEMPLATES

URL = "/api/v1/openapi.json"


pytestmark = pytest.mark.usefixtures("fresh_openapi")


def test_every_warmed_template_exists() -> None:
    for name in TEMPLATES:
        engines["django"].get_template(name)


def test_the_master_warm_up_builds_both_languages(monkeypatch: Any) -> None:
    """The workers answer openapi.json in either language without building it again."""
    from danchu.warm import warm

    warm()
    calls: list[Any] = []
    original = type(api).get_openapi_schema
    monkeypatch.setattr(
        type(api), "get_openapi_schema", lambda self, **kw: calls.append(kw) or original(self, **kw)
    )
    for language in ("vi", "en"):
        response = Client(headers={"accept-language": language}).get(URL)
        assert response.status_code == 200 and response["Content-Language"] == language
    assert calls == []
