"""A burst of online votes on one item through the API under gunicorn, against the bare Django INSERT
view on the same database, interleaved (issues #10 and #17 item 3).

    .venv/bin/python -m bench.run votes                           # SQLite file in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.run votes

On a scratch database (PostgreSQL: a database created on the server of DATABASE_URL and dropped
afterwards; otherwise a SQLite file) with DEBUG=0 and 2 sync gunicorn workers for danchu and for the
bare project (bench/bare.py) alike:

1. one village with BENCH_VOTERS households (1,000 by default), each with a representative who has a
   personal API token; a meeting convened with BENCH_ROUNDS items on an Art. 15(6) matter, each opened
   for online voting with the three conditions of Decree 59 Art. 5 recorded;
2. per round, every household votes once on that round's item through
   `POST /api/v1/meetings/items/{id}/online-votes` (Bearer token, JSON), BENCH_CONCURRENCY (8) at a time;
   interleaved with the same number of POSTs to the bare view's one INSERT (`/bare/insert/`) by the same
   client at the same concurrency — and, on PostgreSQL, pgbench's single-row INSERT at that concurrency;
3. after each round the bench checks from the database that every acknowledged vote (201) is stored
   exactly once, that no unacknowledged one is, and then sends a second vote for BENCH_REPLAY households
   (50), each of which must be refused with 409 and change nothing. A lost or doubled vote fails the run.

With BENCH_SEAL=consumer danchu runs as in production: AUDIT_SEAL_DELAY_SECONDS=1 and a Huey consumer
process sealing the audit chain (by default each request seals it); afterwards every audit entry must
be sealed, or the run fails.

Rows go to their own section of docs/benchmarks.md ("Vote burst"), with the load average; BENCH_DRY=1
prints them only.
"""

from __future__ import annotations

import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.runner import (
    audit_sealing,
    burst,
    django_in_process,
    gunicorn,
    on_scratch_database,
    pgbench_insert_tps,
    production_env,
    record_in_section,
    unsealed_entries,
)

VOTERS = int(os.environ.get("BENCH_VOTERS", "1000"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "8"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
REPLAY = int(os.environ.get("BENCH_REPLAY", "50"))
SECTION = "## Vote burst (bench/votes.py)"
SECTION_HEAD = f"""
{SECTION}

Online votes of one village's households on one item through the API under gunicorn (2 sync
workers, DEBUG=0), each vote a distinct household with its own token, against the bare Django view's
one INSERT at the same concurrency by the same client, interleaved; on PostgreSQL also pgbench. After
each round: every acknowledged vote stored exactly once, and a replay of votes refused with 409.

| Date (UTC) | Commit | Machine | Load 1/5 min | Measured | Baseline | Ratio | Lost / doubled | Details |
|---|---|---|---|---|---|---|---|---|
"""


def record_vote_row(measured: str, baseline: str, ratio: float, integrity: str, details: str) -> str:
    """Append a row to this bench's own section of docs/benchmarks.md (made when missing)."""
    return record_in_section(SECTION, SECTION_HEAD, (measured, baseline, f"{ratio:.3f}", integrity, details))


# --- the scratch database ----------------------------------------------------------------------------


def _environment(db_url: str, tmp: Path) -> dict[str, str]:
    return production_env(db_url, tmp, MEETINGS_NOTICE_AUDIO="0", DISCLOSURE_MEDIA_JOBS="0")


def _prepare(env: dict[str, str]) -> tuple[list[int], list[tuple[str, str]]]:
    """Migrate and fill the scratch database in this process: returns the items' ids and, per
    household, (number, token)."""
    django_in_process(env, "MEETINGS_NOTICE_AUDIO", "DISCLOSURE_MEDIA_JOBS")
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from danchu.accounts.models import PersonalToken, Role
    from danchu.accounts.services.tokens import TOKEN_PREFIX
    from danchu.accounts.tests.factories import link_household, person_with_role
    from danchu.meetings import services
    from danchu.places.tests import factories as pf

    with transaction.atomic():
        province = pf.province(code="98", name="Tỉnh Đo Tải")
        commune = pf.commune(province, code="98001", name="Xã Đo Tải")
        village = pf.village(commune, code="98001-001", name="Thôn Rất Lớn")
        head = person_with_role(Role.VILLAGE_HEAD, village, full_name="Trưởng Thôn Đo Tải")
        voters: list[tuple[str, str]] = []
        tokens = []
        for n in range(VOTERS):
            h = pf.household_with_head(village, number=str(10_000 + n))
            rep = person_with_role(Role.HOUSEHOLD_REP, village, full_name=f"Đại Diện Hộ {h.number}")
            link_household(rep, h, representative=True)
            raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
            tokens.append(
                PersonalToken(
                    person=rep,
                    name="bench",
                    prefix=raw[: len(TOKEN_PREFIX) + 6],
                    digest=PersonalToken.digest_of(raw),
                )
            )
            voters.append((h.number, raw))
        PersonalToken.objects.bulk_create(tokens)
        meeting = services.meeting_convene(
            actor=head,
            draft=services.MeetingDraft(
                village=village,
                title="Hội nghị đo tải biểu quyết trực tuyến",
                starts_at=timezone.now() + dt.timedelta(days=6),
                location="Nhà văn hóa",
                items=[
                    services.ItemSpec(
                        title=f"Nội dung tự quản {r + 1}", kind="decide", matter=6, method="hands"
                    )
                    for r in range(ROUNDS)
                ],  # fmt: skip
            ),
        )
        services.notice_send(actor=head, meeting=meeting)
        items = []
        for item in meeting.items.order_by("order"):
            services.item_online_open(
                actor=head, item=item, conditions=services.OnlineConditions(True, True, True)
            )
            items.append(item.pk)
    connection.close()
    return items, voters


# --- the client ----------------------------------------------------------------------------------------


def _vote_requests(item: int, voters: list[tuple[str, str]], choice: str = "for") -> list[Any]:
    return [
        (
            f"/api/v1/meetings/items/{item}/online-votes",
            json.dumps({"household": number, "choice": choice}).encode(),
            {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        for number, token in voters
    ]


def _stored(item: int) -> list[str]:
    from danchu.meetings.models import HouseholdVote

    return list(HouseholdVote.objects.filter(item_id=item).values_list("household__number", flat=True))


def main() -> int:
    return on_scratch_database("votes", _run)


def _run(db_url: str, tmp: Path) -> int:
    env = _environment(db_url, tmp)
    started = time.monotonic()
    items, voters = _prepare(env)
    print(
        f"   votes: {VOTERS} households with tokens, {ROUNDS} items, set up in {time.monotonic() - started:.0f} s"
    )
    postgres = db_url.startswith(("postgres://", "postgresql://"))
    from django.db import connection

    with connection.cursor() as c:
        c.execute("CREATE TABLE IF NOT EXISTS bench_bare_insert (id integer PRIMARY KEY, payload text)"
                  if not postgres else
                  "CREATE TABLE IF NOT EXISTS bench_bare_insert (id bigserial PRIMARY KEY, "
                  "at timestamptz DEFAULT now(), payload text)")  # fmt: skip
    connection.close()
    bare_env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare"}
    bare_requests = [
        ("/bare/insert/", json.dumps({"household": n, "choice": "for"}).encode(), {"Content-Type": "application/json"})
        for n, _t in voters
    ]  # fmt: skip
    rates: dict[str, list[float]] = {"api": [], "bare": [], "pgbench": []}
    lost = doubled = wrong = replay_failed = errors = 0
    with (
        audit_sealing(env, tmp) as (app_env, sealing),
        gunicorn(app_env, tmp / "danchu.log") as app,
        gunicorn(bare_env, tmp / "bare.log", app="django.core.wsgi:get_wsgi_application()") as bare,
    ):
        burst(
            app, _vote_requests(items[0], voters[:1]), CONCURRENCY
        )  # warm both up (one vote, kept and checked)
        burst(bare, bare_requests[:CONCURRENCY], CONCURRENCY)
        for r, item in enumerate(items):
            order = ["api", "bare", "pgbench"] if r % 2 == 0 else ["pgbench", "bare", "api"]
            for name in order:
                if name == "api":
                    todo = voters[1:] if r == 0 else voters
                    seconds, statuses = burst(app, _vote_requests(item, todo), CONCURRENCY)
                    acked = {n for (n, _t), s in zip(todo, statuses, strict=True) if s == 201}
                    if r == 0:
                        acked.add(voters[0][0])
                    errors += sum(1 for s in statuses if s not in (201,))
                    rates["api"].append(len(acked) / seconds)
                    stored = _stored(item)
                    lost += len(acked - set(stored))
                    doubled += len(stored) - len(set(stored))
                    wrong += len(set(stored) - acked)
                    # a second vote of REPLAY households: each refused (409), nothing changes
                    _s, again = burst(app, _vote_requests(item, voters[:REPLAY], "against"), CONCURRENCY)
                    replay_failed += sum(1 for s in again if s != 409)
                    if len(_stored(item)) != len(stored):
                        doubled += len(_stored(item)) - len(stored)
                    print(f"   round {r + 1}: {len(acked)} votes acknowledged in {seconds:.1f} s; "
                          f"{len(stored)} stored; replay refused {again.count(409)}/{len(again)}", flush=True)  # fmt: skip
                elif name == "bare":
                    seconds, statuses = burst(bare, bare_requests, CONCURRENCY)
                    rates["bare"].append(sum(1 for s in statuses if s == 201) / seconds)
                elif postgres:
                    rates["pgbench"].append(pgbench_insert_tps(db_url, clients=CONCURRENCY, seconds=5))
        api, floor = statistics.median(rates["api"]), statistics.median(rates["bare"])
        unsealed = unsealed_entries(db_url)
    db = "PostgreSQL" if postgres else "SQLite"
    integrity = f"{lost} / {doubled}" + (f"; {wrong} unacknowledged stored" if wrong else "")
    details = (f"{VOTERS} households, {ROUNDS} interleaved rounds (median), {CONCURRENCY} concurrent clients, "
               f"{db}, gunicorn 2 sync workers each, DEBUG=0; non-201 answers in the bursts {errors}; "
               f"replays not refused with 409: {replay_failed}; {sealing}, entries left unsealed: {unsealed}")  # fmt: skip
    if postgres and rates["pgbench"]:
        details += f"; pgbench INSERT {statistics.median(rates['pgbench']):.0f} tps at {CONCURRENCY} clients"
    record_vote_row(f"online votes via API {api:.0f}/s", f"bare view, one INSERT {floor:.0f}/s",
                    api / floor if floor else 0.0, integrity, details)  # fmt: skip
    return 1 if lost or doubled or wrong or replay_failed or unsealed else 0


if __name__ == "__main__":
    sys.exit(main())
