"""Issue #17: loading the URLs must not load numpy or scikit-learn (only the background job that
computes an opinion map needs them)."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
import django

django.setup()
import danchu.urls  # noqa: F401

assert "danchu.consultations.mapping" in sys.modules, "the opinion maps were not loaded at all"
print(",".join(m for m in ("numpy", "sklearn") if m in sys.modules))
"""


def test_importing_the_urls_does_not_load_numpy_or_sklearn():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "danchu.settings"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1:] in ([], [""]), done.stdout


def test_the_map_still_computes_with_its_imports_inside(db):
    from danchu.consultations import mapping

    votes = [(p, s, 1 if (p + s) % 2 else -1) for p in range(30) for s in range(10)]
    result = mapping.compute(mapping.build(votes, list(range(10))))
    assert result


def test_people_who_voted_alike_make_as_many_groups_as_positions_and_no_warning(db):
    import warnings

    from danchu.consultations import mapping

    # Two camps voting exactly alike within each camp: two positions on the map, so two groups; asking
    # k-means for three to five groups of two points made scikit-learn warn (ConvergenceWarning).
    votes = [(p, s, 1 if (p + s) % 2 else -1) for p in range(30) for s in range(10)]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = mapping.compute(mapping.build(votes, list(range(10))))
    assert sorted({g for *_rest, g in result["points"]}) == [0, 1]
    assert len(result["groups"]) == 2
