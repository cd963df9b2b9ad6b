"""Search latency over 200,000 synthetic disclosures, on SQLite (FTS5) and PostgreSQL (GIN full-text),
against the same ranked query run directly in the database.

    .venv/bin/python -m bench.disclosures_search            # both engines
    .venv/bin/python -m bench.disclosures_search sqlite     # one engine
    BENCH_REFILL=1 .venv/bin/python -m bench.disclosures_search postgresql   # regenerate the data

Each engine runs in its own process on its own database (a temporary SQLite file; the PostgreSQL
database `bench_disclosures` on BENCH_PG_URL, default postgres://postgres@127.0.0.1:5432), filled with
bulk inserts of search entries whose text is drawn from the seed reports' vocabulary. Measured:
`danchu.disclosures.search.search()` (fold the query, count, rank, fetch the top 20, highlight
snippets); baseline: the SQL the app runs for that query (`search.ENGINES`: the matches up to the
count's cap with their scores, and the newest-first page when there are more) alone through a raw
cursor. Ratios p50 and p95 are recorded; the details also give the ranked
SQL before broad queries went newest first (every match ranked), timed in the same rounds.
"""

from __future__ import annotations

import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
N = int(os.environ.get("BENCH_DISCLOSURES", "200000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
QUERIES = [
    "dan chu co so",
    "Krông Pắc",
    "ngân sách quý",
    "ho ngheo",
    "du an duong giao thong",
    "quyết toán",
    "cai cach hanh chinh",
    "tiep cong dan",
    "nong thon moi",
    "ban thanh tra nhan dan",
    "quy phong chong thien tai",
    "hội nghị người lao động",
    "kiem tra giam sat",
    "thon 3",
    "dat dai quy hoach",
    "bao hiem y te",
    "chinh sach an sinh",
    "mat tran to quoc",
    "danh sach can ngheo",
    "dau tu xay dung",
    "4956",
    "1.250 trieu dong",
]
PG_DB = "bench_disclosures"


def _vocabulary() -> list[str]:
    words: list[str] = []
    folder = ROOT / "danchu" / "disclosures" / "seeds"  # the repository's own copies of the seed reports
    for path in sorted(folder.glob("0*.txt")):
        words += [w.strip(".,;:()“”\"'") for w in path.read_text(encoding="utf-8").split()]
    words = [w for w in words if w and not w.startswith("http")]
    return words or "dân chủ cơ sở ngân sách xã thôn hộ nghèo dự án đường giao thông".split()


def _fill(n: int) -> float:
    from django.db import transaction

    from danchu.disclosures.categories import CATEGORIES
    from danchu.disclosures.models import SearchEntry
    from danchu.disclosures.search import fold_for_index as fold

    rng = random.Random(42)
    vocab = _vocabulary()
    cats = CATEGORIES.keys()
    places = [f"/VN/66/{24000 + i}/" for i in range(300)]
    start = time.perf_counter()
    batch: list[SearchEntry] = []
    import datetime as dt

    base = dt.date(2021, 1, 1)
    for i in range(n):
        title = " ".join(rng.choices(vocab, k=10))
        amount = f"{rng.randrange(1, 10)}.{rng.randrange(1000):03d}"  # amounts as written: "4.956"
        body = " ".join(rng.choices(vocab, k=45)) + f" tổng {amount} triệu đồng"
        batch.append(
            SearchEntry(
                kind="disclosure",
                object_id=i + 1,
                place_path=rng.choice(places),
                category=rng.choice(cats),
                date=base + dt.timedelta(days=rng.randrange(2000)),
                title=title,
                body=body,
                title_folded=fold(title),
                body_folded=fold(body),
            )
        )
        if len(batch) == 5000:
            with transaction.atomic():
                SearchEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        SearchEntry.objects.bulk_create(batch)
    return time.perf_counter() - start


def _direct(terms: list[str], broad: bool) -> None:
    """The SQL danchu's engine runs for this query (`search.ENGINES`), alone, through a raw cursor:
    every match up to COUNT_CAP + 1 with its score (the count, and all there is to rank when there are
    no more), then, when there are more, the newest-first page. No sort in Python, no fetch of the
    entries, no snippets."""
    from django.db import connection

    from danchu.disclosures import search

    matches, newest = search.ENGINES[connection.vendor]
    with connection.cursor() as c:
        c.execute(*matches(terms, "", []))
        c.fetchall()
        if broad:
            c.execute(*newest(terms, "", [], 20, 0))
            c.fetchall()


def _direct_before(terms: list[str]) -> None:
    """The ranked SQL before broad queries went newest first (commit 6bc77ed; the app also ran a count):
    every match ranked. Kept for comparison, printed in the details."""
    from django.db import connection

    from danchu.disclosures import search

    with connection.cursor() as c:
        if connection.vendor == "sqlite":
            in_title, params = search._title_hit("disclosures_fts.title_folded", terms)
            c.execute(
                "SELECT rowid, bm25(disclosures_fts, 10.0, 1.0) AS r FROM disclosures_fts "
                f"WHERE disclosures_fts MATCH %s ORDER BY {in_title} DESC, r, rowid DESC LIMIT 20",
                [" ".join(f'"{t}"' for t in terms), *params],
            )
        else:
            q = " & ".join(terms)
            in_title, params = search._title_hit("e.title_folded", terms)
            c.execute(
                f"SELECT e.id, ts_rank({search.PG_VECTOR}, to_tsquery('simple', %s), 1) AS r FROM "
                f"disclosures_searchentry e WHERE {search.PG_VECTOR} @@ to_tsquery('simple', %s) "
                f"ORDER BY {in_title} DESC, r DESC, e.date DESC NULLS LAST LIMIT 20",
                [q, q, *params],
            )
        c.fetchall()


def _percentiles(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p50 = statistics.median(samples)
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return p50 * 1000, p95 * 1000


def run_engine(engine: str) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from danchu.disclosures import search
    from danchu.disclosures.models import SearchEntry

    call_command("migrate", verbosity=0)
    existing = SearchEntry.objects.count()
    fill_seconds = 0.0
    if existing < N or os.environ.get("BENCH_REFILL"):
        SearchEntry.objects.all().delete()
        fill_seconds = _fill(N)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute("ANALYZE disclosures_searchentry")
    # Warm up, then interleave the measurements so that load on the machine hits them alike.
    broad = {}
    for q in QUERIES:
        broad[q] = search.search(q).capped  # the app decides so with its count; the bench asks it once
        _direct(search.tokens(q), broad[q])
        _direct_before(search.tokens(q))
    ours: list[float] = []
    direct: list[float] = []
    before: list[float] = []
    totals = []
    for _round in range(ROUNDS):
        for q in QUERIES:
            t = time.perf_counter()
            r = search.search(q)
            ours.append(time.perf_counter() - t)
            totals.append(r.total)
            t = time.perf_counter()
            _direct(search.tokens(q), broad[q])
            direct.append(time.perf_counter() - t)
            t = time.perf_counter()
            _direct_before(search.tokens(q))
            before.append(time.perf_counter() - t)
    o50, o95 = _percentiles(ours)
    d50, d95 = _percentiles(direct)
    b50, b95 = _percentiles(before)
    label = "SQLite FTS5" if connection.vendor == "sqlite" else "PostgreSQL GIN"
    details = (
        f"{N:,} disclosures, {len(QUERIES)} queries x {ROUNDS}, median hits {int(statistics.median(totals))}; "
        f"{sum(broad.values())} of them with more than {search.COUNT_CAP:,} matches (newest first); "
        f"danchu p50 {o50:.1f} ms, direct SQL p50 {d50:.1f} ms; "
        f"the SQL before (every match ranked) p95 {b95:.1f} ms, p50 {b50:.1f} ms; fill {fill_seconds:.0f} s; "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (shared machine)"
    )
    try:
        from bench.runner import record
    except ImportError:  # pragma: no cover

        def record(bench: str, measured: str, baseline: str, ratio: float, details: str = "") -> str:
            print(bench, measured, baseline, f"{ratio:.3f}", details)
            return ""

    record(
        f"disclosures_search ({label})",
        f"danchu search p95 {o95:.1f} ms",
        f"direct SQL p95 {d95:.1f} ms",
        o95 / d95 if d95 else 0.0,
        details,
    )
    return 0


def _pg_url() -> str:
    base = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    try:
        import psycopg

        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [PG_DB]).fetchone():
                conn.execute(f"CREATE DATABASE {PG_DB}")
    except Exception as e:
        print(f"PostgreSQL not reachable ({e}); skipping", file=sys.stderr)
        return ""
    return f"{base}/{PG_DB}"


def main() -> int:
    engines = [a for a in sys.argv[1:] if a in ("sqlite", "postgresql")] or ["sqlite", "postgresql"]
    if os.environ.get("BENCH_ENGINE"):
        return run_engine(os.environ["BENCH_ENGINE"])
    status = 0
    with tempfile.TemporaryDirectory() as tmp:
        for engine in engines:
            env = dict(
                os.environ, BENCH_ENGINE=engine, DANCHU_VAR_DIR=tmp, HUEY_IMMEDIATE="1", LOG_LEVEL="WARNING"
            )
            env.pop("REDIS_URL", None)
            if engine == "sqlite":
                env["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
            else:
                url = _pg_url()
                if not url:
                    continue
                env["DATABASE_URL"] = url
            done = subprocess.run(
                [sys.executable, "-m", "bench.disclosures_search"], cwd=ROOT, env=env, timeout=3600
            )
            status = status or done.returncode
    return status


if __name__ == "__main__":
    sys.exit(main())
