from __future__ import annotations

import base64
from typing import Any

import pytest

# A fixed test key: the heads a test publishes are signed with it and checked against it.
TEST_SIGNING_KEY = base64.b64encode(bytes(range(32))).decode()


def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", "fault: kills servers and database sessions (PostgreSQL, slow)")


@pytest.fixture(autouse=True)
def _audit_anchor_file(tmp_path: Any, settings: Any) -> None:
    """Each test publishes its audit heads to its own file, never to var/."""
    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.log"
    settings.AUDIT_SIGNING_KEY = TEST_SIGNING_KEY


@pytest.fixture
def fresh_openapi() -> Any:
    """No OpenAPI document built by an earlier test (core.openapi keeps them per process)."""
    from danchu.core import openapi

    openapi.forget()
    yield
    openapi.forget()
