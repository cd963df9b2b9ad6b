"""Objects of cases for the access matrix: a feedback case and a denunciation filed in the unit's
village (the denunciation is the case need-to-know protects most)."""

from __future__ import annotations

from typing import Any

from danchu.cases import services
from danchu.cases.models import Field


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    field = Field.objects.order_by("order", "pk").first() or Field.objects.create(
        code="ha-tang", name="Hạ tầng", group="", order=1
    )
    case = services.case_submit(
        case_type_key="feedback",
        place=village,
        field=field,
        title="Đường liên thôn bị sạt lở",
        description="Đoạn đường trước nhà văn hóa bị sạt lở, xe máy đi lại nguy hiểm.",
        anonymous=True,
    )
    values = {
        f"cases:{name}:code": case.tracking_code
        for name in ("staff_detail", "identity", "reply_docx", "photo", "action", "submitted")
    }
    values["cases:action:name"] = "accept"
    values["api:cases:code"] = case.tracking_code
    return values
