"""Fixtures of the deployment tests (helpers in servers.py)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import pytest

from .servers import stop


@pytest.fixture
def processes() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Processes a test started; all are stopped at teardown, whatever happened."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for p in reversed(started):
        stop(p)
