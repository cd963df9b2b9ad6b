"""Demo: cases of every type in every state over the last 14 months (some overdue, some across Tết
2026), reception schedules and logs, dialogues, and a denunciation with a protected identity."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from danchu.core.access import can
from danchu.core.demo import demo_step

from . import services
from .models import Case, CaseEvent, Field, ReceptionLog, ReceptionSlot, RoutingRule

TOPICS = {
    "ha-tang": [
        (
            "Đường liên thôn bị sạt lở",
            "Đoạn đường liên thôn trước nhà văn hóa bị sạt lở sau mưa, xe máy đi lại nguy hiểm.",
        ),
        (
            "Đèn đường không sáng",
            "Ba bóng đèn chiếu sáng trên trục đường chính của thôn đã hỏng hơn hai tuần.",
        ),
        ("Cống thoát nước bị tắc", "Cống thoát nước đầu thôn bị tắc, nước tràn vào nhà dân khi mưa lớn."),
    ],
    "moi-truong": [
        ("Rác thải đổ trộm bên suối", "Có người đổ rác thải sinh hoạt xuống suối cạnh cầu, gây mùi hôi."),
        (
            "Khói lò đốt than gây ô nhiễm",
            "Lò đốt than hoạt động ban đêm, khói bụi ảnh hưởng sức khỏe các hộ xung quanh.",
        ),
    ],
    "dat-dai": [
        ("Tranh chấp ranh giới đất", "Hộ bên cạnh xây tường lấn sang phần đất của gia đình khoảng 0,5 mét."),
        (
            "Chậm cấp giấy chứng nhận quyền sử dụng đất",
            "Hồ sơ cấp giấy chứng nhận nộp từ năm trước vẫn chưa có kết quả.",
        ),
    ],
    "chinh-sach-xa-hoi": [
        ("Xét hộ nghèo chưa đúng", "Đề nghị xem xét lại danh sách hộ nghèo năm nay của thôn."),
        (
            "Chậm chi trả trợ cấp người cao tuổi",
            "Trợ cấp tháng này của người cao tuổi trong thôn chưa được chi trả.",
        ),
    ],
    "can-bo": [
        (
            "Cán bộ địa chính có thái độ không đúng mực",
            "Khi làm thủ tục, cán bộ địa chính nói năng thiếu tôn trọng người dân.",
        ),
        (
            "Thu tiền đóng góp sai quy định",
            "Đề nghị làm rõ khoản thu đóng góp xây dựng không có trong nghị quyết của thôn.",
        ),
    ],
}


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@demo_step("cases", 40)
def build(ctx: dict[str, Any]) -> None:
    if Case.objects.filter(title__startswith="[demo]").exists() or Case.objects.count() > 50:
        return
    rng = random.Random(40)
    people = ctx["people"]
    officer, chairman, admin = people["commune_officer"], people["commune_chairman"], people["admin"]
    citizen = people["citizen"]
    communes = ctx["communes"]
    staff = {
        communes[0].pk: (officer, chairman),
        communes[1].pk: (people.get("commune_officer_2", admin), admin),
    }
    fields = {f.code: f for f in Field.objects.all()}
    RoutingRule.objects.get_or_create(
        field=fields["ha-tang"],
        place=communes[0],
        unit=communes[0],
        defaults={"handler": officer, "note": "Hạ tầng: công chức Địa chính - Xây dựng"},
    )
    today = timezone.localdate()
    types = [
        "feedback",
        "feedback",
        "feedback",
        "petition",
        "petition",
        "complaint",
        "complaint_second",
        "denunciation",
    ]
    made = 0
    for commune in communes:
        handler, head = staff.get(commune.pk, (admin, admin))
        if head is admin:
            # A commune of the demo without a chairman: the administrator records an acting chairman
            # (Q. CHỦ TỊCH), the only way anyone but the chairman signs (issue #16 item 5).
            services.delegation_grant(
                by=admin,
                unit=commune,
                delegate=admin,
                kind="q",
                valid_from=today - dt.timedelta(days=500),
                document="Quyết định giao quyền chủ tịch (dữ liệu mẫu)",
            )
        villages = ctx["villages"].get(commune.code) or [commune]
        for months_ago in range(13, -1, -1):
            for k in range(2 if commune == communes[0] else 1):
                kind = types[(months_ago + k + made) % len(types)]
                code = rng.choice(list(TOPICS))
                title, text = rng.choice(TOPICS[code])
                day = today - dt.timedelta(days=30 * months_ago + rng.randint(0, 27))
                if day.weekday() >= 5:
                    day -= dt.timedelta(days=day.weekday() - 4)
                identity = services.Identity(
                    name=rng.choice(["Nguyễn Văn An", "Trần Thị Bích", "Lê Văn Cường"]),
                    phone=f"+8491300{made:04d}",
                    address=f"{villages[0].name}, {commune.name}",
                    id_number=f"0661900{made:05d}",
                )
                case = services.case_submit(
                    case_type_key=kind,
                    place=rng.choice(villages),
                    field=fields[code],
                    title=title,
                    description=text,
                    identity=identity,
                    recorded_by=handler,
                    channel=rng.choice(["walk_in", "phone", "mail"]) if kind != "feedback" else "walk_in",
                    contested_decision="Quyết định số 15/QĐ-UBND về thu hồi đất"
                    if kind.startswith("complaint")
                    else "",
                    denounced="Cán bộ địa chính xã" if kind == "denunciation" else "",
                    received_at=_at(day),
                    first_decision_on=day - dt.timedelta(days=12) if kind == "complaint_second" else None,
                    send_notice=False,
                )
                made += 1
                _drive(case, rng, handler, head, today, months_ago)
                _backdate_events(case)
    _tet_cases(communes[0], fields, officer, chairman, citizen)
    _state_matrix(communes[0], fields, officer, chairman, today)
    _reception(communes, staff, admin, today, rng)


def _drive(case: Case, rng: random.Random, handler: Any, head: Any, today: dt.date, months_ago: int) -> None:
    received = timezone.localtime(case.received_at).date()
    roll = rng.random()
    # A denunciation is accepted by the chairman, who chooses its handler (need-to-know).
    lead = head if case.is_confidential else handler
    if case.is_confidential and (lead == handler or not can(lead, "cases.handle_case", case)):
        return  # no chairman to choose a handler in this commune: it waits in "received"
    if roll < 0.06:
        services.case_refuse(case=case, by=lead, reason="Không thuộc thẩm quyền giải quyết của UBND xã.")
        return
    if months_ago == 0 and roll < 0.5:
        return  # just received
    accepted = min(received + dt.timedelta(days=rng.randint(1, 6)), today)
    services.case_accept(case=case, by=lead, at=_at(accepted, 10))
    services.case_assign(case=case, by=lead, handler=handler)
    if months_ago <= 1 and roll < 0.7:
        if case.rules.suspension_allowed and roll < 0.2:
            services.case_pause(
                case=case,
                by=handler,
                reason="Chờ kết quả đo đạc của cơ quan chuyên môn.",
                legal_basis="Luật sửa đổi 2025",
                on=min(accepted + dt.timedelta(days=3), today),
            )
        return  # in progress, some of them due soon
    if months_ago <= 1 and roll < 0.8:
        services.case_respond(case=case, by=handler, body="Dự thảo trả lời: UBND xã đã kiểm tra thực tế.")
        return  # answer drafted, awaiting the chairman's sign-off
    if months_ago in (2, 3) and roll < 0.35:
        return  # overdue: still in progress long after its due date
    if case.case_type in ("complaint", "denunciation") and roll < 0.3:
        services.case_extend(
            case=case, by=handler, reason="Vụ việc phức tạp, cần xác minh thêm tại nhiều nơi."
        )
    late = rng.random() < 0.15
    due = case.resolution_due or today
    answered = (
        due + dt.timedelta(days=rng.randint(1, 10))
        if late
        else accepted + dt.timedelta(days=rng.randint(3, max((due - accepted).days, 4)))
    )
    answered = min(answered, today)
    services.case_respond(
        case=case,
        by=handler,
        body="UBND xã đã kiểm tra thực tế và chỉ đạo xử lý dứt điểm nội dung "
        "nêu trong đơn. Kết quả như sau: đã khắc phục xong.",
        publish=case.type.open311 and rng.random() < 0.6,
    )
    services.case_sign_reply(case=case, by=head, at=_at(answered, 15))
    if rng.random() < 0.7:
        services.case_rate(case=case, satisfaction=rng.choice([5, 5, 4, 4, 4, 3, 2]))
    if months_ago >= 1 and rng.random() < 0.8:
        services.case_close(case=case, by=handler)


def _backdate_events(case: Case) -> None:
    """Timeline events carry the (backdated) moments of the facts they record."""
    case.refresh_from_db()
    moments = {
        "received": case.received_at,
        "accept": case.accepted_at,
        "assign": case.accepted_at,
        "refuse": case.received_at + dt.timedelta(days=3),
        "extend": case.accepted_at,
        "respond": case.resolved_at or case.accepted_at,
        "sign_reply": case.resolved_at,
        "close": case.resolved_at + dt.timedelta(days=2) if case.resolved_at else None,
        "pause": case.accepted_at,
    }
    for event in case.events.all():
        at = moments.get(event.action)
        if at is not None:
            CaseEvent.objects.filter(pk=event.pk).update(at=at)
    if case.closed_at and case.resolved_at:
        Case.objects.filter(pk=case.pk).update(closed_at=case.resolved_at + dt.timedelta(days=2))


def _state_matrix(
    commune: Any, fields: dict[str, Field], officer: Any, chairman: Any, today: dt.date
) -> None:
    """One recent case of every type in every state it can reach."""
    village = commune.children.first() or commune
    received = today - dt.timedelta(days=12)
    for kind in ("feedback", "petition", "complaint", "complaint_second", "denunciation"):
        for state in (
            "received",
            "accepted",
            "in_progress",
            "paused",
            "drafted",
            "resolved",
            "closed",
            "refused",
            "merged",
        ):
            title, text = TOPICS[
                "can-bo"
                if kind == "denunciation"
                else "dat-dai"
                if kind.startswith("complaint")
                else "ha-tang"
            ][0]
            case = services.case_submit(
                case_type_key=kind,
                place=village,
                field=fields["can-bo" if kind == "denunciation" else "ha-tang"],
                title=title,
                description=text,
                recorded_by=officer,
                channel="walk_in",
                send_notice=False,
                identity=services.Identity(
                    name="Trần Văn Mẫu", address=village.name, id_number="066190055555"
                ),
                contested_decision="Quyết định số 21/QĐ-UBND" if kind.startswith("complaint") else "",
                denounced="Cán bộ thôn" if kind == "denunciation" else "",
                received_at=_at(received),
                first_decision_on=received - dt.timedelta(days=12) if kind == "complaint_second" else None,
            )
            lead = chairman if case.is_confidential else officer
            if state == "received":
                continue
            if state == "refused":
                services.case_refuse(case=case, by=lead, reason="Đơn không đủ điều kiện thụ lý.")
                continue
            if state == "merged":
                target = Case.objects.filter(case_type=kind, unit=commune, state="in_progress").first()
                if target is not None:
                    services.case_merge(case=case, into=target, by=lead)
                continue
            services.case_accept(case=case, by=lead, at=_at(received + dt.timedelta(days=2)))
            if state == "accepted":
                continue
            services.case_assign(case=case, by=lead, handler=officer)
            if state == "paused":
                if case.rules.suspension_allowed:
                    services.case_pause(
                        case=case,
                        by=officer,
                        reason="Chờ kết quả giám định.",
                        legal_basis="Luật sửa đổi 2025",
                    )
                continue
            if state == "in_progress":
                continue
            services.case_respond(
                case=case,
                by=officer,
                body="UBND xã đã xác minh và giải quyết dứt điểm.",
                publish=case.type.open311,
            )
            if state == "drafted":
                continue
            services.case_sign_reply(case=case, by=chairman, at=_at(received + dt.timedelta(days=9)))
            if state == "closed":
                services.case_close(case=case, by=officer)


def _tet_cases(commune: Any, fields: dict[str, Field], officer: Any, chairman: Any, citizen: Any) -> None:
    """Filed just before Tết 2026 (16–20 Feb): working-day deadlines jump over the holiday."""
    village = commune.children.first() or commune
    d = services.case_submit(
        case_type_key="denunciation",
        place=village,
        field=fields["can-bo"],
        title="[demo] Tố cáo cán bộ thu tiền sai quy định",
        description="Cán bộ thôn thu tiền làm đường ngoài nghị quyết.",
        denounced="Cán bộ phụ trách thu đóng góp",
        recorded_by=officer,
        channel="walk_in",
        send_notice=False,
        identity=services.Identity(
            name="Phan Thị Tố Giác",
            phone="+84987650001",
            email="to.giac@example.vn",
            address="Thôn 1",
            id_number="066190012345",
        ),
        received_at=_at(dt.date(2026, 2, 13)),
    )
    services.case_accept(case=d, by=chairman, at=_at(dt.date(2026, 3, 2)))
    services.case_assign(case=d, by=chairman, handler=officer)
    first = services.case_submit(
        case_type_key="feedback",
        place=village,
        field=fields["moi-truong"],
        title="[demo] Rác tồn đọng ở chợ",
        description="Rác tồn đọng ở chợ thôn chưa được thu gom, bốc mùi.",
        anonymous=True,
        received_at=_at(dt.date(2026, 2, 11)),
        send_notice=False,
    )
    dup = services.case_submit(
        case_type_key="feedback",
        place=village,
        field=fields["moi-truong"],
        title="[demo] Rác tồn đọng sau Tết",
        description="Rác tồn đọng ở chợ sau Tết chưa được thu gom.",
        submitter=citizen,
        received_at=_at(dt.date(2026, 2, 12)),
        send_notice=False,
    )
    services.case_merge(case=dup, into=first, by=officer)


def _reception(
    communes: list[Any], staff: dict[int, Any], admin: Any, today: dt.date, rng: random.Random
) -> None:
    for commune in communes:
        handler, head = staff.get(commune.pk, (admin, admin))
        first = today.replace(day=1)
        for offset in (0, 1):
            month_start = (first + dt.timedelta(days=32 * offset)).replace(day=1)
            for day in (month_start + dt.timedelta(days=n) for n in (3, 17)):
                if not ReceptionSlot.objects.filter(unit=commune, date=day).exists():
                    services.reception_slot_add(
                        unit=commune,
                        by=handler,
                        date=day,
                        leader_name=str(head),
                        leader_title="Chủ tịch UBND xã",
                        location="Trụ sở UBND xã",
                    )
        for months_ago in range(14):
            day = today - dt.timedelta(days=30 * months_ago + 5)
            if not ReceptionLog.objects.filter(unit=commune, date=day).exists():
                services.reception_log_add(
                    unit=commune,
                    by=handler,
                    date=day,
                    leader_name=str(head),
                    persons=rng.randint(3, 25),
                    content="Tiếp công dân định kỳ: đất đai, chính sách xã hội, môi trường.",
                    result="Đã hướng dẫn, tiếp nhận đơn.",
                )
            if months_ago % 3 == 0:
                services.dialogue_add(
                    unit=commune,
                    by=handler,
                    held_on=day,
                    topic="Đối thoại với nhân dân về giải phóng mặt bằng đường liên xã",
                    leaders=f"{head}, Chủ tịch UBND xã",
                    participants=rng.randint(30, 120),
                    minutes="Biên bản đối thoại: người dân nêu "
                    "12 ý kiến; lãnh đạo xã trả lời trực tiếp 10 ý kiến, 2 ý kiến chuyển xử lý.",
                )
