"""The import checks every row in memory by the rules of assessment_record() and recognition_record()
and writes the good rows together: the same records and audit entries as one by one, in statements
that do not grow with the file (one by one: 20,000 rows took 135 s on PostgreSQL, far past a web
worker's 30 s)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.core.audit import seal_pending, verify_chain
from danchu.core.errors import Conflict, DomainError
from danchu.core.models import AuditEntry
from danchu.core.text import fold
from danchu.newrural import importing, queries, services
from danchu.newrural.models import Assessment, Recognition, RuralLevel
from danchu.places.models import Level, Place, PlaceKind
from danchu.places.tests import factories as pf

from .conftest import xlsx

pytestmark = pytest.mark.django_db

HEADER = ["ma_don_vi", "nam", "so_tieu_chi_dat", "muc_cong_nhan", "so_quyet_dinh", "ngay_quyet_dinh"]
HEADER += ["co_quan_ban_hanh"]
ISSUER = "Chủ tịch UBND tỉnh Đắk Lắk"
ACTIONS = ("newrural.assessment_recorded", "newrural.recognised")


def run(by: Any, rows: list[list[Any]]) -> tuple[importing.Imported, int]:
    data = xlsx(rows)
    with CaptureQueriesContext(connection) as captured:
        result = importing.import_records(by=by, file=data, filename="ntm.xlsx")
    return result, sum(1 for q in captured.captured_queries if "SAVEPOINT" not in q["sql"])


def refused(by: Any, rows: list[list[Any]]) -> list[str]:
    with pytest.raises(DomainError) as e:
        importing.import_records(by=by, file=xlsx(rows), filename="ntm.xlsx")
    return list(e.value.detail)


def lines(detail: list[str]) -> list[int]:
    return [int(d.split(":")[0].split()[-1]) for d in detail]


def communes(province: Place, n: int, start: int = 0) -> list[Place]:
    made = [
        Place(
            code=f"9{i:05d}",
            name=f"Xã Thử {i}",
            name_folded=fold(f"Xã Thử {i}"),
            kind=PlaceKind.COMMUNE,
            level=Level.COMMUNE,
            parent=province,
            path=f"{province.path}9{i:05d}/",
        )
        for i in range(start, start + n)
    ]
    Place.objects.bulk_create(made)
    return made


def recorded(place: Place) -> list[tuple[str, Any, Any]]:
    """The audit entries of a unit's records, in order, its code written as "CODE"."""
    ids = {
        "newrural.assessment": Assessment.objects.filter(commune=place).values_list("pk", flat=True),
        "newrural.recognition": Recognition.objects.filter(place=place).values_list("pk", flat=True),
    }
    out = []
    for e in AuditEntry.objects.filter(action__in=ACTIONS).order_by("pk"):
        if e.object_type in ids and int(e.object_id) in ids[e.object_type]:
            after = {k: "CODE" if v == place.code else v for k, v in (e.after or {}).items()}
            out.append((e.action, e.before, after))
    return out


def test_imported_records_are_those_recorded_one_by_one(province: Any, steering_member: Any) -> None:
    imported, by_hand = pf.commune(province, code="24201"), pf.commune(province, code="24202")
    for unit in (imported, by_hand):  # a 2025 assessment already recorded: the file corrects it
        services.assessment_record(by=steering_member, commune=unit, year=2025, met_count=10)
    result, _n = run(
        steering_member,
        [
            HEADER,
            [imported.code, 2024, 19, "Đạt chuẩn", "1/QĐ-UBND", "01/12/2024", ISSUER],
            [imported.code, 2025, 15, "", "", "", ""],
            [imported.code, 2025, 17, "Nâng cao", "2/QĐ-UBND", dt.date(2025, 12, 1), ISSUER],
        ],
    )
    assert (result.assessments, result.recognitions) == (3, 2)
    services.assessment_record(by=steering_member, commune=by_hand, year=2024, met_count=19)
    services.recognition_record(
        by=steering_member,
        place=by_hand,
        level=RuralLevel.STANDARD,
        recognised_on=dt.date(2024, 12, 1),
        decision_number="1/QĐ-UBND",
        issuer=ISSUER,
    )
    services.assessment_record(by=steering_member, commune=by_hand, year=2025, met_count=15)
    services.assessment_record(by=steering_member, commune=by_hand, year=2025, met_count=17)
    services.recognition_record(
        by=steering_member,
        place=by_hand,
        level=RuralLevel.ADVANCED,
        recognised_on=dt.date(2025, 12, 1),
        decision_number="2/QĐ-UBND",
        issuer=ISSUER,
    )
    fields = ["year", "level", "criteria_set_id", "met_count", "note", "recorded_by_id"]
    assert [
        [getattr(a, f) for f in fields] for a in Assessment.objects.filter(commune=imported).order_by("year")
    ] == [
        [getattr(a, f) for f in fields] for a in Assessment.objects.filter(commune=by_hand).order_by("year")
    ]
    fields = ["level", "recognised_on", "decision_number", "issuer", "revoked_on", "recorded_by_id"]
    assert [
        [getattr(r, f) for f in fields] for r in Recognition.objects.filter(place=imported).order_by("pk")
    ] == [[getattr(r, f) for f in fields] for r in Recognition.objects.filter(place=by_hand).order_by("pk")]
    made = recorded(imported)
    assert made == recorded(by_hand)
    assert [before for _a, before, _after in made] == [
        None,
        None,
        None,
        {"met_count": 10},
        {"met_count": 15},
        None,
    ]
    assert AuditEntry.objects.filter(action="newrural.imported").count() == 1
    assert queries.highest_levels(dt.date(2025, 12, 31))[imported.pk] == RuralLevel.ADVANCED
    seal_pending(wait=True)
    checked, broken = verify_chain(anchors={})
    assert broken is None and checked >= 13


def test_the_statements_do_not_grow_with_the_file(province: Any, steering_member: Any) -> None:
    def sheet(units: list[Place]) -> list[list[Any]]:
        rows: list[list[Any]] = [HEADER]
        for u in units:
            rows.append([u.code, 2024, "", "Đạt chuẩn", "1/QĐ-UBND", "01/12/2024", ISSUER])
            rows.append([u.code, 2025, 15, "", "", "", ""])
        return rows

    result, few = run(steering_member, sheet(communes(province, 50)))
    assert (result.assessments, result.recognitions) == (50, 50)
    result, many = run(steering_member, sheet(communes(province, 150, start=50)))
    assert (result.assessments, result.recognitions) == (150, 150)
    assert Assessment.objects.count() == Recognition.objects.count() == 200
    # Reads 500 ids a statement, writes 500 rows (fewer on SQLite's 999 parameters): a few statements
    # more for three times the rows (10 and 9 on PostgreSQL), where one by one it was 5 a row (502, 1,501).
    assert many - few <= (10 if connection.vendor == "postgresql" else 40), (few, many)


def test_earlier_rows_count_for_later_ones(province: Any, steering_member: Any) -> None:
    a, b = pf.commune(province, code="24211"), pf.commune(province, code="24212")
    refusal = refused(
        steering_member,
        [
            HEADER,
            [b.code, 2025, "", "Nâng cao", "3/QĐ-UBND", "01/12/2025", ISSUER],  # not yet standard: line 2
            [a.code, 2024, "", "Đạt chuẩn", "1/QĐ-UBND", "01/12/2024", ISSUER],
            [a.code, 2024, "", "Nâng cao", "2/QĐ-UBND", "30/11/2024", ISSUER],  # the day before: line 4
            [b.code, 2024, "", "Đạt chuẩn", "4/QĐ-UBND", "01/12/2024", ISSUER],
        ],
    )
    assert lines(refusal) == [2, 4]
    with pytest.raises(DomainError) as alone:
        services.recognition_record(
            by=steering_member,
            place=b,
            level=RuralLevel.ADVANCED,
            recognised_on=dt.date(2025, 12, 1),
            decision_number="3/QĐ-UBND",
            issuer=ISSUER,
        )
    assert refusal[0].endswith(alone.value.message)
    result, _n = run(
        steering_member,
        [
            HEADER,
            [a.code, 2024, "", "Đạt chuẩn", "1/QĐ-UBND", "01/12/2024", ISSUER],
            [a.code, 2025, "", "Nâng cao", "2/QĐ-UBND", "01/12/2025", ISSUER],
            [a.code, 2025, "", "Kiểu mẫu", "3/QĐ-UBND", "01/12/2025", ISSUER],  # the same day counts
        ],
    )
    assert result.recognitions == 3
    assert queries.highest_levels(dt.date(2025, 12, 31))[a.pk] == RuralLevel.MODEL


def test_a_recognition_given_twice_or_already_recorded_is_refused_by_line(
    province: Any, steering_member: Any
) -> None:
    a, b = pf.commune(province, code="24221"), pf.commune(province, code="24222")
    services.recognition_record(
        by=steering_member,
        place=b,
        level=RuralLevel.STANDARD,
        recognised_on=dt.date(2023, 12, 1),
        decision_number="9/QĐ-UBND",
        issuer=ISSUER,
    )
    refusal = refused(
        steering_member,
        [
            HEADER,
            [a.code, 2024, 19, "Đạt chuẩn", "1/QĐ-UBND", "01/12/2024", ISSUER],
            [a.code, 2025, "", "Đạt chuẩn", "2/QĐ-UBND", "01/12/2025", ISSUER],  # a's second: line 3
            [b.code, 2024, "", "Đạt chuẩn", "3/QĐ-UBND", "01/12/2024", ISSUER],  # recorded: line 4
        ],
    )
    assert lines(refusal) == [3, 4]
    with pytest.raises(Conflict) as conflict:
        services.recognition_record(
            by=steering_member,
            place=b,
            level=RuralLevel.STANDARD,
            recognised_on=dt.date(2024, 12, 1),
            decision_number="3/QĐ-UBND",
            issuer=ISSUER,
        )
    assert refusal[1].endswith(conflict.value.message)
    assert refusal[0].endswith(conflict.value.message.replace(b.name, a.name))
    assert not Recognition.objects.filter(place=a).exists() and not Assessment.objects.exists()


def test_a_recognition_recorded_meanwhile_refuses_the_file(
    province: Any, steering_member: Any, monkeypatch: Any
) -> None:
    unit = pf.commune(province, code="24231")
    checked = importing.check_rows

    def then_a_concurrent_request(*args: Any, **kw: Any) -> Any:
        out = checked(*args, **kw)
        services.recognition_record(
            by=steering_member,
            place=unit,
            level=RuralLevel.STANDARD,
            recognised_on=dt.date(2024, 12, 1),
            decision_number="1/QĐ-UBND",
            issuer=ISSUER,
        )
        return out

    monkeypatch.setattr(importing, "check_rows", then_a_concurrent_request)
    with pytest.raises(Conflict):
        run(steering_member, [HEADER, [unit.code, 2024, 19, "Đạt chuẩn", "1/QĐ-UBND", "01/12/2024", ISSUER]])
    assert not Assessment.objects.exists()


def test_a_unit_the_importer_does_not_manage_is_refused(
    province: Any, steering_member: Any, commune: Any, other_commune: Any, officer: Any
) -> None:
    elsewhere = pf.commune(pf.province(code="67", name="Tỉnh Đắk Nông"), code="24611")
    rows = [
        HEADER,
        [commune.code, 2025, 12, "", "", "", ""],
        [elsewhere.code, 2025, 12, "", "", "", ""],  # another province's commune: line 3
        [elsewhere.code, 2024, "", "Đạt chuẩn", "1/QĐ-UBND", "01/12/2024", ISSUER],  # line 4
    ]
    refusal = refused(steering_member, rows)
    assert lines(refusal) == [3, 4] and all(elsewhere.name in d for d in refusal)
    refusal = refused(officer, [HEADER, rows[1], [other_commune.code, 2025, 12, "", "", "", ""]])
    assert lines(refusal) == [3] and other_commune.name in refusal[0]
    assert not Assessment.objects.exists() and not Recognition.objects.exists()


def test_a_bad_row_writes_nothing(province: Any, steering_member: Any) -> None:
    a, b = pf.commune(province, code="24241"), pf.commune(province, code="24242")
    rows: list[list[Any]] = [
        HEADER,
        [a.code, 2024, 19, "Đạt chuẩn", "1/QĐ-UBND", "01/12/2024", ISSUER],  # good
        ["99999", 2025, 12, "", "", "", ""],  # unknown code
        ["x" * 500, 2025, 12, "", "", "", ""],  # an over-long code
        [b.code, 2024, "", "Đạt chuẩn", "2" * 101, "01/12/2024", ISSUER],  # an over-long decision number
        [b.code, 2024, "", "Đạt chuẩn", "2/QĐ-UBND", "01/12/2024", "Ủy ban " * 40],  # an over-long issuer
        [b.code, 2025, 20, "", "", "", ""],  # more than the set's 19
        [b.code, 2025, "", "", "", "", ""],  # neither a count nor a level
    ]
    refusal = refused(steering_member, rows)
    assert lines(refusal) == [3, 4, 5, 6, 7, 8]
    assert "19" in refusal[4]
    assert not Assessment.objects.exists() and not Recognition.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="newrural.").exists()


def test_nul_bytes_are_refused_by_line_and_column_never_stored(province: Any, steering_member: Any) -> None:
    unit = pf.commune(province, code="24251")
    header = ",".join(HEADER)
    good = f"{unit.code},2024,19,Đạt chuẩn,1/QĐ-UBND\x00,01/12/2024,UBND\x00 tỉnh"
    with pytest.raises(DomainError) as e:
        importing.import_records(
            by=steering_member,
            file=io.BytesIO(f"{header}\n{good}\n\x00999\x00,2025,3,,,,\n".encode()),
            filename="ntm.csv",
        )
    assert lines(e.value.detail) == [2, 3] and not Recognition.objects.exists()
    assert "so_quyet_dinh, co_quan_ban_hanh" in e.value.detail[0]  # refused by column, never dropped


def test_a_decisions_date_as_spreadsheets_write_it_and_a_bad_one_quoted(
    province: Any, steering_member: Any
) -> None:
    """ "01.12.2024" and "2024-12-01" are the first of December (each was refused as "the date must be
    dd/mm/yyyy"); a day that does not exist is quoted back, a missing one said to be missing."""
    a, b, c = (pf.commune(province, code=code) for code in ("24241", "24242", "24243"))
    bad = [
        HEADER,
        [a.code, 2024, 19, "Đạt chuẩn", "1/QĐ-UBND", "31/11/2024", ISSUER],
        [b.code, 2024, 19, "Đạt chuẩn", "2/QĐ-UBND", "", ISSUER],
    ]
    assert refused(steering_member, bad) == [
        "Dòng 2: ngày quyết định “31/11/2024” không đúng định dạng dd/mm/yyyy",
        "Dòng 3: thiếu ngày quyết định (dd/mm/yyyy)",
    ]
    good = [
        HEADER,
        [a.code, 2024, 19, "Đạt chuẩn", "1/QĐ-UBND", "01.12.2024", ISSUER],
        [b.code, 2024, 19, "Đạt chuẩn", "2/QĐ-UBND", "2024-12-01", ISSUER],
        [c.code, 2024, 19, "Đạt chuẩn", "3/QĐ-UBND", dt.date(2024, 12, 1), ISSUER],
    ]
    run(steering_member, good)
    assert set(Recognition.objects.values_list("recognised_on", flat=True)) == {dt.date(2024, 12, 1)}
    assert Recognition.objects.count() == 3
