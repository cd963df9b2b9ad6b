"""Objects of cases for the access matrix (core/tests/test_access_objects.py), all in the unit's village:
a feedback case just received with a photo (its pages, its workflow steps, its photo), a feedback case
answered with a signed reply (the reply document) and a denunciation the officer received at the desk
(the case need-to-know protects most: its denouncer's identity).

Each API operation on a case meets a case in the state the step starts from (path-template keys
"api:/api/v1/cases/<path>:code"), so the unit's own staff reach the step itself rather than a 404:
accepted (extend, respond; a complaint: pause), suspended (resume), drafted (sign), answered (close, reopen, the
public tracking), an accepted denunciation (its notice of acceptance), a first-time complaint (its time
limit); a delegation to sign, not yet in force, for revoking; and an active escalation contact, to
stop reaching."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.utils import timezone
from PIL import Image

from danchu.cases import services
from danchu.cases.models import Field

API = "api:/api/v1/cases"


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


def _chairman(commune: Any) -> Any:
    """The commune's chairman signs (issue #16 item 5): the cast's own, else one made for the matrix."""
    from danchu.accounts.models import Membership, Role
    from danchu.accounts.tests.factories import person_with_role

    m = Membership.objects.filter(role=Role.COMMUNE_CHAIRMAN, place=commune).select_related("person").first()
    return m.person if m else person_with_role(Role.COMMUNE_CHAIRMAN, commune, full_name="Chủ tịch (ma trận)")


def _answered(commune: Any, village: Any, officer: Any) -> tuple[Any, Any]:
    case = _feedback(village, "Đèn đường thôn bị hỏng")
    services.case_accept(case=case, by=officer)
    services.case_respond(case=case, by=officer, body="Ủy ban đã thay bóng đèn ngày 15/11.")
    return case, services.case_sign_reply(case=case, by=_chairman(commune))


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


def _complaint(village: Any, officer: Any, title: str = "Khiếu nại quyết định thu hồi đất") -> Any:
    return services.case_submit(
        services.CaseSubmission(
            case_type_key="complaint",
            place=village,
            title=title,
            description="Quyết định thu hồi đất của Ủy ban không đúng diện tích thực tế.",
            contested_decision="Quyết định số 12/QĐ-UBND",
            identity=services.Identity(name="Trần Văn Khiếu", phone="0912345679"),
            recorded_by=officer,
            channel="walk_in",
        )
    )


def _delegation(commune: Any, officer: Any) -> Any:
    """A delegation to sign granted to the unit's officer, in force only next month (so the officer
    does not sign meanwhile)."""
    start = timezone.localdate() + dt.timedelta(days=30)
    return services.delegation_grant(by=_chairman(commune), unit=commune, delegate=officer, valid_from=start)


def _contact(commune: Any) -> Any:
    """An escalation contact of the commune (active), to stop reaching."""
    return services.contact_add(
        by=_chairman(commune),
        unit=commune,
        kind="vice_chairman",
        name="Phó Chủ tịch (ma trận)",
        phone="0912345670",
    )


def _api_objects(commune: Any, village: Any, officer: Any, received: Any, answered: Any) -> dict[str, str]:
    chairman = _chairman(commune)
    accepted = _feedback(village, "Cống thoát nước bị tắc")
    services.case_accept(case=accepted, by=officer)
    suspendable = _complaint(village, officer, "Khiếu nại mức bồi thường đất vườn")  # suspension: 2026 rules
    services.case_accept(case=suspendable, by=officer)
    paused = _complaint(village, officer, "Khiếu nại việc bồi thường cầu tràn")  # suspension: 2026 rules
    services.case_accept(case=paused, by=officer)
    services.case_pause(case=paused, by=officer, reason="Chờ kết quả giám định")
    drafted = _feedback(village, "Bãi rác tự phát ven đường")
    services.case_accept(case=drafted, by=officer)
    services.case_respond(case=drafted, by=officer, body="Xã sẽ thu gom trong tuần.")
    notice = _denunciation(village, officer)
    services.case_accept(case=notice, by=chairman)
    by_case = {
        received: ("", "/accept", "/refuse", "/assign", "/transfer", "/link", "/merge"),
        accepted: ("/extend", "/respond"),
        suspendable: ("/pause",),
        paused: ("/resume",),
        drafted: ("/sign",),
        answered: ("/close", "/reopen"),
        notice: ("/acceptance-notice",),
        _denunciation(village, officer): ("/extend-acceptance",),
        _complaint(village, officer): ("/limitation",),
    }
    values = {
        f"{API}/{{code}}{step}:code": case.tracking_code for case, steps in by_case.items() for step in steps
    }
    values[f"{API}/track/{{code}}:code"] = answered.tracking_code
    values[f"{API}/track/{{code}}/rate:code"] = answered.tracking_code
    values[f"{API}/track/{{code}}/key:code"] = answered.tracking_code
    values[f"{API}/delegations/{{pk}}/revoke:pk"] = str(_delegation(commune, officer).pk)
    values[f"{API}/contacts/{{pk}}/active:pk"] = str(_contact(commune).pk)
    return values


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    case = _feedback(village, "Đường liên thôn bị sạt lở", photos=[("duong.jpg", _jpeg())])
    photo = case.photos.get()
    answered, reply = _answered(commune, village, officer)
    denunciation = _denunciation(village, officer)
    values = {
        f"cases:{name}:code": case.tracking_code
        for name in ("staff_detail", "action", "submitted", "photo", "track_photo", "lost_key")
    }
    values |= {
        "cases:photo:pk": str(photo.pk),
        "cases:track_photo:pk": str(photo.pk),
        "cases:reply_docx:code": answered.tracking_code,
        "cases:reply_docx:pk": str(reply.pk),
        "cases:identity:code": denunciation.tracking_code,
        "cases:action:name": "accept",
        "cases:staff_export:fmt": "csv",
        "api:cases:code": case.tracking_code,
    }
    return values | _api_objects(commune, village, officer, case, answered)
