"""Objects of works for the access matrix: a work of the unit, decided for one of its villages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.works import services


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    work = services.work_create(
        by=officer,
        commune=commune,
        data=services.WorkData(
            title=f"Bê tông hóa đường {village.name}",
            investor=f"UBND {commune.name}",
            decision_number="15/NQ-HNTDC",
            decision_date=dt.date(2026, 3, 15),
            decision_issuer=f"Hội nghị cộng đồng dân cư {village.name}",
            villages=[village],
        ),
    )
    return {"works:pk": str(work.pk), "api:works:pk": str(work.pk)}
