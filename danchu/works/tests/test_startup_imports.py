"""Issue #17: loading the URLs must not load openpyxl (the ledger's XLSX export and import load it
when they run)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import django

django.setup()
import danchu.urls  # noqa: F401

assert "danchu.works.exports" in sys.modules, "the works module was not loaded at all"
assert "danchu.works.views.ledger" in sys.modules, "the ledger views were not loaded at all"
print(",".join(m for m in ("openpyxl",) if m in sys.modules))
"""


def test_importing_the_urls_does_not_load_openpyxl():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "danchu.settings"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1:] in ([], [""]), done.stdout
