"""Objects of works for the access matrix: a work of the unit decided for one of its villages, with a
rate and pledges, a household's payment (and its receipt), a supervision board with a member, and a
recommendation of the board — each API path meets the object of its own kind."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.places.tests import factories as pf
from danchu.works import services

DECIDED = dt.date(2026, 3, 15)


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    work = services.work_create(
        by=officer,
        commune=commune,
        data=services.WorkData(
            title=f"Bê tông hóa đường {village.name}",
            investor=f"UBND {commune.name}",
            decision_number="15/NQ-HNTDC",
            decision_date=DECIDED,
            decision_issuer=f"Hội nghị cộng đồng dân cư {village.name}",
            villages=[village],
        ),
    )
    household = pf.household_with_head(village)
    services.rate_set(
        work=work, by=officer, basis="household", amount=500000, labour_day_value=200000, decided_on=DECIDED
    )
    pledge = next(
        p for p in services.pledges_compute(work=work, by=officer) if p.household_id == household.pk
    )
    payment = services.payment_record(
        work=work, household=household, by=officer, kind="money", received_on=DECIDED, amount=200000
    )
    board = services.board_establish(
        work=work, by=None, decision_number="08/QĐ-MTTQ", established_on=dt.date(2026, 3, 25)
    )
    member = services.board_member_add(
        board=board,
        by=None,
        data=services.MemberData(
            full_name="Y Khăm Niê",
            represents="resident",
            village=village,
            elected_on=DECIDED,
            election_record="Biên bản hội nghị cộng đồng dân cư ngày 15/3/2026",
        ),
    )
    recommendation = services.recommendation_make(
        board=board,
        by=None,
        text="Đề nghị nhà thầu bổ sung lớp đá dăm trước khi đổ bê tông.",
        due_on=dt.date.today() + dt.timedelta(days=15),
    )
    values = {"works:pk": str(work.pk), "api:works:pk": str(work.pk)}
    for path in WORK_PATHS:
        values[f"api:/api/v1/works/works/{{pk}}{path}:pk"] = str(work.pk)
    values |= {
        "api:/api/v1/works/board-members/{pk}/withdraw:pk": str(member.pk),
        "api:/api/v1/works/payments/{pk}/reverse:pk": str(payment.pk),
        "api:/api/v1/works/pledges/{pk}/reduce:pk": str(pledge.pk),
        "api:/api/v1/works/receipts/{token}:token": payment.token,
        "api:/api/v1/works/recommendations/{pk}/answer:pk": str(recommendation.pk),
        "api:/api/v1/works/recommendations/{pk}/close:pk": str(recommendation.pk),
    }
    return values


WORK_PATHS = (
    "",
    "/accept",
    "/board",
    "/board/close",
    "/board/members",
    "/board/plan",
    "/board/recommendations",
    "/board/sessions",
    "/hand-over",
    "/information",
    "/ledger",
    "/payments",
    "/progress",
    "/progress/photos",
    "/rate",
)
