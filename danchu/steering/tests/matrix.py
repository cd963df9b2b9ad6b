"""Objects of steering for the access matrix: a steering committee of the unit."""

from __future__ import annotations

from typing import Any

from danchu.accounts.models import Body


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    committee = Body.objects.create(
        kind=Body.Kind.STEERING_COMMITTEE, place=commune, name=f"Ban Chỉ đạo QCDC {commune.name}"
    )
    return {"steering:pk": str(committee.pk), "api:steering:pk": str(committee.pk)}
