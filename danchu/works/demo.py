"""Demo: a rural road decided at a village meeting, built with household contributions (one household
exempted, one reduced), supervised by its board with one finding and an answered recommendation, and
handed over."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from danchu.core.demo import demo_step
from danchu.core.text import in_sentence

from . import services
from .models import BoardMember, Pledge, Work

DECISION = "15/NQ-HNTDC"


def _photo(seed: int) -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (320, 200), (150 + seed * 20, 150, 120))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 120, 320, 200), fill=(110, 110, 110))
    draw.line((0, 160, 320, 160), fill=(240, 240, 240), width=3)
    out = io.BytesIO()
    img.save(out, "JPEG")
    return out.getvalue()


@demo_step("works", 52)  # after meetings: the road is decided at a village meeting
def build(ctx: dict[str, Any]) -> None:
    commune = ctx["communes"][0]
    village = ctx["villages"][commune.code][0]
    if Work.objects.filter(commune=commune, decision_number=DECISION).exists():
        return
    people = ctx["people"]
    officer, front, member = people["commune_officer"], people["front_officer"], people["supervision_member"]
    from danchu.meetings.queries import work_decisions

    decided = work_decisions([village]).filter(title__contains="đường trục").first()
    lat = village.latitude or commune.latitude or 12.6797
    lng = village.longitude or commune.longitude or 108.0406
    line = f'{{"type": "LineString", "coordinates": [[{lng:.5f}, {lat:.5f}], [{lng + 0.004:.5f}, {lat + 0.0015:.5f}], [{lng + 0.009:.5f}, {lat + 0.002:.5f}]]}}'
    work = services.work_create(
        by=officer,
        commune=commune,
        data=services.WorkData(
            title=f"Bê tông hóa đường trục {village.name} (1,2 km)",
            kind=Work.Kind.ROAD,
            purpose="Đường đất lầy lội mùa mưa; bê tông hóa rộng 3,5 m để xe chở cà phê và học sinh đi lại.",
            investor=f"Ủy ban nhân dân {in_sentence(commune.name)}",
            contractor="Hợp tác xã Xây dựng Ea Phê",
            consultant="Công ty TNHH Tư vấn Xây dựng Đắk Lắk",
            location=line,
            budget_state=Decimal("850000000"),
            budget_people=Decimal("11000000"),
            budget_labour=Decimal("24000000"),
            budget_sponsors=Decimal("50000000"),
            land_m2=Decimal("120"),
            planned_start=dt.date(2026, 4, 1),
            planned_end=dt.date(2026, 7, 31),
            plan="Tháng 4: san nền, cống thoát nước; tháng 5–6: đổ bê tông; tháng 7: hoàn thiện lề đường.",
            decision_number=DECISION,
            decision_date=dt.date(2026, 3, 15),
            decision_issuer=f"Hội nghị cộng đồng dân cư {village.name}",
            decided_item=decided.pk if decided else None,
            villages=[village],
        ),
    )
    services.rate_set(
        work=work,
        by=officer,
        basis="household",
        amount=500000,
        labour_day_value=200000,
        decided_on=dt.date(2026, 3, 15),
        note="Theo Nghị quyết hội nghị thôn",
    )
    pledges = services.pledges_compute(work=work, by=officer)
    pledges = list(Pledge.objects.filter(work=work).select_related("household").order_by("household__number"))
    if len(pledges) >= 2:
        services.pledge_reduce(
            pledge=pledges[0],
            by=officer,
            reduction="poor",
            percent=100,
            note="Hộ nghèo năm 2026: miễn đóng góp",
        )
        services.pledge_reduce(
            pledge=pledges[1], by=officer, reduction="near_poor", percent=50, note="Hộ cận nghèo: giảm 50%"
        )
    for i, p in enumerate(pledges[2:12]):
        day = dt.date(2026, 3, 20 + i % 8)
        if i % 4 == 3:
            services.payment_record(
                work=work, household=p.household, by=officer, kind="labour", quantity_=2, received_on=day
            )
            services.payment_record(
                work=work, household=p.household, by=officer, kind="money", amount=100000, received_on=day
            )
        else:
            services.payment_record(
                work=work, household=p.household, by=officer, kind="money", amount=p.amount, received_on=day
            )
    if pledges:
        services.payment_record(
            work=work,
            household=pledges[0].household,
            by=officer,
            kind="labour",
            quantity_=3,
            voluntary=True,
            received_on=dt.date(2026, 4, 5),
            note="Hộ nghèo tự nguyện góp ngày công",
        )
    if len(pledges) > 3:
        services.payment_record(
            work=work,
            household=pledges[3].household,
            by=officer,
            kind="land",
            quantity_=40,
            voluntary=True,
            received_on=dt.date(2026, 3, 28),
            note="Hiến 40 m² đất mở rộng đường",
        )
    board = services.board_establish(
        work=work,
        by=front,
        decision_number="08/QĐ-MTTQ",
        established_on=dt.date(2026, 3, 25),
        body=ctx["bodies"].get("supervision_board"),
    )
    cast = [
        ("Bùi Thị Mai", "head", "front", member),
        ("Đặng Văn Hùng", "deputy", "inspection", None),
        ("Y Khăm Niê", "member", "resident", None),
        ("Nguyễn Thị Sen", "member", "resident", None),
        ("Lê Văn Tám", "member", "resident", None),
    ]
    for name, position, represents, person in cast:
        services.board_member_add(
            board=board,
            by=front,
            data=services.MemberData(
                full_name=name,
                position=position,
                represents=represents,
                village=village if represents == BoardMember.Represents.RESIDENT else None,
                elected_on=dt.date(2026, 3, 15) if represents == "resident" else None,
                election_record=f"Biên bản hội nghị {village.name} ngày 15/3/2026"
                if represents == "resident"
                else "",
                person=person,
            ),
        )
    services.board_plan_set(
        board=board,
        by=member,
        plan="Giám sát khối lượng, chất lượng bê tông (mác 250, dày 18 cm) và việc sử dụng tiền đóng góp của nhân dân; 2 lần/tháng trong thời gian thi công.",
    )
    # A resident's information to the board: a case the board's head takes up (docs/works.md).
    from danchu.cases import services as cases
    from danchu.cases.permissions import case_for

    if (resident := people.get("citizen")) is not None:
        info = services.information_send(
            work=work,
            sender=resident,
            text="Xe chở cát quá tải đi qua đoạn đường vừa đổ bê tông, mặt đường có vết nứt ở Km0+150.",
        )
        case = case_for(member, code=info.tracking_code, action="cases.handle_case")
        cases.case_accept(case=case, by=member)
    services.progress_add(
        work=work,
        by=officer,
        on=dt.date(2026, 4, 20),
        percent=30,
        note="Xong san nền và cống thoát nước",
        photos=[(_photo(1), "nen.jpg")],
    )
    session = services.session_record(
        board=board,
        by=member,
        held_on=dt.date(2026, 5, 12),
        checklist={
            "quality": {"status": "issue", "note": "Đoạn Km0+300 bê tông dày 15 cm"},
            "schedule": {"status": "ok", "note": ""},
            "plans": {"status": "ok", "note": ""},
        },
        findings="Đoạn Km0+300 – Km0+350 bê tông dày 15 cm, thấp hơn thiết kế 18 cm.",
        violation=True,
        photos=[(_photo(2), "km0300.jpg")],
    )
    rec = services.recommendation_make(
        board=board,
        by=member,
        session=session,
        addressee="investor",
        text="Đề nghị chủ đầu tư yêu cầu nhà thầu đục bỏ, đổ lại đoạn Km0+300 – Km0+350 đúng thiết kế.",
        due_on=dt.date(2026, 5, 26),
    )
    services.recommendation_answer(
        recommendation=rec,
        by=officer,
        answer="Nhà thầu đã đổ lại 50 m đúng chiều dày 18 cm ngày 20/5/2026, có biên bản kiểm tra.",
    )
    services.recommendation_close(
        recommendation=rec, by=member, follow_up="Ban đã kiểm tra lại tại hiện trường: đạt yêu cầu."
    )
    services.progress_add(work=work, by=officer, on=dt.date(2026, 6, 10), percent=70, note="Đổ bê tông 840 m")
    services.progress_add(
        work=work,
        by=officer,
        on=dt.date(2026, 7, 25),
        percent=100,
        note="Hoàn thành 1,2 km",
        photos=[(_photo(3), "xong.jpg")],
    )
    services.work_accept(
        work=work,
        by=officer,
        on=dt.date(2026, 7, 30),
        note="Biên bản nghiệm thu hoàn thành ngày 30/7/2026, có Ban giám sát đầu tư của cộng đồng tham dự.",
    )
    services.work_hand_over(
        work=work, by=officer, on=dt.date(2026, 8, 5), to=f"Ban phát triển {village.name}"
    )
