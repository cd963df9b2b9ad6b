"""A browser test's own database calls go through the connection the test started with.

Playwright's sync API keeps its event loop "running" in the test's thread, so Django's connection
handler (an asgiref Local) handed the test body a connection of its own; and pytest-django's live
server, started before the test database existed, opened another. On SQLite's shared in-memory test
database their table locks do not wait: a session row the test wrote while the server read
django_session failed with "database table is locked" (a CI run failed so in the works journey).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connections


@pytest.fixture
def started_with(transactional_db: Any) -> Any:
    """The test's connection before the browser starts (requested ahead of `page`)."""
    return connections["default"]


def test_the_test_body_keeps_its_connection(started_with: Any, page: Any, live_server: Any) -> None:
    assert connections["default"] is started_with
    if started_with.vendor == "sqlite":  # the server thread shares it, as LiveServerTestCase arranges
        assert live_server.thread.connections_override["default"] is started_with
