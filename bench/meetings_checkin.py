"""Check-in at the door and a vote burst, in process, against raw single-row INSERTs on the same
database connection in the same run.

    .venv/bin/python -m bench.meetings_checkin            # SQLite in a temporary directory
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_meetings .venv/bin/python -m bench.meetings_checkin

1. A village with BENCH_HOUSEHOLDS households (500 by default); the meeting is convened and opened;
   every household is checked in one after the other through `services.checkin` (the service the API
   and the phone's queue call: roster lookup, unique constraint, audit entry). p50/p95 per scan.
2. Baseline: the same number of single-row INSERTs (one transaction each) into a bare table on the
   same connection.
3. Vote burst: BENCH_THREADS threads record one opinion slip each for the households that did not
   attend a second meeting, then the bench checks that every acknowledged vote is stored exactly once.

This is not the HTTP burst of issue 10 (5,000 households through the API under gunicorn, with pgbench as
the baseline): that bench is still to write. Results are recorded in docs/benchmarks.md unless
BENCH_DRY=1.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", "500"))
THREADS = int(os.environ.get("BENCH_THREADS", "8"))


def _setup() -> None:
    tmp = tempfile.mkdtemp(prefix="bench-meetings-")
    os.environ.setdefault(
        "DATABASE_URL", os.environ.get("BENCH_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "danchu.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def main() -> int:
    _setup()
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role
    from danchu.meetings import services
    from danchu.meetings.models import HouseholdVote
    from danchu.places.tests import factories as pf

    province = pf.province(code="99", name="Tỉnh Thử Nghiệm")
    commune = pf.commune(province, code="99001", name="Xã Thử Nghiệm")
    village = pf.village(commune, code="99001-001", name="Thôn Lớn")
    households = [pf.household_with_head(village, number=str(1000 + n)) for n in range(HOUSEHOLDS)]
    head = person_with_role(Role.VILLAGE_HEAD, village, full_name="Trưởng Thôn Thử")

    def meeting() -> object:
        m = services.meeting_convene(
            actor=head,
            draft=services.MeetingDraft(
                village=village,
                title="Hội nghị thử",
                starts_at=timezone.now() + dt.timedelta(days=6),
                location="Nhà văn hóa",
                items=[services.ItemSpec(title="Đóng góp", kind="decide", matter=6, method="hands")],
            ),
        )
        services.notice_send(actor=head, meeting=m)
        return services.meeting_open(actor=head, meeting=m)

    m = meeting()
    times = []
    for h in households:
        start = time.perf_counter()
        services.checkin(actor=head, meeting=m, code=h.number)
        times.append(time.perf_counter() - start)
    times.sort()
    p50, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]

    with connection.cursor() as c:
        c.execute("CREATE TABLE bench_insert (id integer PRIMARY KEY, code varchar(32) UNIQUE)")
    raw = []
    for n in range(HOUSEHOLDS):
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as c:
            c.execute("INSERT INTO bench_insert (id, code) VALUES (%s, %s)", [n, str(n)])
        raw.append(time.perf_counter() - start)
    raw.sort()
    raw_p95 = raw[int(len(raw) * 0.95) - 1]

    # Vote burst: slips from households that did not attend a second meeting, THREADS at a time.
    m2 = meeting()
    item = m2.items.get()  # type: ignore[attr-defined]
    acknowledged: list[str] = []
    lock = threading.Lock()
    queue = list(households)

    def worker() -> None:
        from django.db import connections

        while True:
            with lock:
                if not queue:
                    break
                h = queue.pop()
            try:
                services.slip_record(actor=head, item=item, code=h.number, choice="for")
                with lock:
                    acknowledged.append(h.number)
            except Exception:  # noqa: BLE001 - a refused vote is not acknowledged (SQLite: locked)
                pass
        connections.close_all()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    burst = time.perf_counter() - start
    stored = list(HouseholdVote.objects.filter(item=item).values_list("household__number", flat=True))
    lost = set(acknowledged) - set(stored)
    doubled = len(stored) - len(set(stored))

    print(f"check-in p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms over {HOUSEHOLDS} scans")
    print(f"raw INSERT p95 {raw_p95 * 1000:.2f} ms")
    print(
        f"burst: {len(acknowledged)} acknowledged in {burst:.1f} s ({len(acknowledged) / burst:.0f} votes/s), "
        f"{len(stored)} stored, lost {len(lost)}, doubled {doubled}"
    )
    if not os.environ.get("BENCH_DRY"):
        from bench.runner import record

        record(
            "meetings_checkin",
            measured=f"check-in p95 {p95 * 1000:.1f} ms",
            baseline=f"raw INSERT p95 {raw_p95 * 1000:.2f} ms",
            ratio=raw_p95 / p95,
            details=f"{HOUSEHOLDS} households, {connection.vendor}; slip burst {THREADS} threads: "
            f"{len(acknowledged)} acknowledged, lost {len(lost)}, doubled {doubled}",
        )
    return 1 if lost or doubled else 0


if __name__ == "__main__":
    raise SystemExit(main())
