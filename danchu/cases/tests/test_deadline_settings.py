"""A deadline rule's setting (CASES_<TYPE>_<RULE>_DAYS) set in the environment changes the rule — it
used to be documented and read only from settings.py, where nothing declared it, so an operator's
value changed nothing — and a misspelt name or a value below one day stops `danchu check` (run by
migrate and runserver) instead of being ignored in silence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DAYS = (
    "import django; django.setup(); from danchu.cases.types import case_type; "
    "print(case_type('feedback').rules[-1].resolution.days)"
)


def _run(args: list[str], **extra: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not (k.startswith("CASES_") and k.endswith("_DAYS"))}
    env.update(DJANGO_SETTINGS_MODULE="danchu.settings", **extra)
    return subprocess.run(args, env=env, capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_the_environment_sets_a_rules_days() -> None:
    default = _run([sys.executable, "-c", DAYS])
    assert default.returncode == 0, default.stderr[-2000:]
    assert default.stdout.split()[-1] == "30"
    changed = _run([sys.executable, "-c", DAYS], CASES_FEEDBACK_RESOLUTION_DAYS="15")
    assert changed.returncode == 0, changed.stderr[-2000:]
    assert changed.stdout.split()[-1] == "15"


def test_a_misspelt_or_empty_rule_stops_the_check() -> None:
    check = [sys.executable, "-m", "django", "check"]
    assert _run(check, CASES_FEEDBACK_RESOLUTION_DAYS="15").returncode == 0
    misspelt = _run(check, CASES_FEEDBAK_RESOLUTION_DAYS="15")
    assert misspelt.returncode != 0 and "cases.E001" in misspelt.stderr
    assert "CASES_FEEDBAK_RESOLUTION_DAYS" in misspelt.stderr
    assert "Did you mean CASES_FEEDBACK_RESOLUTION_DAYS?" in misspelt.stderr
    zero = _run(check, CASES_FEEDBACK_RESOLUTION_DAYS="0")
    assert zero.returncode != 0 and "cases.E002" in zero.stderr
    text = _run(check, CASES_FEEDBACK_RESOLUTION_DAYS="mười lăm")
    assert text.returncode != 0 and "must be an integer" in text.stderr


def test_every_rule_is_listed_in_the_documentation() -> None:
    from danchu.cases.types import DECLARED_DAYS

    documented = (ROOT / "docs" / "cases.md").read_text()
    assert DECLARED_DAYS and not [n for n in sorted(DECLARED_DAYS) if f"`{n}`" not in documented]
