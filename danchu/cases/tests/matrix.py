"""Objects of cases for the access matrix (core/tests/test_access_objects.py), all in the unit's village:
a feedback case just received with a photo (its pages, its workflow steps, its photo), a feedback case
answered with a signed reply (the reply document) and a denunciation the officer received at the desk
(the case need-to-know protects most: its denouncer's identity)."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image

from danchu.cases import services
from danchu.cases.models import Field


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def _field() -> Field:
    return Field.objects.order_by("order", "pk").first() or Field.objects.create(
        code="ha-tang", name="Hạ tầng", group="", order=1
    )


def _feedback(village: Any, title: str, **kw: Any) -> Any:
    return services.case_submit(
        case_type_key="feedback",
        place=village,
        field=_field(),
        title=title,
        description="Đoạn đường trước nhà văn hóa bị sạt lở, xe máy đi lại nguy hiểm.",
        anonymous=True,
        **kw,
    )


def _answered(village: Any, officer: Any) -> tuple[Any, Any]:
    case = _feedback(village, "Đèn đường thôn bị hỏng")
    services.case_accept(case=case, by=officer)
    services.case_respond(case=case, by=officer, body="Ủy ban đã thay bóng đèn ngày 15/11.")
    return case, services.case_sign_reply(case=case, by=officer)


def _denunciation(village: Any, officer: Any) -> Any:
    return services.case_submit(
        services.CaseSubmission(
            case_type_key="denunciation",
            place=village,
            title="Tố cáo cán bộ thu tiền sai quy định",
            description="Cán bộ thôn thu 500.000 đồng mỗi hộ không có biên lai.",
            denounced="Cán bộ thu đóng góp",
            identity=services.Identity(name="Nguyễn Văn Tố", phone="0912345678"),
            recorded_by=officer,
            channel="walk_in",
        )
    )


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    case = _feedback(village, "Đường liên thôn bị sạt lở", photos=[("duong.jpg", _jpeg())])
    photo = case.photos.get()
    answered, reply = _answered(village, officer)
    denunciation = _denunciation(village, officer)
    values = {
        f"cases:{name}:code": case.tracking_code
        for name in ("staff_detail", "action", "submitted", "photo", "track_photo")
    }
    values |= {
        "cases:photo:pk": str(photo.pk),
        "cases:track_photo:pk": str(photo.pk),
        "cases:reply_docx:code": answered.tracking_code,
        "cases:reply_docx:pk": str(reply.pk),
        "cases:identity:code": denunciation.tracking_code,
        "cases:action:name": "accept",
        "api:cases:code": case.tracking_code,
    }
    return values
