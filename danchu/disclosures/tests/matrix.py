"""Objects of disclosures for the access matrix: a draft of the unit (as private as a draft must be)."""

from __future__ import annotations

from typing import Any

from danchu.disclosures import services


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    draft = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(
            category="budget_execution",
            title="Báo cáo thực hiện ngân sách quý I",
            summary="Thu ngân sách xã quý I đạt 1.250 triệu đồng.",
            body="Xã công khai số liệu thu chi ngân sách quý I.",
        ),
    )
    return {"disclosures:pk": str(draft.pk), "disclosures:number": "1", "api:disclosures:pk": str(draft.pk)}
