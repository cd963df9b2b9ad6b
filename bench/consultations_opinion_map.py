"""Opinion map at scale: 10,000 participants × 500 statements, each voting on 20–60 statements, in
four planted opinion groups. danchu's computation (consultations.mapping.compute) against the
red-dwarf package's Pol.is pipeline on the same votes, in the same run: time ratio, peak memory,
and the adjusted Rand index between the two group assignments (and against the planted groups).

red-dwarf is not in requirements.lock: the bench installs it on demand into var/bench-reddwarf/
(the versions in RED_DWARF, without their dependencies: scikit-learn, numpy, scipy and pydantic are
danchu's own; only pandas and its time-zone tables are added, and red-dwarf's web-loading libraries
are not needed by its pipeline), and puts that directory at the end of sys.path. BENCH_RED_DWARF=0
skips it (danchu is then recorded against the planted groups only). Knobs: BENCH_PEOPLE (10000),
BENCH_STATEMENTS (500), BENCH_SEED (1).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np

GROUPS = 4
RED_DWARF = ("red-dwarf==0.4.0", "pandas==2.3.3", "pytz==2026.6", "tzdata==2026.6")
RED_DWARF_DIR = Path(__file__).resolve().parent.parent / "var" / "bench-reddwarf"


def red_dwarf_available() -> bool:
    """Install red-dwarf beside (not into) the virtualenv once, and make it importable."""
    if os.environ.get("BENCH_RED_DWARF") == "0":
        return False
    if not (RED_DWARF_DIR / "reddwarf").exists():
        print(f"installing {', '.join(RED_DWARF)} into {RED_DWARF_DIR} …", flush=True)
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "install",
                "--quiet",
                "--no-deps",
                "--target",
                str(RED_DWARF_DIR),
                *RED_DWARF,
            ],
            check=True,
        )
    if str(RED_DWARF_DIR) not in sys.path:
        sys.path.append(str(RED_DWARF_DIR))  # last: danchu's numpy and scikit-learn win
    return True


def simulate(people: int, statements: int, seed: int) -> tuple[list[tuple[int, int, int]], np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, GROUPS, size=people)
    # Each group agrees with a statement with its own probability; some statements are consensual.
    p_agree = rng.uniform(0.1, 0.9, size=(GROUPS, statements))
    consensual = rng.random(statements) < 0.1
    p_agree[:, consensual] = 0.85
    votes: list[tuple[int, int, int]] = []
    for person in range(people):
        seen = rng.choice(statements, size=int(rng.integers(20, 61)), replace=False)
        draws = rng.random(len(seen))
        passes = rng.random(len(seen)) < 0.1
        for s, d, passed in zip(seen, draws, passes, strict=True):
            value = 0 if passed else (1 if d < p_agree[truth[person], s] else -1)
            votes.append((person, int(s), value))
    return votes, truth


def measure(fn: Any) -> tuple[Any, float, float]:
    """Time a run without tracing (tracemalloc slows allocation-heavy code several times), then
    the peak traced memory of a second run."""
    fn()  # warm-up: imports and caches
    started = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    fn()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return out, seconds, peak


def run_danchu(votes: list[tuple[int, int, int]], statements: int) -> dict[int, int]:
    from danchu.consultations import mapping

    result = mapping.compute(mapping.build(votes, list(range(statements))))
    return {p: g for p, _x, _y, g in result["points"]}


def run_red_dwarf(votes: list[tuple[int, int, int]]) -> dict[int, int]:
    from reddwarf.implementations.polis import run_pipeline  # type: ignore[import-not-found]

    result = run_pipeline(votes=[{"participant_id": p, "statement_id": s, "vote": v} for p, s, v in votes])
    frame = getattr(result, "projected_participants", None)
    if frame is None:
        frame = result.participants_df
    return {int(i): int(c) for i, c in frame["cluster_id"].dropna().items()}


def ari(a: dict[int, int], b: dict[int, int]) -> float:
    from sklearn.metrics import adjusted_rand_score

    common = sorted(set(a) & set(b))
    return float(adjusted_rand_score([a[p] for p in common], [b[p] for p in common]))


def main() -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
    django.setup()
    from bench.runner import record

    people = int(os.environ.get("BENCH_PEOPLE", "10000"))
    statements = int(os.environ.get("BENCH_STATEMENTS", "500"))
    votes, truth = simulate(people, statements, int(os.environ.get("BENCH_SEED", "1")))
    planted = {p: int(g) for p, g in enumerate(truth)}
    ours, ours_s, ours_mb = measure(lambda: run_danchu(votes, statements))
    details = f"{people} people × {statements} statements, {len(votes)} votes; danchu peak {ours_mb:.0f} MiB"
    try:
        if not red_dwarf_available():
            raise ImportError("BENCH_RED_DWARF=0")
        theirs, theirs_s, theirs_mb = measure(lambda: run_red_dwarf(votes))
    except ImportError:
        record(
            "consultations_opinion_map",
            measured=f"danchu {ours_s:.2f} s, ARI vs planted {ari(ours, planted):.3f}",
            baseline="red-dwarf not installed",
            ratio=1.0,
            details=details,
        )
        return 0
    record(
        "consultations_opinion_map",
        measured=f"danchu {ours_s:.2f} s, {ours_mb:.0f} MiB",
        baseline=f"red-dwarf {theirs_s:.2f} s, {theirs_mb:.0f} MiB",
        ratio=theirs_s / ours_s,
        details=f"{details}; ARI danchu/red-dwarf {ari(ours, theirs):.3f}; vs planted: danchu "
        f"{ari(ours, planted):.3f}, red-dwarf {ari(theirs, planted):.3f}",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
