"""Demo step: a year of the first commune's People's Inspection Board (members, programme, a dozen
matters in every state, one recommendation answered late) and the Front's supervisions, at commune
and province level. The demo Front officer and board member find them under "Inspection and
supervision" in the back office; the chairman finds the recommendation awaiting his answer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.hashers import make_password

from danchu.accounts.demo import body_named
from danchu.accounts.models import Body, Channel, User
from danchu.core.calendar import add_working_days, today
from danchu.core.demo import demo_step
from danchu.core.text import in_sentence
from danchu.places.models import Place

from . import services
from .models import Board, BoardMember, Period
from .models import Channel as Via

MEMBERS = [
    ("Nguyễn Thị Lan Anh", BoardMember.Position.DEPUTY, "+84913100001"),
    ("H'Nga Byă", BoardMember.Position.MEMBER, "+84913100002"),
    ("Trần Quốc Tuấn", BoardMember.Position.MEMBER, "+84913100003"),
    ("Y Khuê Niê", BoardMember.Position.MEMBER, "+84913100004"),
]

# (title, what was reported, channel, where the matter ends)
MATTERS = [
    (
        "Thu quỹ vệ sinh môi trường cao hơn nghị quyết",
        "Thôn thu 50.000 đ/hộ/tháng, nghị quyết HĐND xã quy định 30.000 đ.",
        Via.SUGGESTION_BOX,
        "resolved_late",
    ),
    (
        "Danh sách hộ nghèo năm 2025 có hộ không đủ điều kiện",
        "Hai hộ có ô tô vẫn được bình xét hộ nghèo.",
        Via.DIRECT,
        "resolved",
    ),
    (
        "Công trình đường bê tông thôn Tân Lập chậm tiến độ",
        "Đường khởi công 8 tháng chưa xong, mặt đường nứt.",
        Via.ONLINE,
        "resolved",
    ),
    (
        "Chưa công khai dự toán ngân sách xã",
        "Bảng tin UBND xã không niêm yết dự toán năm 2025.",
        Via.SUGGESTION_BOX,
        "answered",
    ),
    (
        "Chi hỗ trợ Tết cho hộ chính sách chậm",
        "Một số hộ chính sách chưa nhận quà Tết đến rằm tháng Giêng.",
        Via.CASE,
        "open",
    ),
    (
        "Cấp giấy chứng nhận quyền sử dụng đất kéo dài",
        "Hồ sơ nộp 6 tháng chưa có kết quả.",
        Via.DIRECT,
        "concluded",
    ),
    (
        "Tranh chấp ranh giới đất giữa hai hộ",
        "Hai hộ ở Buôn Ea Kmát tranh chấp ranh giới đất vườn.",
        Via.DIRECT,
        "forwarded",
    ),
    (
        "Khiếu nại quyết định xử phạt hành chính",
        "Ông A khiếu nại quyết định xử phạt về xây dựng.",
        Via.SUGGESTION_BOX,
        "forwarded",
    ),
    (
        "Thu chi quỹ khuyến học của thôn 2",
        "Người dân đề nghị làm rõ thu chi quỹ khuyến học.",
        Via.SUGGESTION_BOX,
        "inspecting",
    ),
    ("Sửa chữa nhà văn hóa thôn 1", "Hạng mục mái tôn thay không đúng thiết kế.", Via.DIRECT, "planned"),
    (
        "Bố trí lịch tiếp công dân của Chủ tịch UBND xã",
        "Lịch tiếp công dân không được niêm yết.",
        Via.ONLINE,
        "accepted",
    ),
    (
        "Thu tiền điện chiếu sáng công cộng",
        "Hộ dân phản ánh bị thu tiền điện chiếu sáng đường thôn.",
        Via.SUGGESTION_BOX,
        "received",
    ),
]


def _person(name: str, phone: str, password: str) -> User:
    person = User.objects.filter(phone=phone).first()
    if person is None:
        person = User.objects.create(
            phone=phone, full_name=name, language="vi", notify_channel=Channel.NONE, password=password
        )
    return person


def _walk(matter: Any, actor: Any, chairman: Any, start: dt.date, end: str) -> None:
    if end == "received":
        return
    if end == "forwarded":
        services.matter_classify(
            actor=actor,
            matter=matter,
            in_scope=False,
            forwarded_to="Hướng dẫn gửi đơn đến Chủ tịch UBND xã (Luật Khiếu nại) / Tòa án nhân dân khu vực",
            on=start,
        )
        return
    services.matter_classify(actor=actor, matter=matter, in_scope=True, on=start)
    if end == "accepted":
        return
    sent = add_working_days(start, 2)
    begin = services.earliest_start(sent)
    services.inspection_plan_send(
        actor=actor,
        matter=matter,
        inspected_party="UBND xã Krông Pắc và Ban quản lý thôn",
        plan="Làm việc với các bên liên quan; thu thập, nghiên cứu hồ sơ; làm rõ nội dung phản ánh.",
        planned_start=begin,
        sent_on=sent,
    )
    if end == "planned" or begin > today():
        return
    services.inspection_start(actor=actor, matter=matter, on=begin)
    services.documents_request(
        actor=actor,
        matter=matter,
        addressed_to="Công chức Văn phòng - Thống kê xã",
        documents="Sổ sách, chứng từ liên quan đến nội dung giám sát.",
        on=begin,
    )
    if end == "inspecting":
        return
    concluded = min(add_working_days(begin, 5), today())
    violation = end != "concluded"
    services.matter_conclude(
        actor=actor,
        matter=matter,
        findings="Có dấu hiệu vi phạm: thực hiện chưa đúng quy định, cần chấn chỉnh."
        if violation
        else "Nội dung phản ánh không có cơ sở; việc giải quyết đúng quy định nhưng còn chậm.",
        signs_of_violation=violation,
        public=end.startswith("resolved"),
        on=concluded,
    )
    if end == "concluded":
        services.matter_report(
            actor=actor, matter=matter, report="Báo cáo kết quả giám sát gửi Ủy ban MTTQ xã.", on=concluded
        )
        return
    rec = services.recommendation_make(
        actor=actor,
        matter=matter,
        addressee="Chủ tịch UBND xã Krông Pắc",
        addressee_person=chairman,
        content="Đề nghị Chủ tịch UBND xã chỉ đạo khắc phục, xử lý trách nhiệm và trả lời Ban Thanh tra nhân dân.",
        due_on=concluded + dt.timedelta(days=15),
        on=concluded,
    )
    if end == "open":
        return
    answered = min(concluded + dt.timedelta(days=32 if end == "resolved_late" else 7), today())
    services.recommendation_answer(
        actor=chairman,
        recommendation=rec,
        answer="UBND xã đã chỉ đạo khắc phục và kiểm điểm cá nhân có liên quan (Công văn số 112/UBND).",
        on=answered,
    )
    if end == "answered":
        return
    services.recommendation_follow_up(
        actor=actor, recommendation=rec, note="Ban kiểm tra lại tại thôn: đã thực hiện.", on=answered
    )
    services.recommendation_resolve(
        actor=actor, recommendation=rec, resolution="Kiến nghị đã được thực hiện đầy đủ.", on=answered
    )
    services.matter_report(
        actor=actor, matter=matter, report="Báo cáo kết quả vụ việc gửi Ủy ban MTTQ xã.", on=answered
    )


@demo_step("oversight", 60)
def build(ctx: dict[str, Any]) -> None:
    bodies = ctx.get("bodies", {})
    people = ctx.get("people", {})
    board_body: Body | None = bodies.get(str(Body.Kind.INSPECTION_BOARD))
    front: Body | None = bodies.get(str(Body.Kind.FATHERLAND_FRONT))
    if board_body is None or front is None or Board.objects.filter(body=board_body).exists():
        return
    commune: Place = board_body.place
    villages: list[Place] = ctx["villages"][commune.code]
    now = today()
    year = now.year - 1
    member = people["inspection_member"]
    chairman = people["commune_chairman"]
    front_officer = people["front_officer"]

    board = services.board_establish(
        actor=front_officer,
        place=commune,
        body=board_body,
        size=max(5, len(villages)),
        term_from=dt.date(year - 1, 7, 1),
        term_to=dt.date(year + 4, 6, 30),
        contact="Phòng tiếp dân, trụ sở UBND xã; hòm thư góp ý tại nhà văn hóa các thôn",
    )
    password = make_password(None)
    seats = [(member, BoardMember.Position.HEAD)] + [
        (_person(name, phone, password), position) for name, position, phone in MEMBERS
    ]
    for i, (person, position) in enumerate(seats):
        seat = services.member_add(
            actor=front_officer,
            board=board,
            data=services.MemberData(
                person=person,
                village=villages[i % len(villages)],
                position=position,
                elected_on=dt.date(year - 1, 6, 20),
                public_phone=i == 0,
                public_note="Tiếp dân chiều thứ Năm tại nhà văn hóa thôn" if i == 0 else "",
            ),
        )
        services.member_recognise(actor=front_officer, member=seat, on=dt.date(year - 1, 7, 2))

    plan_year = services.plan_create(
        actor=member,
        board=board,
        data=services.PlanData(
            period=Period.YEAR,
            year=year,
            title=f"Kế hoạch hoạt động năm {year} của Ban Thanh tra nhân dân",
            objectives="Giám sát việc thực hiện chính sách, pháp luật và quy chế dân chủ ở cơ sở tại xã.",
            contents="Giám sát thu chi các quỹ ở thôn; bình xét hộ nghèo; công trình do dân đóng góp; công khai ngân sách.",
            start_on=dt.date(year, 1, 1),
            end_on=dt.date(year, 12, 31),
            budget=24_000_000,
        ),
    )
    services.plan_adjust(
        actor=member,
        plan=plan_year,
        data=services.PlanData(
            period=Period.YEAR,
            year=year,
            title=plan_year.title,
            objectives=plan_year.objectives,
            contents=plan_year.contents + " Bổ sung: giám sát chi hỗ trợ Tết cho hộ chính sách.",
            start_on=plan_year.start_on,
            end_on=plan_year.end_on,
            budget=28_000_000,
        ),
        reason="Bổ sung theo hướng dẫn của Ban Thường trực Ủy ban MTTQ xã",
    )
    for q in (1, 2, 3, 4):
        services.plan_create(
            actor=member,
            board=board,
            data=services.PlanData(
                period=Period.QUARTER,
                number=q,
                year=year,
                title=f"Kế hoạch quý {q}/{year}",
                objectives="Thực hiện các nội dung của kế hoạch năm trong quý.",
                contents="Tiếp nhận, phân loại thông tin; giám sát theo kế hoạch cụ thể.",
                start_on=dt.date(year, 3 * q - 2, 1),
                end_on=dt.date(year, 3 * q, 28),
                budget=6_000_000,
            ),
        )

    for i, (title, description, channel, end) in enumerate(MATTERS):
        # Finished matters over last year; those still under way in the last weeks.
        received = dt.date(year, 2 + i, 10) if i < 8 else now - dt.timedelta(days=60 - 10 * (i - 8))
        matter = services.matter_receive(
            actor=member,
            board=board,
            data=services.MatterData(
                title=title,
                description=description,
                channel=channel,
                received_on=received,
                village=villages[i % len(villages)],
                reporter_name="" if channel == Via.SUGGESTION_BOX else "Người dân trong thôn",
                case_reference=f"PA-{year}-{i + 101:05d}" if channel == Via.CASE else "",
            ),
        )
        if i == 6:
            services.interest_declare(
                actor=seats[1][0], matter=matter, note="Là người thân của một bên tranh chấp", on=received
            )
        _walk(matter, member, chairman, received, end)
    _this_year(board, member, people.get("citizen"), villages[0], now)
    _front(ctx, front, front_officer, year)


def _this_year(board: Board, member: Any, citizen: Any, village: Place, now: dt.date) -> None:
    """This year's plan (the public page shows the current year's) and a citizen's information sent
    from the public page: a tracked case and a matter of the board."""
    services.plan_create(
        actor=member,
        board=board,
        data=services.PlanData(
            period=Period.YEAR,
            year=now.year,
            title=f"Kế hoạch hoạt động năm {now.year} của Ban Thanh tra nhân dân",
            objectives="Giám sát việc thực hiện quy chế dân chủ ở cơ sở và các khoản đóng góp của dân.",
            contents="Giám sát công khai ngân sách xã; các công trình do dân đóng góp; giải quyết kiến nghị của dân.",
            start_on=dt.date(now.year, 1, 1),
            end_on=dt.date(now.year, 12, 31),
            budget=26_000_000,
        ),
    )
    if citizen is not None:
        services.information_send(
            person=citizen,
            board=board,
            title="Thôn thu tiền làm đường cao hơn mức hội nghị thôn đã biểu quyết",
            description="Hội nghị thôn biểu quyết 300.000 đ/hộ nhưng trưởng thôn thu 450.000 đ/hộ, không có phiếu thu.",
            village=village,
        )


def _front(ctx: dict[str, Any], front: Body, front_officer: Any, year: int) -> None:
    province: Place = ctx["province"]
    province_front = body_named(
        Body.Kind.FATHERLAND_FRONT, f"Ủy ban MTTQ Việt Nam {in_sentence(province.name)}", province
    )
    s = services.supervision_plan(
        actor=None,
        front=province_front,
        data=services.SupervisionData(
            title=f"Giám sát việc thực hiện dân chủ ở cơ sở tại các xã năm {year}",
            topic="grassroots_democracy",
            supervised_body="UBND các xã Krông Pắc, Ea Kly, Ea Phê",
            plan="Đoàn giám sát làm việc với UBND 3 xã; kiểm tra việc công khai, tiếp công dân, lấy ý kiến Nhân dân.",
            planned_from=dt.date(year, 9, 8),
            planned_to=dt.date(year, 9, 26),
            members="Phó Chủ tịch Ủy ban MTTQ tỉnh (trưởng đoàn); đại diện Hội Nông dân, Hội LHPN, Tỉnh đoàn",
            coordinating="Hội Nông dân, Hội Liên hiệp Phụ nữ, Đoàn Thanh niên tỉnh",
        ),
    )
    services.supervision_start(actor=None, supervision=s, on=dt.date(year, 9, 8))
    services.supervision_conclude(
        actor=None,
        supervision=s,
        findings="Các xã cơ bản thực hiện tốt; xã Ea Kly chưa niêm yết công khai dự toán đúng thời hạn, "
        "lịch tiếp công dân của xã Ea Phê chưa công khai trên cổng thông tin.",
        public=True,
        on=dt.date(year, 9, 30),
    )
    for who, what, answered in (
        (
            "Chủ tịch UBND xã Ea Kly",
            "Niêm yết công khai dự toán ngân sách đúng thời hạn.",
            dt.date(year, 10, 20),
        ),
        ("Chủ tịch UBND xã Ea Phê", "Công khai lịch tiếp công dân trên cổng thông tin của xã.", None),
    ):
        rec = services.recommendation_make(
            actor=None,
            supervision=s,
            addressee=who,
            content=what,
            on=dt.date(year, 10, 2),
            due_on=dt.date(year, 10, 31),
        )
        if answered:
            services.recommendation_answer(
                actor=None, recommendation=rec, answer="Đã niêm yết ngày 15/10.", on=answered
            )
    services.supervision_plan(
        actor=front_officer,
        front=front,
        data=services.SupervisionData(
            title=f"Giám sát việc bình xét hộ nghèo năm {year + 1}",
            topic="social",
            supervised_body="UBND xã và Ban quản lý các thôn",
            plan="Giám sát quy trình bình xét, niêm yết danh sách hộ nghèo, cận nghèo tại các thôn.",
            planned_from=today() + dt.timedelta(days=10),
            planned_to=today() + dt.timedelta(days=30),
        ),
    )
    ctx.setdefault("summary", {})["oversight"] = f"1 board, {len(MATTERS)} matters, 2 Front supervisions"
