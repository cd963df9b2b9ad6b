"""Objects of newrural for the access matrix: an assessment of the unit with one evidence file."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from danchu.newrural import services


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (0, 128, 0)).save(out, "PNG")
    return out.getvalue()


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    assessment = services.assessment_record(by=officer, commune=commune, year=2025, met_count=15)
    data = _png()
    evidence = services.evidence_add(
        by=officer, assessment=assessment, file=io.BytesIO(data), name="bien-ban.png", size=len(data)
    )
    return {"newrural:pk": str(evidence.pk)}
