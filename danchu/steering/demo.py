"""Demo step: the province's steering committee with a programme, an inspection, bright spots
through their workflow, a "Dân vận khéo" model and awards, spread over this year and the last."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from danchu.accounts.models import Body
from danchu.core.demo import demo_step

from . import services
from .models import BrightSpot, EmulationModel, SteeringCommittee


def committee_body(ctx: dict[str, Any]) -> Body:
    province = ctx["province"]
    body = ctx.get("bodies", {}).get(Body.Kind.STEERING_COMMITTEE)
    if body is None:
        body, _ = Body.objects.get_or_create(
            kind=Body.Kind.STEERING_COMMITTEE,
            place=province,
            name=f"Ban Chỉ đạo thực hiện QCDC ở cơ sở {province.name.lower()}",
        )
        ctx.setdefault("bodies", {})[Body.Kind.STEERING_COMMITTEE] = body
    return body


@demo_step("steering", 80)
def build(ctx: dict[str, Any]) -> None:
    body = committee_body(ctx)
    if SteeringCommittee.objects.filter(body=body, programmes__isnull=False).exists():
        return
    today = timezone.localdate()
    year = today.year
    committee = services.committee_ensure(
        actor=None,
        body=body,
        standing_body="Ban Dân vận Tỉnh ủy",
        head_name="Phó Bí thư Tỉnh ủy",
        decision_ref="125-QĐ/TU",
        established_on=dt.date(year - 4, 3, 15),
    )
    actor = None  # the demo acts as the system
    communes = ctx["communes"]
    for y in (year - 1, year):
        services.programme_create(
            actor=actor,
            committee=committee,
            year=y,
            start_on=dt.date(y, 1, 1),
            end_on=dt.date(y, 12, 31),
            targets="100% xã, phường ban hành quy chế thực hiện dân chủ; 100% thôn có hương ước được công nhận.",
            reference=f"{12 + y % 10}-KH/BCĐ",
            title=f"Chương trình công tác năm {y} của Ban Chỉ đạo",
            key_tasks=7,
            specific_tasks=84,
        )
    for y, month in ((year - 1, 6), (year, 5)):
        if dt.date(y, month, 20) > today:
            continue
        insp = services.inspection_plan(
            actor=actor,
            committee=committee,
            title=f"Kiểm tra việc thực hiện QCDC ở cơ sở năm {y}",
            planned_on=dt.date(y, month, 10),
            units=[(c, "") for c in communes],
        )
        services.inspection_record(
            actor=actor,
            inspection=insp,
            done_on=dt.date(y, month, 20),
            findings=(
                "Các xã đã ban hành quy chế thực hiện dân chủ; việc công khai thủ tục hành chính đầy đủ. "
                "Một số đơn vị báo cáo chưa đúng hạn, cần chấn chỉnh."
            ),
            recommendations=["Gửi báo cáo quý đúng hạn", "Niêm yết công khai kết quả đối thoại tại thôn"],
        )
    spots = [
        ("Mô hình “Dân vận khéo” trong hiến đất làm đường giao thông nông thôn", communes[0], "Thôn 1"),
        (
            "Đối thoại định kỳ giữa Chủ tịch UBND xã với Nhân dân",
            communes[1 % len(communes)],
            "Trụ sở UBND xã",
        ),
        ("Tổ tự quản an ninh trật tự ở buôn", communes[2 % len(communes)], "Buôn Đắk"),
    ]
    for y in (year - 1, year):
        for n, (name, place, where) in enumerate(spots):
            reg = dt.date(y, 2, 10 + n)
            if reg > today:
                continue
            spot = services.bright_spot_register(
                actor=actor,
                committee=committee,
                place=place,
                name=name,
                address=f"{where}, {place.name}",
                year=y,
                registered_on=reg,
            )
            services.bright_spot_advance(
                actor=actor,
                spot=spot,
                to=BrightSpot.Status.PLANNED,
                note="Kế hoạch thực hiện được Ban Chỉ đạo phê duyệt.",
            )
            services.bright_spot_advance(actor=actor, spot=spot, to=BrightSpot.Status.IMPLEMENTING)
            if y < year or n < 2:
                services.bright_spot_advance(
                    actor=actor, spot=spot, to=BrightSpot.Status.EVALUATED, note="Đạt kết quả tốt."
                )
                if n < 2 or y < year:
                    done = min(dt.date(y, 11, 20), today)
                    services.bright_spot_advance(
                        actor=actor, spot=spot, to=BrightSpot.Status.RECOGNISED, on=done
                    )
                    services.award_grant(
                        actor=actor,
                        kind="giay_khen" if n else "bang_khen",
                        recipient=f"Nhân dân và cán bộ {place.name}",
                        place=place,
                        reason=f"Đạt thành tích xây dựng điểm sáng “{name}” năm {y}",
                        issuer=body.name,
                        issued_on=done,
                        reference=f"{100 + n}/QĐ-UBND",
                    )
    for y in (year - 1, year):
        m = services.model_register(
            actor=actor,
            place=communes[0],
            name=f"Vận động Nhân dân chuyển đổi cây trồng ({y})",
            field=EmulationModel.Field.ECONOMIC,
            year=y,
            registered_on=dt.date(y, 3, 1),
        )
        if dt.date(y, 10, 1) <= today:
            services.model_recognise(actor=actor, model=m, level="cấp tỉnh", on=dt.date(y, 10, 1))
    ctx["steering_committee"] = committee
