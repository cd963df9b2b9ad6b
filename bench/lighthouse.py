"""Lighthouse (mobile) on the four pages a villager meets first: the home page, a commune's page, a
published disclosure and the feedback form (issue #16: accessibility ≥ 95, performance ≥ 90).

    .venv/bin/python -m bench.lighthouse        (or: make bench BENCH=lighthouse)

Lighthouse itself is a Node program: it is installed here, on demand, into bench/lighthouse/
(`npm ci` from the lock file beside it), never by `make install`. It drives Debian's chromium
(/usr/bin/chromium, or CHROME_PATH). danchu runs as people meet it: gunicorn with DEBUG off, static
files collected and served by whitenoise, a fresh SQLite database with the 34 provinces and the demo
data, no Redis (so no page cache: the page is rendered by Django on every request).

Lighthouse's mobile preset simulates a mid-range phone on a slow 4G link (throttling "simulate":
the score comes from a model of the page's requests and CPU work, not from this machine's clock),
which is why it can be read on a shared 2-core machine; it still varies a few points with the load,
so each page is measured ROUNDS times, pages interleaved, and the median kept. One row per page goes
to docs/benchmarks.md: measured = the scores, baseline = the issue's thresholds, ratio = the lower of
performance ÷ 90 and accessibility ÷ 95 (≥ 1 passes both). The failed audits of each page are printed.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.runner import ROOT, gunicorn, production_env, record

HERE = Path(__file__).resolve().parent / "lighthouse"
CLI = HERE / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
ROUNDS = int(os.environ.get("BENCH_LIGHTHOUSE_ROUNDS", "3"))
THRESHOLDS = {"performance": 90, "accessibility": 95}
DANCHU = [str(Path(sys.executable).with_name("danchu"))]
KEYS = ("SECRET_KEY", "FIELD_ENCRYPTION_KEY", "AUDIT_SIGNING_KEY")  # what the demo data was written with

# The pages, found in the demo data: the commune with the most published disclosures, its latest one.
FIND_PAGES = """
import json
from django.db.models import Count, Q
from danchu.disclosures.models import Disclosure
from danchu.places.models import Level, Place
commune = (
    Place.objects.filter(level=Level.COMMUNE)
    .annotate(n=Count("disclosures", filter=Q(disclosures__published_at__isnull=False)))
    .order_by("-n", "code")
    .first()
)
item = Disclosure.objects.published().filter(place=commune).order_by("-published_at").first()
print(json.dumps({
    "home": "/",
    "commune": commune.get_absolute_url(),
    "disclosure": item.get_absolute_url(),
    "case_form": "/cases/new/",
}))
"""


def install_lighthouse() -> None:
    if not CLI.exists():
        print("installing Lighthouse into bench/lighthouse/ (npm ci) …", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=HERE, check=True)


def run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, env=env, check=True, cwd=ROOT, capture_output=True, text=True).stdout


def lighthouse(url: str, out: Path, attempts: int = 3) -> dict[str, object]:
    """One Lighthouse run. Headless Chrome now and then fails to record the trace (NO_NAVSTART,
    "Please run Lighthouse again"): such a run is repeated, at most `attempts` times."""
    for attempt in range(1, attempts + 1):
        try:
            return _lighthouse_once(url, out)
        except subprocess.CalledProcessError:
            if attempt == attempts:
                raise
            print(f"   Lighthouse failed on {url}; again ({attempt + 1}/{attempts})", flush=True)
    raise AssertionError("unreachable")


def _lighthouse_once(url: str, out: Path) -> dict[str, object]:
    subprocess.run(
        [
            "node",
            str(CLI),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            "--only-categories=performance,accessibility",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage",
        ],
        env={**os.environ, "CHROME_PATH": CHROME},
        check=True,
        timeout=300,
    )
    report: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return report


def scores(report: dict[str, object]) -> dict[str, int]:
    categories = report["categories"]
    assert isinstance(categories, dict)
    return {name: round(100 * (categories[name]["score"] or 0)) for name in THRESHOLDS}


def failed_audits(report: dict[str, object]) -> list[str]:
    audits = report["audits"]
    categories = report["categories"]
    assert isinstance(audits, dict) and isinstance(categories, dict)
    names = []
    for category in THRESHOLDS:
        for ref in categories[category]["auditRefs"]:
            audit = audits[ref["id"]]
            if ref.get("weight") and audit.get("score") is not None and audit["score"] < 0.9:
                names.append(f"{category}: {ref['id']} ({audit.get('displayValue') or audit['score']})")
    return names


def main() -> int:
    if not Path(CHROME).exists():
        print(f"chromium is missing ({CHROME}); run `make sysdeps` as root")
        return 1
    if not shutil.which("node"):
        print("node is missing")
        return 1
    install_lighthouse()
    # BENCH_LIGHTHOUSE_SITE: a directory a kept run prepared (BENCH_KEEP_TMP=1), to measure again.
    reuse = os.environ.get("BENCH_LIGHTHOUSE_SITE")
    tmp = Path(reuse) if reuse else Path(tempfile.mkdtemp(prefix="danchu-lighthouse-"))
    try:
        env = production_env(f"sqlite:///{tmp / 'bench.sqlite3'}", tmp)
        if not reuse:
            print(f"preparing the demo site in {tmp} …", flush=True)
            for step in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
                run([*DANCHU, *step], env)
            run([*DANCHU, "load_places"], env)
            run([*DANCHU, "demo"], env)
            (tmp / "keys.json").write_text(json.dumps({k: env[k] for k in KEYS}))
        else:
            env.update(json.loads((tmp / "keys.json").read_text()))
        pages: dict[str, str] = json.loads(
            run([*DANCHU, "shell", "-c", FIND_PAGES], env).strip().splitlines()[-1]
        )
        measured: dict[str, list[dict[str, int]]] = {name: [] for name in pages}
        failures: dict[str, set[str]] = {name: set() for name in pages}
        with gunicorn(env, tmp / "gunicorn.log") as port:
            for r in range(ROUNDS):
                for name, path in pages.items():
                    report = lighthouse(f"http://127.0.0.1:{port}{path}", tmp / f"{name}-{r}.json")
                    measured[name].append(scores(report))
                    failures[name].update(failed_audits(report))
                    print(f"   round {r + 1}: {name:<11} {measured[name][-1]}", flush=True)
        worst = 10.0
        for name, path in pages.items():
            median = {c: int(statistics.median(s[c] for s in measured[name])) for c in THRESHOLDS}
            ratio = min(median[c] / THRESHOLDS[c] for c in THRESHOLDS)
            worst = min(worst, ratio)
            for line in sorted(failures[name]):
                print(f"   {name}: below 0.9 in some round: {line}")
            record(
                f"lighthouse_{name}",
                measured=f"{path}: performance {median['performance']}, accessibility {median['accessibility']}",
                baseline="issue #16: performance ≥ 90, accessibility ≥ 95",
                ratio=ratio,
                details=(
                    f"Lighthouse {json.loads((HERE / 'package.json').read_text())['dependencies']['lighthouse']}"
                    f" mobile preset, simulated throttling, median of {ROUNDS} rounds "
                    f"{[s['performance'] for s in measured[name]]}; Debian chromium headless; gunicorn "
                    "2 workers, DEBUG=0, whitenoise, SQLite with demo data, no page cache"
                ),
            )
        return 0 if worst >= 1 else 1
    finally:
        if os.environ.get("BENCH_KEEP_TMP") != "1" and not reuse:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
