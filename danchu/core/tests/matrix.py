"""Objects of core for the access matrix: an audit entry about the unit (the audit log's API)."""

from __future__ import annotations

from typing import Any

from danchu.core.audit import audit
from danchu.core.models import AuditEntry


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    audit(actor=officer, action="core.matrix_probe", obj=commune, after={"code": commune.code})
    entry = AuditEntry.objects.filter(action="core.matrix_probe").latest("pk")
    return {"api:/api/v1/core/audit/entries/{entry_id}:entry_id": str(entry.pk)}
