"""A file of past matters is checked row by row in memory, then written in batches: the same matters,
codes, recommendations and audit entries as one by one, in statements that do not grow with the file
(row by row, 5,000 matters took 29 s on PostgreSQL, past a web worker's 30 s)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any, cast

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.test.utils import CaptureQueriesContext

from danchu.accounts.models import Body
from danchu.accounts.tests.factories import BodyFactory
from danchu.core.audit import audit, seal_pending, verify_chain
from danchu.core.calendar import add_calendar_days
from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry
from danchu.core.text import fold
from danchu.oversight import importing, services
from danchu.oversight.importing import matters_import
from danchu.oversight.models import Board, Channel, Matter, Recommendation
from danchu.oversight.rules import in_force
from danchu.oversight.services.numbering import next_code
from danchu.places.importing.reading import RowError, read_checked

from .test_import import GOOD as GOOD_ROWS
from .test_import import xlsx

pytestmark = pytest.mark.django_db

GOOD = cast(list[list[Any]], GOOD_ROWS)

BLANK = ["", "", "", "", "", "", "", "", "", "", "", "", ""]
OPEN = [  # a recommendation not yet answered, in another village, another year
    "Trạm bơm hỏng",
    "",
    "03/09/2023",
    "Buôn Đắk",
    "20/09/2023",
    "Chậm sửa chữa",
    "x",
    "Sửa trạm bơm",
    "UBND xã",
    "25/09/2023",
    "",
    "",
    "",
]
# answered, not resolved (another matter: one of the same date and title is a row repeated)
ANSWERED = ["Thu quỹ vệ sinh sai quy định", *GOOD[0][1:12], ""]


def row(title: str, received: str = "01/02/2024") -> list[str]:
    return [title, "", received, *BLANK[3:]]


def one_by_one(actor: Any, board: Board, out: dict[str, Any]) -> Matter:
    """What the import wrote for a row before it wrote in batches (its `_create`), kept as the
    reference the batches must equal."""
    S = Matter.Status
    status = S.ACCEPTED
    if out["concluded_on"]:
        status = S.CONCLUDED
    if out["recommendation"]:
        status = S.RESOLVED if out["resolved_on"] else S.RECOMMENDED
    matter = Matter.objects.create(
        board=board,
        code=next_code(board, out["received_on"].year),
        title=out["title"],
        description=out["description"] or out["title"],
        channel=Channel.IMPORTED,
        village=out["village"],
        received_on=out["received_on"],
        classified_on=out["received_on"],
        status=status,
        findings=out["findings"],
        signs_of_violation=out["violation"],
        concluded_on=out["concluded_on"],
        recommended_on=out["recommended_on"] if out["recommendation"] else None,
        resolved_on=out["resolved_on"] if out["recommendation"] else None,
    )
    if out["recommendation"]:
        Recommendation.objects.create(
            matter=matter,
            addressee=out["addressee"],
            content=out["recommendation"],
            made_on=out["recommended_on"],
            due_on=add_calendar_days(
                out["recommended_on"], in_force("answer_days", out["recommended_on"]).value
            ),
            status=Recommendation.Status.RESOLVED
            if out["resolved_on"]
            else (Recommendation.Status.ANSWERED if out["answered_on"] else Recommendation.Status.OPEN),
            answer=out["answer"],
            answered_on=out["answered_on"],
            resolved_on=out["resolved_on"],
        )
    audit(
        actor=actor,
        action="oversight.matter_import",
        obj=matter,
        after={"code": matter.code, "status": status},
    )
    return matter


def written(matters: list[Matter]) -> list[dict[str, Any]]:
    """The matters as stored, with their recommendations and audit entries, without their ids."""
    out = []
    for m in Matter.objects.filter(pk__in=[m.pk for m in matters]).order_by("pk"):
        recs = [model_to_dict(r, exclude=["id", "matter"]) for r in m.recommendations.order_by("pk")]
        entries = [
            (e.action, e.actor_id, e.object_type, e.after)
            for e in AuditEntry.objects.filter(object_type="oversight.matter", object_id=str(m.pk))
        ]
        out.append({**model_to_dict(m, exclude=["id", "handlers"]), "recs": recs, "audit": entries})
    return out


def receive(board: Board, actor: Any, day: dt.date, title: str = "Nhận trực tiếp") -> Matter:
    data = services.MatterData(title=title, description=title, channel=Channel.DIRECT, received_on=day)
    return services.matter_receive(actor=actor, board=board, data=data)


def run(board: Board, actor: Any, rows: list[list[Any]], **kw: Any) -> tuple[importing.Imported, int]:
    f = xlsx(rows)
    with CaptureQueriesContext(connection) as queries:
        result = matters_import(actor=actor, board=board, file=f, **kw)
    return result, len(queries.captured_queries)


def test_imported_matters_are_those_made_one_by_one(
    board: Board, board_member: Any, other_village: Any
) -> None:
    before = receive(board, board_member, dt.date(2024, 1, 5))
    rows = [GOOD[0], GOOD[1], OPEN, ANSWERED, row("Chỉ có tiêu đề")]
    result, _ = run(board, board_member, rows)
    assert [m.code for m in result.matters] == [
        "TTND-24181-2024-002",
        "TTND-24181-2024-003",
        "TTND-24181-2023-001",
        "TTND-24181-2024-004",
        "TTND-24181-2024-005",
    ]
    batched = written(result.matters)
    assert [m["status"] for m in batched] == [
        "resolved",
        "concluded",
        "recommended",
        "recommended",
        "accepted",
    ]
    assert [r["status"] for m in batched for r in m["recs"]] == ["resolved", "open", "answered"]
    assert batched[2]["village"] == other_village.pk and batched[2]["recs"][0]["due_on"] > dt.date(
        2023, 9, 25
    )
    assert AuditEntry.objects.filter(action="oversight.matters_import").get().after == {
        "imported": 5,
        "skipped": [],
    }

    Matter.objects.filter(pk__in=[m.pk for m in result.matters]).delete()  # the codes are free again
    checked = read_checked(
        xlsx(rows), "m.xlsx", importing.ALIASES, required=importing.REQUIRED, max_rows=importing.MAX_ROWS
    )
    villages = {fold(p.name): p for p in board.body.place.children.all()}
    with transaction.atomic():
        alone = [one_by_one(board_member, board, importing._check(r, villages)) for r in checked]
    assert written(alone) == batched
    assert Matter.objects.filter(board=board).count() == 6 and before.code == "TTND-24181-2024-001"
    seal_pending(wait=True)
    count, broken = verify_chain(anchors={})
    assert broken is None and count >= 12


def test_the_statements_do_not_grow_with_the_file(
    board: Board, board_member: Any, other_village: Any
) -> None:
    rows = [[f"{r[0]} {i}", *r[1:]] for i, r in enumerate([GOOD[0], GOOD[1], OPEN] * 16)]
    _, few = run(board, board_member, rows[:12])
    _, lots = run(board, board_member, rows[12:])
    assert Matter.objects.filter(board=board).count() == 48 and Recommendation.objects.count() == 32
    # Row by row, 12 rows took 97 statements and 36 rows 280 (savepoints included). Now the lock, the
    # codes taken, the villages, a batch a table and the audit: 11 for 12 rows and for 36 (a batch more
    # on SQLite, whose statements take at most 999 parameters).
    assert lots - few <= (0 if connection.vendor == "postgresql" else 3), (few, lots)
    assert few <= 15, few


def test_codes_continue_in_the_places_series_and_another_communes_do_not_count(
    board: Board, board_member: Any, other_board_member: Any, commune: Any
) -> None:
    receive(board, board_member, dt.date(2024, 3, 1))
    receive(board, board_member, dt.date(2024, 3, 2))
    receive(board, board_member, dt.date(2023, 3, 2))
    other = Board.objects.exclude(pk=board.pk).get()
    for i in range(5):
        receive(other, other_board_member, dt.date(2024, 4, 1), f"Xã khác {i}")
    # A unit's board placed in the commune numbers in the commune's series (the code is unique).
    unit = Board.objects.create(
        body=cast(Body, BodyFactory(kind=Body.Kind.AGENCY, name="UBND xã", place=commune))
    )
    assert receive(unit, None, dt.date(2024, 5, 1)).code == "TTND-24181-2024-003"
    result, _ = run(
        board, board_member, [row("A", "01/06/2024"), row("B", "01/06/2023"), row("C", "02/06/2024")]
    )
    assert [m.code for m in result.matters] == [
        "TTND-24181-2024-004",
        "TTND-24181-2023-002",
        "TTND-24181-2024-005",
    ]
    assert receive(board, board_member, dt.date(2024, 7, 1)).code == "TTND-24181-2024-006"
    assert (
        sorted(Matter.objects.filter(board=other).values_list("code", flat=True))[-1] == "TTND-24190-2024-005"
    )


def test_a_number_past_9999_still_fits_the_code(board: Board, board_member: Any) -> None:
    """TTND-24181-2024-10000 is 21 characters: the code's column (once 20) holds it, and PostgreSQL
    does not refuse the matter with an error page."""
    Matter.objects.filter(pk=receive(board, board_member, dt.date(2024, 3, 1)).pk).update(
        code="TTND-24181-2024-9999"
    )
    result, _ = run(board, board_member, [row("A", "01/06/2024")])
    assert [m.code for m in result.matters] == ["TTND-24181-2024-10000"]
    assert Matter.objects.get(code="TTND-24181-2024-10000").title == "A"


def test_the_places_series_is_locked_while_numbering(board: Board, board_member: Any) -> None:
    with CaptureQueriesContext(connection) as received:
        receive(board, board_member, dt.date(2024, 3, 1))
    with CaptureQueriesContext(connection) as imported:
        matters_import(actor=board_member, board=board, file=xlsx([row("A"), row("B")]))
    for queries in (received, imported):
        locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
        if connection.features.has_select_for_update:  # SQLite has one writer at a time anyway
            assert len(locks) == 1 and "places_place" in locks[0], locks


def test_a_bad_row_writes_nothing(board: Board, board_member: Any) -> None:
    with pytest.raises(DomainError) as refused:
        run(board, board_member, [GOOD[0], row(""), GOOD[1], row("Ngày sai", "31/02/2024")])
    assert [e["line"] for e in refused.value.detail] == [3, 5]
    assert all(isinstance(p, str) for e in refused.value.detail for p in e["problems"])
    assert str(RowError(3, "")).split(":")[0] in refused.value.message
    assert not Matter.objects.exists() and not Recommendation.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="oversight.matter").exists()


def test_skipping_bad_rows_writes_only_the_good_ones(
    board: Board, board_member: Any, other_village: Any
) -> None:
    rows = [GOOD[0], row(""), GOOD[1], row("Ngày sai", "31/02/2024"), OPEN]
    result, _ = run(board, board_member, rows, skip_bad_rows=True)
    assert [m.code for m in result.matters] == [
        "TTND-24181-2024-001",
        "TTND-24181-2024-002",
        "TTND-24181-2023-001",
    ]
    assert [(e.line, bool(e.message)) for e in result.skipped] == [(3, True), (5, True)]
    assert Matter.objects.count() == 3 and Recommendation.objects.count() == 2
    assert AuditEntry.objects.filter(action="oversight.matter_import").count() == 3
    assert AuditEntry.objects.get(action="oversight.matters_import").after == {
        "imported": 3,
        "skipped": [3, 5],
    }
    with pytest.raises(DomainError) as refused:  # nothing good: nothing imported, and said so
        run(board, board_member, [row(""), row("")], skip_bad_rows=True)
    assert [e["line"] for e in refused.value.detail] == [2, 3] and Matter.objects.count() == 3


def test_nul_bytes_and_overlong_text_are_refused_by_line(board: Board, board_member: Any) -> None:
    text = "\n".join(
        [
            "Tiêu đề,Nội dung,Ngày tiếp nhận",
            "Đúng,Đúng,01/02/2024",
            "Có\x00NUL,x,01/02/2024",
            f"{'T' * 256},x,01/02/2024",
            f"Dài,{'n' * 10001},01/02/2024",
        ]
    )
    f = SimpleUploadedFile("cu.csv", io.BytesIO(text.encode()).getvalue())
    with pytest.raises(DomainError) as refused:
        matters_import(actor=board_member, board=board, file=f)
    by_line = {e["line"]: " ".join(e["problems"]) for e in refused.value.detail}
    assert set(by_line) == {3, 4, 5}
    assert "“Tiêu đề”" in by_line[3] and "NUL" in by_line[3] and "255" in by_line[4] and "10000" in by_line[5]
    assert not Matter.objects.exists()
