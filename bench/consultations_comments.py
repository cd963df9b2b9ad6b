"""Comment intake of a consultation through the API under gunicorn, against the bare Django INSERT view
on the same database, at 1 and 8 clients, interleaved (issue #17 item 3: "the same for the vote and
comment intake of the new modules").

    .venv/bin/python -m bench.run consultations_comments                  # SQLite file in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.run consultations_comments

On a scratch database (PostgreSQL: a database created on the server of DATABASE_URL and dropped
afterwards; otherwise a SQLite file) with DEBUG=0 and BENCH_WORKERS (8) sync gunicorn workers for danchu
and for the bare project (bench/bare.py) alike:

1. one commune with a village of BENCH_COMMENTERS (400) households, each with a verified resident who
   has a personal API token; a draft (a land-use plan of six paragraphs) opened for comments to every
   resident of the commune;
2. for 1 and then 8 concurrent clients, BENCH_ROUNDS (3) rounds: every resident posts one comment on a
   paragraph of the draft through `POST /api/v1/consultations/{id}/comments` (Bearer token, JSON: text,
   paragraph, quote, stance), interleaved with as many POSTs to the bare view's one INSERT
   (`/bare/insert/`) by the same client at the same concurrency — and, on PostgreSQL, pgbench's
   single-row INSERT at 8 clients;
3. after each burst the bench checks from the database that every acknowledged comment (201) is stored
   exactly once and no unacknowledged one is. A lost or doubled comment fails the run.

With BENCH_SEAL=consumer danchu runs as in production: AUDIT_SEAL_DELAY_SECONDS=1 and a Huey consumer
process sealing the audit chain (by default each request seals it); afterwards every audit entry must
be sealed, or the run fails.

Rows go to their own section of docs/benchmarks.md ("Comment intake"), with the load average:
the ratio to the bare INSERT view at 1 and at 8 clients, and the API's own 1 → 8 client scaling (the
bare view's in the baseline cell). BENCH_DRY=1 prints them only.
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

COMMENTERS = int(os.environ.get("BENCH_COMMENTERS", "400"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "8"))
CLIENTS = (1, 8)
SECTION = "## Comment intake (bench/consultations_comments.py)"
SECTION_HEAD = f"""
{SECTION}

Residents commenting on an open consultation's draft through the API under gunicorn (DEBUG=0), each
comment from a distinct resident with their own token, against the bare Django view's one INSERT at the
same concurrency by the same client, interleaved; on PostgreSQL also pgbench. After each burst: every
acknowledged comment stored exactly once.

| Date (UTC) | Commit | Machine | Load 1/5 min | Measured | Baseline | Ratio | Lost / doubled | Details |
|---|---|---|---|---|---|---|---|---|
"""


def record_row(measured: str, baseline: str, ratio: float, integrity: str, details: str) -> str:
    """Append a row to this bench's own section of docs/benchmarks.md (made when missing)."""
    return record_in_section(SECTION, SECTION_HEAD, (measured, baseline, f"{ratio:.3f}", integrity, details))


# --- the scratch database ----------------------------------------------------------------------------


def _prepare(env: dict[str, str]) -> tuple[int, list[tuple[int, str]], list[str]]:
    """Migrate and fill the scratch database in this process: returns the consultation's id, its
    paragraphs (id, a quote from it) and one token per resident."""
    django_in_process(env, "DISCLOSURE_MEDIA_JOBS")
    import datetime as dt

    from django.db import connection, transaction
    from django.utils import timezone

    from danchu.accounts.models import PersonalToken, Role
    from danchu.accounts.services.tokens import TOKEN_PREFIX
    from danchu.accounts.tests.factories import link_household, person_with_role
    from danchu.consultations.services import consultations as svc
    from danchu.consultations.tests.conftest import docx_bytes
    from danchu.places.tests import factories as pf

    with transaction.atomic():
        province = pf.province(code="98", name="Tỉnh Đo Tải")
        commune = pf.commune(province, code="98001", name="Xã Đo Tải")
        village = pf.village(commune, code="98001-001", name="Thôn Rất Lớn")
        officer = person_with_role(Role.COMMUNE_OFFICER, commune, full_name="Cán Bộ Đo Tải")
        tokens, raws = [], []
        for n in range(COMMENTERS):
            h = pf.household_with_head(village, number=str(10_000 + n))
            resident = person_with_role(Role.CITIZEN, village, full_name=f"Người Dân {h.number}")
            link_household(resident, h)
            raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
            tokens.append(
                PersonalToken(
                    person=resident,
                    name="bench",
                    prefix=raw[: len(TOKEN_PREFIX) + 6],
                    digest=PersonalToken.digest_of(raw),
                )
            )
            raws.append(raw)
        PersonalToken.objects.bulk_create(tokens)
        draft = svc.consultation_create(
            actor=officer,
            data=svc.DraftInput(
                place=commune,
                title="Điều chỉnh quy hoạch sử dụng đất xã Đo Tải đến năm 2030",
                basis="land_use",
                draft_name="du-thao-qhsdd.docx",
                draft_bytes=docx_bytes(),
            ),
        )
        today = timezone.localdate()
        c = svc.consultation_open(
            actor=officer, consultation=draft, opens_on=today, closes_on=today + dt.timedelta(days=29)
        )
        paragraphs = [
            (p.pk, p.text[5:25]) for p in c.paragraphs.filter(is_heading=False).order_by("position")
        ]
    connection.close()
    return c.pk, paragraphs, raws


# --- the client ----------------------------------------------------------------------------------------


def _comment_requests(pk: int, paragraphs: list[tuple[int, str]], tokens: list[str], tag: str) -> list[Any]:
    stances = ("support", "oppose", "neutral")
    out = []
    for i, token in enumerate(tokens):
        para, quote = paragraphs[i % len(paragraphs)]
        body = {"text": f"Ý kiến {tag}-{i}: đề nghị làm rõ diện tích và thời gian thực hiện.",
                "paragraph": para, "quote": quote, "stance": stances[i % 3]}  # fmt: skip
        out.append(
            (
                f"/api/v1/consultations/{pk}/comments",
                json.dumps(body).encode(),
                {"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            )
        )
    return out


def _stored(pk: int, tag: str) -> list[str]:
    from danchu.consultations.models import Comment

    texts = Comment.objects.filter(consultation_id=pk, text__startswith=f"Ý kiến {tag}-").values_list(
        "text", flat=True
    )
    return [t.split(":", 1)[0] for t in texts]


def main() -> int:
    return on_scratch_database("comments", _run)


def _run(db_url: str, tmp: Path) -> int:
    env = production_env(db_url, tmp, DISCLOSURE_MEDIA_JOBS="0")
    started = time.monotonic()
    pk, paragraphs, tokens = _prepare(env)
    print(f"   comments: {COMMENTERS} residents with tokens, set up in {time.monotonic() - started:.0f} s")
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
        ("/bare/insert/", body, {"Content-Type": "application/json"})
        for _p, body, _h in _comment_requests(pk, paragraphs, tokens, "bare")
    ]
    rates: dict[tuple[str, int], list[float]] = {}
    pgbench: list[float] = []
    lost = doubled = wrong = errors = 0
    with (
        audit_sealing(env, tmp) as (app_env, sealing),
        gunicorn(app_env, tmp / "danchu.log", workers=WORKERS) as app,
        gunicorn(
            bare_env, tmp / "bare.log", workers=WORKERS, app="django.core.wsgi:get_wsgi_application()"
        ) as bare,
    ):
        # warm every worker up (imports, connections); these comments are checked like the others
        warm = _comment_requests(pk, paragraphs, tokens[: WORKERS * 2], "warm")
        _s, statuses = burst(app, warm, WORKERS)
        errors += sum(1 for s in statuses if s != 201)
        burst(bare, bare_requests[: WORKERS * 2], WORKERS)
        for clients in CLIENTS:
            for r in range(ROUNDS):
                order = ["api", "bare", "pgbench"] if r % 2 == 0 else ["pgbench", "bare", "api"]
                for name in order:
                    if name == "api":
                        tag = f"c{clients}r{r}"
                        todo = _comment_requests(pk, paragraphs, tokens, tag)
                        seconds, statuses = burst(app, todo, clients)
                        acked = {f"Ý kiến {tag}-{i}" for i, s in enumerate(statuses) if s == 201}
                        errors += sum(1 for s in statuses if s != 201)
                        rates.setdefault(("api", clients), []).append(len(acked) / seconds)
                        stored = _stored(pk, tag)
                        lost += len(acked - set(stored))
                        doubled += len(stored) - len(set(stored))
                        wrong += len(set(stored) - acked)
                        print(f"   {clients} client(s), round {r + 1}: {len(acked)} comments acknowledged in "
                              f"{seconds:.1f} s; {len(stored)} stored", flush=True)  # fmt: skip
                    elif name == "bare":
                        seconds, statuses = burst(bare, bare_requests, clients)
                        rates.setdefault(("bare", clients), []).append(
                            sum(1 for s in statuses if s == 201) / seconds
                        )
                    elif postgres and clients == 8:
                        pgbench.append(pgbench_insert_tps(db_url, clients=8, seconds=5))
        unsealed = unsealed_entries(db_url)
    med = {k: statistics.median(v) for k, v in rates.items()}
    db = "PostgreSQL" if postgres else "SQLite"
    integrity = f"{lost} / {doubled}" + (f"; {wrong} unacknowledged stored" if wrong else "")
    details = (f"{COMMENTERS} residents, {ROUNDS} interleaved rounds (median), {db}, gunicorn {WORKERS} sync "
               f"workers each, DEBUG=0; non-201 answers {errors}; {sealing}, entries left unsealed: {unsealed}")  # fmt: skip
    if pgbench:
        details += f"; pgbench INSERT {statistics.median(pgbench):.0f} tps at 8 clients"
    for clients in CLIENTS:
        api, floor = med[("api", clients)], med[("bare", clients)]
        record_row(f"comments via API, {clients} client{'s' if clients > 1 else ''}: {api:.0f}/s",
                   f"bare view, one INSERT {floor:.0f}/s", api / floor if floor else 0.0, integrity, details)  # fmt: skip
    record_row(
        f"comments via API ×{med[('api', 8)] / med[('api', 1)]:.2f} from 1 to 8 clients",
        f"bare view ×{med[('bare', 8)] / med[('bare', 1)]:.2f}",
        med[("api", 8)] / med[("api", 1)],
        integrity,
        details + " (ratio = the API's own 8-client / 1-client throughput)",
    )
    return 1 if lost or doubled or wrong or unsealed else 0


if __name__ == "__main__":
    sys.exit(main())
