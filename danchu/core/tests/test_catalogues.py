"""The Vietnamese catalogue of every app compiles and is complete (no untranslated or fuzzy entry)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import danchu

CATALOGUES = sorted(Path(danchu.__file__).parent.glob("*/locale/vi/LC_MESSAGES/django.po"))


def test_every_app_with_strings_has_a_vietnamese_catalogue() -> None:
    apps = {p.parts[-5] for p in CATALOGUES}
    assert {"core", "front", "places", "accounts", "disclosures", "cases", "reporting", "steering"} <= apps


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="gettext is not installed (make sysdeps)")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_catalogue_compiles_and_is_complete(po: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    stats = result.stderr.strip().splitlines()[-1]
    assert "untranslated" not in stats and "fuzzy" not in stats, f"{po}: {stats}"
