"""Record a benchmark result as a ratio against a baseline measured in the same run.

`record()` appends one row to docs/benchmarks.md (machine, date, commit, bench, ratio, details) and
prints it. Absolute numbers depend on the machine and its load; a ratio against a baseline run in
the same minute on the same machine is what stays comparable from one run to the next.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "docs" / "benchmarks.md"

HEADER = """# Benchmarks

Each row is one run of a bench in `bench/` (see `bench/README.md`): danchu measured against a
baseline in the same minute on the same machine, kept as a ratio (`measured / baseline`).
Rows are appended by `bench.runner.record()`; do not edit them by hand.

| Date (UTC) | Commit | Machine | Bench | Measured | Baseline | Ratio | Details |
|---|---|---|---|---|---|---|---|
"""


def git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, timeout=10
        )
        commit = out.stdout.strip() or "unknown"
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return commit + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def database_label() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return "PostgreSQL"
    return "SQLite"


def machine() -> str:
    return (
        f"{platform.machine()} {os.cpu_count()} CPU, "
        f"Python {platform.python_version()}, {platform.system()}, {database_label()}"
    )


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def record(bench: str, measured: str, baseline: str, ratio: float, details: str = "") -> str:
    """Append one result row to docs/benchmarks.md, print it and return it.

    `measured` and `baseline` describe what was measured with its number (e.g. "danchu home 310 req/s"),
    `ratio` is measured / baseline.
    """
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    row = (
        "| "
        + " | ".join(
            _cell(c)
            for c in (date, git_commit(), machine(), bench, measured, baseline, f"{ratio:.3f}", details)
        )
        + " |\n"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if not RESULTS.exists() or not RESULTS.read_text(encoding="utf-8").strip():
        RESULTS.write_text(HEADER, encoding="utf-8")
    with RESULTS.open("a", encoding="utf-8") as f:
        f.write(row)
    print(row, end="", file=sys.stdout, flush=True)
    return row
