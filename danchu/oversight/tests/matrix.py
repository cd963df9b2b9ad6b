"""Objects of oversight for the access matrix: the unit's People's Inspection Board with a serving
member and a quarter plan, a concluded matter with a document request and a recommendation to the
chairman, and a supervision planned by the commune Front.

The API paths all name their object `pk`; each path template gets the object of its own kind (the
board for /boards/{pk}…, the plan for /plans/{pk}…), so every operation meets a real object."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.accounts.models import Body
from danchu.accounts.tests.factories import UserFactory
from danchu.core.calendar import add_working_days
from danchu.oversight import services
from danchu.oversight.models import Board, Period, Topic
from danchu.oversight.tests.helpers import slip

TERM_FROM, TERM_TO = dt.date(2025, 7, 1), dt.date(2030, 6, 30)


def _board(commune: Any) -> Board:
    found = Board.objects.filter(body__place=commune, body__kind=Body.Kind.INSPECTION_BOARD).first()
    return found or services.board_establish(
        actor=None, place=commune, size=5, term_from=TERM_FROM, term_to=TERM_TO
    )


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    board = _board(commune)
    person = UserFactory(full_name=f"Y Blăk Niê ({commune.code})")
    member = services.member_add(
        actor=None,
        board=board,
        data=services.MemberData(person=person, village=village, elected_on=dt.date(2025, 7, 5)),
    )
    plan = services.plan_create(
        actor=person,
        board=board,
        data=services.PlanData(
            period=Period.QUARTER,
            number=1,
            year=2026,
            title="Kế hoạch giám sát quý I/2026",
            objectives="Giám sát thu chi quỹ vệ sinh môi trường",
            contents="Kiểm tra sổ thu chi của thôn",
            start_on=dt.date(2026, 1, 1),
            end_on=dt.date(2026, 3, 31),
        ),
    )
    matter = slip(board, person, received_on=dt.date(2026, 3, 2))
    services.matter_classify(actor=person, matter=matter, in_scope=True, on=dt.date(2026, 3, 2))
    document_request = services.documents_request(
        actor=person,
        matter=matter,
        addressed_to="Trưởng thôn",
        documents="Sổ thu chi quỹ vệ sinh môi trường năm 2026",
        on=dt.date(2026, 3, 3),
    )
    sent = add_working_days(dt.date(2026, 3, 3), 1)
    begin = services.earliest_start(sent)
    services.inspection_plan_send(
        actor=person,
        matter=matter,
        inspected_party="Trưởng thôn",
        plan="Làm việc với trưởng thôn, xem sổ thu chi quỹ vệ sinh.",
        planned_start=begin,
        sent_on=sent,
    )
    services.inspection_start(actor=person, matter=matter, on=begin)
    services.matter_conclude(
        actor=person,
        matter=matter,
        findings="Thôn thu vượt 20.000 đ/hộ/tháng so với nghị quyết.",
        signs_of_violation=True,
        on=add_working_days(begin, 2),
    )
    recommendation = services.recommendation_make(
        actor=person,
        matter=matter,
        addressee="Chủ tịch UBND xã",
        content="Đề nghị chỉ đạo thôn hoàn trả số tiền thu vượt mức nghị quyết.",
    )
    front, _created = Body.objects.get_or_create(
        kind=Body.Kind.FATHERLAND_FRONT, place=commune, defaults={"name": f"Ủy ban MTTQ {commune.name}"}
    )
    supervision = services.supervision_plan(
        actor=None,
        front=front,
        data=services.SupervisionData(
            title="Giám sát việc thực hiện dân chủ ở cơ sở năm 2026",
            topic=Topic.GRASSROOTS_DEMOCRACY,
            supervised_body="UBND xã",
            plan="Làm việc với UBND xã về công khai thông tin theo Luật 10/2022/QH15.",
            planned_from=dt.date(2026, 5, 4),
            planned_to=dt.date(2026, 5, 29),
        ),
    )
    pages = {
        "board": board,
        "member_add": board,
        "member_contact": board,
        "board_positions": board,
        "plan_create": board,
        "matter_receive": board,
        "import_matters": board,
        "import_sample": board,
        "member_recognise": member,
        "member_end": member,
        "member_claim": member,
        "plan_adjust": plan,
        "recommendation_answer": recommendation,
        "recommendation_follow_up": recommendation,
        "recommendation_resolve": recommendation,
        "supervision_plan": front,
        "supervision": supervision,
        "supervision_start": supervision,
        "supervision_conclude": supervision,
        "supervision_recommend": supervision,
        "supervision_close": supervision,
    }
    values = {f"oversight:{name}:pk": str(obj.pk) for name, obj in pages.items()}
    matter_pages = (
        "matter",
        "matter_classify",
        "interest_declare",
        "inspection_plan_send",
        "inspection_start",
        "documents_request",
        "documents_received",
        "matter_conclude",
        "recommendation_make",
        "matter_publish",
        "matter_report",
    )
    values |= {f"oversight:{name}:pk": str(matter.pk) for name in matter_pages}
    values["oversight:documents_received:request_pk"] = str(document_request.pk)
    by_segment = {
        "boards": board,
        "plans": plan,
        "members": member,
        "matters": matter,
        "recommendations": recommendation,
        "fronts": front,
        "supervisions": supervision,
    }
    for path in API_PATHS:
        values[f"api:/api/v1/oversight/{path}:pk"] = str(by_segment[path.split("/")[0]].pk)
    return values


API_PATHS = (
    "boards/{pk}",
    "boards/{pk}/plans",
    "boards/{pk}/positions",
    "boards/{pk}/import",
    "boards/{pk}/matters",
    "plans/{pk}/adjust",
    "members/{pk}/claim",
    "matters/{pk}",
    "matters/{pk}/classify",
    "matters/{pk}/interest",
    "matters/{pk}/handlers",
    "matters/{pk}/plan",
    "matters/{pk}/start",
    "matters/{pk}/documents",
    "matters/{pk}/conclude",
    "matters/{pk}/recommendations",
    "matters/{pk}/publish",
    "matters/{pk}/report",
    "recommendations/{pk}/answer",
    "recommendations/{pk}/follow-up",
    "recommendations/{pk}/resolve",
    "fronts/{pk}/supervisions",
    "supervisions/{pk}",
    "supervisions/{pk}/start",
    "supervisions/{pk}/conclude",
    "supervisions/{pk}/recommendations",
    "supervisions/{pk}/close",
)
