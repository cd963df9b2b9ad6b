"""Demo step: the province's steering committee with a programme, an inspection, bright spots
through their workflow, a "Dân vận khéo" model and awards, spread over this year and the last."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from danchu.accounts.demo import body_named
from danchu.accounts.models import Body
from danchu.core.demo import demo_step
from danchu.core.text import in_sentence

from . import services
from .models import BrightSpot, EmulationModel, SteeringCommittee
from .services import criteria, work


def committee_body(ctx: dict[str, Any]) -> Body:
    province = ctx["province"]
    body = ctx.get("bodies", {}).get(Body.Kind.STEERING_COMMITTEE)
    if body is None:
        body = body_named(
            Body.Kind.STEERING_COMMITTEE,
            f"Ban Chỉ đạo thực hiện QCDC ở cơ sở {in_sentence(province.name)}",
            province,
        )
        ctx.setdefault("bodies", {})[Body.Kind.STEERING_COMMITTEE] = body
    return body


def province_short_name(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


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
        # Under the provincial Party committee: its reports take the Party format (DOMAIN.md §9.2).
        party_committee="Tỉnh ủy " + province_short_name(body.place.name),
        term_start=dt.date(2020, 10, 15),
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
                field=BrightSpot.Field.GOVERNMENT_MOBILISATION if n == 1 else BrightSpot.Field.QCDC,
            )
            BrightSpot.objects.filter(pk=spot.pk).update(
                latitude=Decimal("12.68") + Decimal(n) / 20, longitude=Decimal("108.04") + Decimal(n) / 15
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
                    for c in criteria.criteria_for(spot.field_kind):
                        criteria.evidence_add(
                            actor=actor,
                            criterion=c,
                            bright_spot=spot,
                            text=f"Báo cáo kết quả thực hiện năm {y}, xác nhận của UBND xã",
                            figure=f"{85 + n * 3}% hộ dân đồng thuận",
                        )
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
                        recipient_kind="collective",
                        field="dvcq" if n == 1 else "qcdc",
                    )
                    services.award_grant(
                        actor=actor,
                        kind="giay_khen",
                        recipient="Ông Y Khu Niê, Trưởng buôn"
                        if n == 2
                        else f"Bà Nguyễn Thị Hạnh, cán bộ {place.name}",
                        place=place,
                        reason=f"Có thành tích tiêu biểu trong xây dựng điểm sáng “{name}” năm {y}",
                        issuer=body.name,
                        issued_on=done,
                        reference=f"{110 + n}/QĐ-UBND",
                        recipient_kind="individual",
                        field="dvcq" if n == 1 else "qcdc",
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
            for c in criteria.criteria_for("dvk"):
                criteria.evidence_add(
                    actor=actor,
                    criterion=c,
                    emulation_model=m,
                    text="120 hộ chuyển đổi sang cà phê xen sầu riêng; thu nhập tăng 25%",
                    figure="120 hộ",
                )
            services.model_recognise(actor=actor, model=m, level="cấp tỉnh", on=dt.date(y, 10, 1))
    _committee_work(ctx, committee, today)
    ctx["steering_committee"] = committee


def _committee_work(ctx: dict[str, Any], committee: SteeringCommittee, today: dt.date) -> None:
    """Assignments, a giao ban with tasks, and an inspection of enterprises with a written answer."""
    from danchu.accounts.models import Membership, Role

    member = ctx.get("people", {}).get("steering_member")
    communes = ctx["communes"]
    if member is not None:
        for i, commune in enumerate(communes[:3]):
            work.assignment_add(
                actor=None,
                committee=committee,
                person=member,
                position="Phó Trưởng ban Thường trực" if i == 0 else "Ủy viên",
                place=commune,
                units="Các doanh nghiệp trên địa bàn xã",
            )
    held = today - dt.timedelta(days=20)
    work.briefing_hold(
        actor=None,
        committee=committee,
        held_on=held,
        chaired_by="Phó Bí thư Tỉnh ủy, Trưởng Ban Chỉ đạo",
        conclusions=(
            "Các thành viên bám sát địa bàn được phân công; đôn đốc các doanh nghiệp chưa tổ chức "
            "hội nghị người lao động hoàn thành trước 31/12."
        ),
        tasks=[
            work.TaskData(
                title="Đôn đốc doanh nghiệp chưa tổ chức hội nghị người lao động",
                deadline=held + dt.timedelta(days=10),
                owner=member,
                owner_name=str(member or "Ban Dân vận Tỉnh ủy"),
            ),
            work.TaskData(
                title="Tổng hợp báo cáo sơ kết 6 tháng",
                deadline=held + dt.timedelta(days=30),
                owner=member,
                owner_name=str(member or "Ban Dân vận Tỉnh ủy"),
            ),
        ],
    )
    first = committee.tasks.order_by("deadline").first()
    if first is not None:
        work.task_close(
            actor=None,
            task=first,
            result="Đã làm việc với 3 doanh nghiệp; 2 doanh nghiệp đăng ký lịch hội nghị.",
        )
    enterprise = ctx.get("bodies", {}).get("enterprise")
    if enterprise is not None:
        insp = services.inspection_plan(
            actor=None,
            committee=committee,
            title="Kiểm tra thực hiện dân chủ ở doanh nghiệp",
            planned_on=held,
            units=[],
            bodies=[enterprise],
            content="Việc tổ chức đối thoại định kỳ và hội nghị người lao động.",
        )
        services.inspection_record(
            actor=None,
            inspection=insp,
            done_on=held + dt.timedelta(days=2),
            findings="Doanh nghiệp đã tổ chức đối thoại định kỳ; biên bản chưa niêm yết công khai.",
            recommendations=["Niêm yết công khai biên bản đối thoại tại bảng tin của công ty"],
        )
        rep = (
            Membership.objects.filter(role=Role.WORKPLACE_REP, body=enterprise)
            .select_related("person")
            .first()
        )
        rec = insp.recommendations.first()
        if rep is not None and rec is not None:
            work.recommendation_answer(
                actor=rep.person,
                recommendation=rec,
                answer="Công ty đã niêm yết biên bản tại bảng tin nhà xưởng từ ngày kiểm tra.",
            )
