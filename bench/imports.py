"""Spreadsheet imports at their row caps (issue #17, data at scale): an upload longer than the web
worker's timeout (deploy/gunicorn.conf.py, 30 s) is killed and the user gets a gateway error with
nothing imported, so each import must fit well inside it at the most rows it accepts.

    .venv/bin/python -m bench.run imports                  # SQLite file in a temporary directory
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m bench.run imports

On a scratch database (PostgreSQL: created beside DATABASE_URL and dropped afterwards; otherwise a
SQLite file), migrated and filled in this process:

- new-rural records (`newrural.importing.import_records`, cap 20,000 rows): a province's steering
  member imports an XLSX of BENCH_NEWRURAL_ROWS rows, half of them a commune's recognition, half a
  commune's criteria met;
- past inspection matters (`oversight.importing.matters_import`, cap 5,000 rows): a board member
  imports an XLSX of BENCH_OVERSIGHT_ROWS matters, half with an answered recommendation.

The baseline, interleaved with each import in BENCH_ROUNDS (3) rounds on fresh units, is the floor of
writing the same records: `bulk_create` of the same assessments and recognitions (or matters and
recommendations) with no check, no audit entry and no file to read. Each row: the import's median
time, the floor's, the ratio, the rows a second, and whether the import fits the 30 s with the load
average. BENCH_DRY=1 prints them only.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from bench.runner import django_in_process, on_scratch_database, production_env, record

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
NEWRURAL_ROWS = int(os.environ.get("BENCH_NEWRURAL_ROWS", "20000"))
OVERSIGHT_ROWS = int(os.environ.get("BENCH_OVERSIGHT_ROWS", "5000"))
BUDGET = 30.0  # seconds: gunicorn's timeout in deploy/gunicorn.conf.py


def _timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def _communes(province: Any, first: int, count: int) -> list[Any]:
    from danchu.core.text import fold
    from danchu.places.models import KIND_LEVEL, Place, PlaceKind

    level = int(KIND_LEVEL[PlaceKind.COMMUNE])
    made = [
        Place(
            code=str(first + i),
            name=f"Xã Đo Tải {first + i}",
            name_folded=fold(f"Xã Đo Tải {first + i}"),
            kind=PlaceKind.COMMUNE,
            level=level,
            parent=province,
            path=f"{province.path}{first + i}/",
        )
        for i in range(count)
    ]
    return Place.objects.bulk_create(made, batch_size=500)


def _newrural() -> tuple[float, float]:
    """Median import and floor times of BENCH_NEWRURAL_ROWS rows, interleaved on fresh communes."""
    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role
    from danchu.newrural import importing
    from danchu.newrural.models import Assessment, Recognition, RuralLevel
    from danchu.newrural.queries import set_in_force
    from danchu.newrural.tests.conftest import xlsx
    from danchu.places.tests import factories as pf

    province = pf.province(code="97", name="Tỉnh Đo Tải")
    member = person_with_role(Role.STEERING_MEMBER, province, full_name="Ngô Quang Hải")
    half = NEWRURAL_ROWS // 2
    header = ["Mã đơn vị", "Năm", "Số tiêu chí đạt", "Mức công nhận", "Số quyết định", "Ngày quyết định"]
    header.append("Cơ quan ban hành")
    criteria_set = set_in_force(2025)
    imports: list[float] = []
    floors: list[float] = []
    for r in range(ROUNDS * 2):
        communes = _communes(province, 970_000 + r * half, half)
        if (r % 2 == 0) == (r // 2 % 2 == 0):  # ABBA: import, floor, floor, import…
            rows: list[list[Any]] = [header]
            for c in communes:
                rows.append([c.code, 2024, "", "Đạt chuẩn", f"{c.code}/QĐ-UBND", "20/12/2024", "UBND tỉnh"])
                rows.append([c.code, 2025, 17, "", "", "", ""])
            rows = rows[: NEWRURAL_ROWS + 1]
            file = xlsx(rows)
            imports.append(
                _timed(partial(importing.import_records, by=member, file=file, filename="ntm.xlsx"))
            )
        else:

            def floor(communes: list[Any]) -> None:
                Recognition.objects.bulk_create(
                    [
                        Recognition(
                            place=c,
                            level=RuralLevel.STANDARD,
                            recognised_on=dt.date(2024, 12, 20),
                            decision_number=f"{c.code}/QĐ-UBND",
                            issuer="UBND tỉnh",
                            recorded_by=member,
                        )
                        for c in communes
                    ],
                    batch_size=500,
                )
                Assessment.objects.bulk_create(
                    [
                        Assessment(
                            commune=c, year=2025, criteria_set=criteria_set, met_count=17, recorded_by=member
                        )
                        for c in communes
                    ],
                    batch_size=500,
                )

            floors.append(_timed(partial(floor, communes)))
    return statistics.median(imports), statistics.median(floors)


def _oversight() -> tuple[float, float]:
    """Median import and floor times of BENCH_OVERSIGHT_ROWS past matters, interleaved."""
    from danchu.accounts.models import Body, Membership, Role
    from danchu.accounts.tests.factories import BodyFactory, person_with_role
    from danchu.oversight.importing import matters_import
    from danchu.oversight.models import Board, BoardMember, Channel, Matter, Recommendation
    from danchu.oversight.tests.test_import import xlsx  # the header row first, as a board writes it
    from danchu.places.tests import factories as pf

    province = pf.province(code="96", name="Tỉnh Giám Sát")
    commune = pf.commune(province, code="96001", name="Xã Giám Sát")
    village = pf.village(commune, code="96001-001", name="Thôn 1")
    body = BodyFactory(kind=Body.Kind.INSPECTION_BOARD, name="Ban Thanh tra nhân dân xã", place=commune)
    member = person_with_role(Role.INSPECTION_MEMBER, commune, body=body, full_name="Đặng Văn Hùng")
    board = Board.objects.create(
        body=body, size=5, term_from=dt.date(2025, 7, 1), term_to=dt.date(2030, 6, 30)
    )
    BoardMember.objects.create(
        board=board,
        person=member,
        membership=Membership.objects.get(person=member, role=Role.INSPECTION_MEMBER),
        village=village,
        position=BoardMember.Position.HEAD,
        elected_on=dt.date(2025, 7, 1),
        term_from=dt.date(2025, 7, 1),
        term_to=dt.date(2030, 6, 30),
    )
    imports: list[float] = []
    floors: list[float] = []
    for r in range(ROUNDS * 2):
        if (r % 2 == 0) == (r // 2 % 2 == 0):
            rows: list[list[Any]] = []
            for i in range(OVERSIGHT_ROWS):
                day = dt.date(2024, 1, 1) + dt.timedelta(days=i % 300)
                text = f"{day:%d/%m/%Y}"
                answered = [f"Hoàn trả {i}", "Chủ tịch UBND xã", text, text, "Đã chỉ đạo", ""]
                rows.append(
                    [
                        f"Vụ việc {r}-{i}",
                        "Thôn thu quỹ không có nghị quyết",
                        text,
                        "Thôn 1",
                        text,
                        "Thu sai",
                        "có",
                    ]
                    + (answered if i % 2 else [""] * 6)
                )
            file = xlsx(rows)
            imports.append(
                _timed(partial(matters_import, actor=member, board=board, file=file, filename="vu-viec.xlsx"))
            )
        else:

            def floor(r: int) -> None:
                matters = Matter.objects.bulk_create(
                    [
                        Matter(
                            board=board,
                            code=f"BENCH-{r}-{i}",
                            title=f"Vụ việc {r}-{i}",
                            description="Thôn thu quỹ không có nghị quyết",
                            channel=Channel.IMPORTED,
                            village=village,
                            received_on=dt.date(2024, 1, 1),
                            classified_on=dt.date(2024, 1, 1),
                            status=Matter.Status.RECOMMENDED if i % 2 else Matter.Status.CONCLUDED,
                            findings="Thu sai",
                            signs_of_violation=True,
                            concluded_on=dt.date(2024, 1, 1),
                        )
                        for i in range(OVERSIGHT_ROWS)
                    ],
                    batch_size=500,
                )
                Recommendation.objects.bulk_create(
                    [
                        Recommendation(
                            matter=m,
                            addressee="Chủ tịch UBND xã",
                            content=f"Hoàn trả {i}",
                            made_on=dt.date(2024, 1, 1),
                            due_on=dt.date(2024, 1, 31),
                            status=Recommendation.Status.ANSWERED,
                            answer="Đã chỉ đạo",
                            answered_on=dt.date(2024, 1, 1),
                        )
                        for i, m in enumerate(matters)
                        if i % 2
                    ],
                    batch_size=500,
                )

            floors.append(_timed(partial(floor, r)))
    return statistics.median(imports), statistics.median(floors)


def main() -> int:
    return on_scratch_database("imports", _run)


def _run(db_url: str, tmp: Path) -> int:
    django_in_process(production_env(db_url, tmp))
    from django.db import connection

    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    results = [
        ("newrural", NEWRURAL_ROWS, "assessments and recognitions", *_newrural()),
        ("oversight", OVERSIGHT_ROWS, "matters and recommendations", *_oversight()),
    ]
    for name, rows, what, imported, floor in results:
        fits = "fits" if imported < BUDGET else "DOES NOT FIT"
        line = (
            f"imports: {name} {rows:,} rows vs bulk_create floor ({database})",
            f"import {imported:.1f} s ({rows / imported:,.0f} rows/s)",
            f"bulk_create of the same {what}, no check or audit {floor:.2f} s",
            imported / floor,
            f"XLSX read, every row checked, audit entries written; {ROUNDS} interleaved rounds on fresh units "
            f"(median); {fits} the web worker's {BUDGET:.0f} s ({imported / BUDGET:.0%} of it)",
        )
        if os.environ.get("BENCH_DRY"):
            print(" | ".join(str(c) for c in line))
        else:
            record(line[0], line[1], line[2], line[3], line[4])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
