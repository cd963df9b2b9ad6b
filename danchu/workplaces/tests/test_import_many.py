"""The imports check each row by the rules of its use case and write the good rows together: the same
units, conferences, dialogues and audit entries as one by one, in statements that do not grow with
the file (one by one: 8 statements a unit, 18 a conference; 1,000 conferences took 29 s on
PostgreSQL, past a web worker's 30 s)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.core.audit import seal_pending, verify_chain
from danchu.core.models import AuditEntry
from danchu.workplaces import importing, services
from danchu.workplaces.models import Conference, Dialogue, Unit

from .conftest import LAST_YEAR, xlsx

pytestmark = pytest.mark.django_db

UNITS = ["ma_don_vi", "ten_don_vi", "loai", "so_huu", "ma_dia_ban", "so_lao_dong", "thu_truong"]
ACTIVITIES = ["ma_don_vi", "hoat_dong", "ngay", "trieu_tap", "co_mat", "nhan", "giai_quyet"]
DAY = dt.date(LAST_YEAR, 12, 10)


def run(importer: Any, actor: Any, rows: list[list[Any]]) -> tuple[importing.ImportResult, int]:
    data = xlsx(rows)
    with CaptureQueriesContext(connection) as queries:
        result = importer(actor=actor, data=data)
    return result, len(queries.captured_queries)


def entries(action: str, obj: Any) -> list[dict[str, Any]]:
    found = AuditEntry.objects.filter(action=action, object_id=str(obj.pk)).order_by("pk")
    return [{"actor": e.actor_id, "before": e.before, "after": e.after} for e in found]


def test_imported_records_are_those_recorded_one_by_one(officer: Any, commune: Any) -> None:
    result, _ = run(
        importing.import_units,
        officer,
        [
            UNITS,
            [
                "DN-A",
                "Công ty TNHH Cà phê Ea Tu",
                "doanh nghiệp",
                "tư nhân",
                commune.code,
                160,
                "Trần Văn Hải",
            ],
            [
                "DN-B",
                "Công ty TNHH Cà phê Ea Kao",
                "doanh nghiệp",
                "tư nhân",
                commune.code,
                160,
                "Trần Văn Hải",
            ],
        ],
    )
    assert result.errors == [] and result.imported == 2
    imported = Unit.objects.get(code="DN-A")
    alone = services.unit_register(
        actor=officer,
        data=services.UnitData(
            code="DN-C",
            name="Công ty TNHH Cà phê Ea Kpam",
            unit_type="enterprise",
            place=commune,
            ownership="private",
            employees=160,
            head_name="Trần Văn Hải",
        ),
    )
    assert (imported.body.kind, imported.body.place, imported.body.name) == (
        alone.body.kind,
        commune,
        "Công ty TNHH Cà phê Ea Tu",
    )
    made, by_hand = entries("workplaces.unit_register", imported), entries("workplaces.unit_register", alone)
    assert len(made) == 1 and made[0]["actor"] == officer.pk
    skip = {"id", "body_id", "code"}
    assert {k: v for k, v in made[0]["after"].items() if k not in skip} == {
        k: v for k, v in by_hand[0]["after"].items() if k not in skip
    }

    result, _ = run(
        importing.import_activities,
        officer,
        [
            ACTIVITIES,
            ["DN-A", "hội nghị", DAY.strftime("%d/%m/%Y"), 40, 35],
            ["DN-A", "đối thoại", DAY, "", "", 5, 4],
        ],
    )
    assert result.errors == [] and result.imported == 2
    conf = Conference.objects.get(unit=imported)
    by_hand_conf = services.conference_hold(
        actor=officer,
        conference=services.conference_convene(
            actor=officer, unit=alone, year=DAY.year, planned_on=DAY, delegates_convened=40
        ),
        held_on=DAY,
        delegates_present=35,
        contents_done=[],
    )
    fields = ["kind", "year", "extraordinary", "rule_id", "planned_on", "held_on", "venue", "status"]
    fields += ["delegates_convened", "delegates_present", "contents_done", "chair", "created_by_id"]
    assert [getattr(conf, f) for f in fields] == [getattr(by_hand_conf, f) for f in fields]
    for action in ("workplaces.conference_convene", "workplaces.conference_hold"):
        made, by_hand = entries(action, conf), entries(action, by_hand_conf)
        assert len(made) == 1
        made[0]["after"].pop("unit_id", None), by_hand[0]["after"].pop("unit_id", None)
        assert made == by_hand
    dialogue = Dialogue.objects.get(unit=imported)
    assert (dialogue.issues_received, dialogue.issues_resolved, dialogue.employer_side) == (5, 4, 3)
    assert dialogue.employee_side == services.employee_side_min(160) and dialogue.created_by == officer
    assert len(entries("workplaces.dialogue_record", dialogue)) == 1
    seal_pending(wait=True)
    checked, broken = verify_chain(anchors={})
    assert broken is None and checked >= 8


def test_a_code_taken_or_given_twice_and_a_conference_recorded_twice_are_refused_by_line(
    officer: Any, commune: Any, enterprise: Any
) -> None:
    result, _ = run(
        importing.import_units,
        officer,
        [
            UNITS,
            ["DN-NEW", "Công ty Một", "doanh nghiệp", "tư nhân", commune.code, 10, ""],
            [enterprise.code, "Công ty Hai", "doanh nghiệp", "tư nhân", commune.code, 10, ""],  # registered
            ["DN-NEW", "Công ty Ba", "doanh nghiệp", "tư nhân", commune.code, 10, ""],  # line 2's code
            ["DN-X", "Công ty Bốn", "doanh nghiệp", "không rõ", commune.code, 10, ""],  # bad ownership
        ],
    )
    assert [line for line, _m in result.errors] == [3, 4, 5] and result.imported == 0
    assert result.errors[0][1] == f"Đã có đơn vị mang mã {enterprise.code}."
    assert not Unit.objects.filter(code__in=["DN-NEW", "DN-X"]).exists()

    services.conference_convene(
        actor=officer, unit=enterprise, year=LAST_YEAR, planned_on=DAY, delegates_convened=40
    )
    result, _ = run(
        importing.import_activities,
        officer,
        [
            ACTIVITIES,
            [enterprise.code, "hội nghị", DAY, 40, 35],
            [enterprise.code, "đối thoại", DAY, "", "", 5, 4],
        ],
    )
    assert [line for line, _m in result.errors] == [2] and "đã được ghi nhận" in result.errors[0][1]
    assert not Dialogue.objects.exists() and Conference.objects.count() == 1


def test_the_statements_do_not_grow_with_the_file(officer: Any, commune: Any) -> None:
    def units(start: int, n: int) -> list[list[Any]]:
        return [UNITS] + [
            [f"DN-{i}", f"Công ty {i}", "doanh nghiệp", "tư nhân", commune.code, 50, ""]
            for i in range(start, start + n)
        ]

    def activities(start: int, n: int) -> list[list[Any]]:
        return [ACTIVITIES] + [[f"DN-{i}", "hội nghị", DAY, 40, 30] for i in range(start, start + n)]

    _, few = run(importing.import_units, officer, units(0, 2))
    result, many = run(importing.import_units, officer, units(2, 600))
    assert result.imported == 600 and Unit.objects.count() == 602
    assert many - few <= (10 if connection.vendor == "postgresql" else 40), (few, many)

    _, few = run(importing.import_activities, officer, activities(0, 2))
    result, many = run(importing.import_activities, officer, activities(2, 600))
    assert result.imported == 600 and Conference.objects.filter(status=Conference.Status.HELD).count() == 602
    assert many - few <= (10 if connection.vendor == "postgresql" else 40), (few, many)
