"""A sheet of paper cases is checked row by row by case_submit's own rules (Intake.check), then written
in batches (Intake.save): the same cases, sealed identities, events and audit entries as filed one by
one, in statements that do not grow with the sheet (9 statements a row took 64 s for 5,000 rows on
PostgreSQL, past a web worker's 30 s)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from danchu.cases import services
from danchu.cases.importing import import_cases
from danchu.cases.models import Case, CaseEvent, Channel, IdentityVault
from danchu.cases.services import intake
from danchu.core.audit import seal_pending, verify_chain
from danchu.core.errors import Forbidden
from danchu.core.models import AuditEntry

from .conftest import at

HEADER = "type,place_code,title,content,field,name,phone,email,received,contested_decision,denounced,first_decision_on\n"
# Whatever differs between two filings of the same case: its row, its codes, when it was saved.
OWN = {"id", "tracking_code", "open311_token", "receipt_key_sealed", "updated_at"}


def sheet(*rows: str) -> bytes:
    return (HEADER + "".join(f"{r}\n" for r in rows)).encode()


def run(officer: Any, data: bytes, **kw: Any) -> tuple[Any, int]:
    with CaptureQueriesContext(connection) as queries:
        result = import_cases(data=data, filename="so.csv", by=officer, **kw)
    return result, sum(
        1 for q in queries.captured_queries if q["sql"].split()[0] not in ("SAVEPOINT", "RELEASE")
    )


def fields_of(case: Case) -> dict[str, Any]:
    return {f.attname: getattr(case, f.attname) for f in Case._meta.concrete_fields if f.attname not in OWN}


def trail(case: Case) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """Its timeline events and audit entries, without what belongs to the filing itself."""
    events = [(e.action, e.actor_id, e.from_state, e.to_state, e.note, e.public) for e in case.events.all()]
    entries = [
        (
            a.actor_id,
            a.actor_label,
            a.on_behalf_of_id,
            a.action,
            a.object_type,
            a.before,
            a.after | {"tracking_code": ""},
        )
        for a in AuditEntry.objects.filter(object_type="cases.case", object_id=str(case.pk)).order_by("id")
    ]
    return events, entries


def test_imported_cases_are_those_filed_one_by_one(officer, chairman, village, other_village, roads, land):
    first_decision = timezone.localdate() - dt.timedelta(days=5)
    rows = [
        f"phản ánh,{village.code},Đèn hỏng,Đèn đường hỏng,ha-tang,,,,05/01/2026,,,",
        f"kiến nghị,{other_village.code},Làm đường,Bê tông hóa đường,Đất đai,Lan,0911000001,lan@example.vn,2026-01-06,,,",
        f"khiếu nại,{village.code},Khiếu nại thu hồi đất,Không đồng ý,dat-dai,Minh,0911000002,,06/01/2026,QĐ 12/QĐ-UBND,,",
        f"tố cáo,{village.code},Tố cáo thu tiền,Thu tiền sai,,Bí Mật,0987654321,bimat@example.vn,07/01/2026,,Cán bộ thôn,",
        f"khiếu nại lần hai,{other_village.code},Khiếu nại lần hai,Vẫn không đồng ý,,Hoa,0911000003,,,QĐ 30,,"
        f"{first_decision.strftime('%d/%m/%Y')}",
    ]
    result, _ = run(officer, sheet(*rows))
    assert not result.errors
    imported = result.imported
    assert [c.pk for c in imported] == sorted(c.pk for c in imported)  # written in the sheet's order
    assert list(Case.objects.order_by("pk")) == imported

    def alone(
        kind: str,
        place: Any,
        title: str,
        content: str,
        field: Any,
        name: str,
        phone: str,
        email: str,
        received: Any,
        **kw: Any,
    ) -> Case:
        return services.case_submit(
            case_type_key=kind,
            place=place,
            title=title,
            description=content,
            field=field,
            channel=Channel.IMPORT,
            recorded_by=officer,
            received_at=received,
            send_notice=False,
            identity=services.Identity(name=name, phone=phone, email=email),
            anonymous=not name and kind == "feedback",
            **kw,
        )

    one_by_one = [
        alone("feedback", village, "Đèn hỏng", "Đèn đường hỏng", roads, "", "", "", at(2026, 1, 5, 8)),
        alone(
            "petition",
            other_village,
            "Làm đường",
            "Bê tông hóa đường",
            land,
            "Lan",
            "0911000001",
            "lan@example.vn",
            at(2026, 1, 6, 8),
        ),
        alone(
            "complaint",
            village,
            "Khiếu nại thu hồi đất",
            "Không đồng ý",
            land,
            "Minh",
            "0911000002",
            "",
            at(2026, 1, 6, 8),
            contested_decision="QĐ 12/QĐ-UBND",
        ),
        alone(
            "denunciation",
            village,
            "Tố cáo thu tiền",
            "Thu tiền sai",
            None,
            "Bí Mật",
            "0987654321",
            "bimat@example.vn",
            at(2026, 1, 7, 8),
            denounced="Cán bộ thôn",
        ),
        alone(
            "complaint_second",
            other_village,
            "Khiếu nại lần hai",
            "Vẫn không đồng ý",
            None,
            "Hoa",
            "0911000003",
            "",
            imported[4].received_at,
            contested_decision="QĐ 30",
            first_decision_on=first_decision,
        ),
    ]
    for mine, theirs in zip(imported, one_by_one, strict=True):
        assert fields_of(mine) == fields_of(theirs)
        assert trail(mine) == trail(theirs)
        assert re.fullmatch(rf"{mine.type.prefix}-[2-9A-HJKMNP-Z]{{6}}", mine.tracking_code)
    assert len({c.tracking_code for c in [*imported, *one_by_one]}) == 10
    assert imported[0].anonymous and imported[1].submitter_name == "Lan"
    assert imported[2].acceptance_due == dt.date(2026, 1, 16)  # 10 days (Luật Khiếu nại 2011, Điều 27)

    # The denouncer's identity: sealed in the vault only, read by the assigned handler alone.
    denunciation = imported[3]
    assert (denunciation.submitter_name, denunciation.submitter_phone, denunciation.submitter_email) == (
        "",
        "",
        "",
    )
    assert IdentityVault.objects.count() == 2
    assert "Bí Mật" not in IdentityVault.objects.get(case=denunciation).ciphertext
    entry = AuditEntry.objects.get(action="cases.submit", object_id=str(denunciation.pk))
    assert entry.actor is None and entry.on_behalf_of is None and entry.actor_label == "system"
    with pytest.raises(Forbidden):
        services.reveal_identity(case=denunciation, by=officer, reason="Xác minh nhân thân người tố cáo")
    services.case_accept(case=denunciation, by=chairman)
    services.case_assign(case=denunciation, by=chairman, handler=officer)
    revealed = services.reveal_identity(
        case=denunciation, by=officer, reason="Xác minh nhân thân người tố cáo"
    )
    assert revealed == {
        "name": "Bí Mật",
        "phone": "+84987654321",  # one number, however it was typed
        "email": "bimat@example.vn",
        "address": "",
        "id_number": "",
    }
    # Every entry (the import's and the one-by-one filings') in one unbroken chain.
    seal_pending(wait=True)
    checked, broken = verify_chain(anchors={})
    assert broken is None and checked >= 10


def test_the_statements_do_not_grow_with_the_sheet(officer, village, other_village):
    kinds = ("phản ánh", "kiến nghị", "tố cáo")
    fields = ("ha-tang", "dat-dai", "")

    def rows(n: int, start: int = 0) -> list[str]:
        return [
            f"{kinds[i % 3]},{(village, other_village)[i % 2].code},Việc {i},Nội dung {i},{fields[i % 3]},"
            f"Người {i},09{i:08d},,05/01/2026,,Cán bộ {i},"
            for i in range(start, start + n)
        ]

    few_result, few = run(officer, sheet(*rows(3)))
    result, lots = run(officer, sheet(*rows(1200, start=3)))  # the first three are recorded now
    assert len(few_result.imported) == 3 and len(result.imported) == 1200
    assert Case.objects.count() == CaseEvent.objects.count() == 1203
    assert IdentityVault.objects.count() == 401
    assert AuditEntry.objects.filter(action="cases.submit").count() == 1203
    # Cases, identities, events and audit entries in batches of 500 (of fewer on SQLite, whose statements
    # take at most 999 parameters: a case has 50 columns). One by one it was 9 statements a row.
    assert lots - few <= (12 if connection.vendor == "postgresql" else 120), (few, lots)


def test_bad_rows_are_reported_by_line_and_nothing_is_written(officer, village, client_as):
    good = f"phản ánh,{village.code},Đèn hỏng,Đèn đường hỏng,,,,,05/01/2026,,,"
    data = sheet(
        good,
        f"thư khen,{village.code},A,B,,,,,,,,",  # line 3: no such type
        "phản ánh,XX999,A,B,,,,,,,,",  # line 4: no such place
        f"phản ánh,{village.code},A,B,giao-thong-vu-tru,,,,,,,",  # line 5: no such field
        f"tố cáo,{village.code},Tố cáo,Nội dung,,Bí Mật,0987654321,,,,,",  # line 6: whom?
        f"phản ánh,{village.code},{'x' * 201},B,,,,,,,,",  # line 7: too long
        f"phản ánh,{village.code},A,B,,,,,31/02/2026,,,",  # line 8: no such day
        f"khiếu nại lần hai,{village.code},A,B,,Hoa,0911000003,,,QĐ 30,,",  # line 9: first decision when?
        f"phản ánh,{village.code},A,B,,Lan,,lan@,,,,",  # line 10: not an e-mail address
        good.replace("Đèn hỏng", "Đèn hỏng lần nữa"),  # another case: the same one again is a repeat
    )
    result, _ = run(officer, data)
    assert [line for line, _msg in result.errors] == [3, 4, 5, 6, 7, 8, 9, 10]
    assert "XX999" in result.errors[1][1] and "giao-thong-vu-tru" in result.errors[2][1]
    assert "(người, cơ quan bị tố cáo)" in result.errors[3][1] and "(tiêu đề)" in result.errors[4][1]
    assert "33" in result.errors[6][1]
    assert not result.imported
    assert not Case.objects.exists() and not CaseEvent.objects.exists() and not IdentityVault.objects.exists()
    assert not AuditEntry.objects.filter(action="cases.submit").exists()

    result, _ = run(officer, data, skip_bad=True)
    assert len(result.imported) == 2 and len(result.errors) == 8
    assert Case.objects.count() == 2

    from django.core.files.uploadedfile import SimpleUploadedFile

    page = client_as(officer).post("/cases/office/import/", {"file": SimpleUploadedFile("so.csv", data)})
    assert page.status_code == 400
    assert "Dòng 4: " in page.content.decode() and Case.objects.count() == 2


def test_a_place_of_another_commune_is_refused_as_before(officer, village, foreign_village):
    with pytest.raises(Forbidden) as alone:  # filed alone, as at the reception desk
        services.case_submit(
            case_type_key="feedback",
            place=foreign_village,
            title="A",
            description="B",
            recorded_by=officer,
            channel=Channel.IMPORT,
            anonymous=True,
        )
    data = sheet(
        f"phản ánh,{village.code},Đèn hỏng,Đèn đường hỏng,,,,,,,,",
        f"phản ánh,{foreign_village.code},Đèn hỏng,Đèn đường hỏng,,,,,,,,",
    )
    result, _ = run(officer, data)
    assert result.errors == [(3, alone.value.message)] and not result.imported
    assert not Case.objects.exists()


def test_a_tracking_code_taken_or_drawn_twice_is_drawn_again(officer, village, monkeypatch):
    codes = iter(["PA-TAKEN2", "PA-TAKEN2", "PA-TWICE3", "PA-TWICE3", "PA-NEW444", "PA-NEW555"])
    monkeypatch.setattr(intake, "new_tracking_code", lambda prefix: next(codes))
    services.case_submit(case_type_key="feedback", place=village, title="A", description="B", anonymous=True)
    rows = [f"phản ánh,{village.code},Việc {i},Nội dung,,,,,,,," for i in range(3)]
    result, _ = run(officer, sheet(*rows))
    # Row 1 drew a code already taken and row 3 the code row 2 drew: both drew again, in order.
    assert [c.tracking_code for c in result.imported] == ["PA-NEW444", "PA-TWICE3", "PA-NEW555"]
    assert Case.objects.count() == 4
