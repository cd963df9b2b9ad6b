"""Demo step: an open land-use consultation with paragraph comments, a closed one with its published
synthesis, an opinion map with a few hundred simulated participants, a SIPAS survey with answers,
and the Front's comments and critique conference — in the demo province's first commune."""

from __future__ import annotations

import datetime as dt
import io
import random
from typing import Any

from django.utils import timezone

from danchu.core.demo import demo_step
from danchu.core.text import in_sentence

from .models import (
    Comment,
    Consultation,
    Participant,
    Questionnaire,
    Statement,
    Vote,
)
from .rules import CONVENTION
from .services import consultations as svc
from .services import front, opinions, surveys, synthesis

LAND_USE = [
    ("Title", "Phương án điều chỉnh quy hoạch sử dụng đất đến năm 2030"),
    ("Heading 1", "Chương I. QUY ĐỊNH CHUNG"),
    ("Normal", "Điều chỉnh quy hoạch sử dụng đất của xã đến năm 2030 trên tổng diện tích tự nhiên 4.215 ha."),
    (
        "Normal",
        "Mục tiêu: bảo đảm quỹ đất cho phát triển kinh tế - xã hội, quốc phòng, an ninh và bảo vệ môi trường.",
    ),
    ("Heading 1", "Chương II. ĐẤT NÔNG NGHIỆP"),
    ("Normal", "Chuyển 12,5 ha đất trồng lúa kém hiệu quả sang đất trồng cây lâu năm (cà phê, sầu riêng)."),
    ("Normal", "Giữ ổn định 310 ha đất trồng lúa nước hai vụ ven suối."),
    ("Heading 1", "Chương III. ĐẤT PHI NÔNG NGHIỆP"),
    ("Normal", "Bố trí 1,2 ha đất xây dựng nhà văn hóa và sân thể thao của thôn."),
    ("Normal", "Mở rộng đường liên thôn lên 7 m, thu hồi 0,8 ha đất ở và đất vườn của 23 hộ."),
    ("Normal", "Bố trí 2 ha đất cho điểm tập kết và xử lý rác thải sinh hoạt của xã."),
]
RULES = [
    ("Heading 1", "Quy chế thực hiện dân chủ ở xã (dự thảo)"),
    (
        "Normal",
        "Điều 1. UBND xã công khai thông tin qua bảng tin, loa truyền thanh và cổng thông tin điện tử.",
    ),
    (
        "Normal",
        "Điều 2. Nhân dân bàn và quyết định các công việc tại hội nghị thôn theo hình thức biểu quyết.",
    ),
    ("Normal", "Điều 3. Ban Thanh tra nhân dân giám sát việc thực hiện quy chế này."),
]
STATEMENTS = [
    "Nên mở rộng đường liên thôn lên 7 m dù phải thu hồi đất vườn.",
    "Cần giữ lại toàn bộ đất lúa nước ven suối.",
    "Ưu tiên làm đèn đường cho các thôn trước.",
    "Nhà văn hóa thôn nên được xây mới trong năm nay.",
    "Bồi thường đất vườn phải theo giá thị trường.",
    "Chuyển đất lúa kém hiệu quả sang trồng sầu riêng là hợp lý.",
    "Điểm tập kết rác phải cách khu dân cư ít nhất 500 m.",
    "Xã nên lấy ý kiến qua Zalo của từng thôn.",
    "Kinh phí nên ưu tiên cho trường mẫu giáo.",
    "Cần công khai danh sách hộ bị thu hồi đất.",
    "Đường 6 m là đủ cho xe tải nhỏ.",
    "Thanh niên nên được tham gia giám sát công trình.",
]


def _docx(paragraphs: list[tuple[str, str]]) -> bytes:
    from docx import Document

    doc = Document()
    for style, text in paragraphs:
        doc.add_paragraph(text, style=style)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _consultation(
    officer: Any, commune: Any, title: str, basis: str, paragraphs: list[tuple[str, str]], days: int
) -> Consultation:
    c = svc.consultation_create(
        actor=officer,
        data=svc.DraftInput(
            place=commune,
            title=title,
            basis=basis,
            draft_name="du-thao.docx",
            draft_bytes=_docx(paragraphs),
            summary="UBND xã lấy ý kiến Nhân dân theo Luật Thực hiện dân chủ ở cơ sở.",
            channels=["online", "meeting", "written"],
        ),
    )
    today = timezone.localdate()
    return svc.consultation_open(
        actor=officer, consultation=c, opens_on=today, closes_on=today + dt.timedelta(days=days)
    )


def _convention_comments(commune: Any, officer: Any, people: dict[str, Any]) -> None:
    """Comments on the village convention's amendment that meetings' step opened for discussion: the
    demo household's representative online, and one received at the village house."""
    c = Consultation.objects.filter(place=commune, basis=CONVENTION, status=Consultation.Status.OPEN).first()
    if c is None or c.comments.exists():
        return
    karaoke = next((p for p in c.paragraphs.all() if "karaoke" in p.text), None)
    rep = people.get("household_rep")
    if rep is not None and svc.consulted_household(rep, c) is not None:
        svc.comment_add(
            actor=rep,
            consultation=c,
            text_="Nhất trí; đề nghị ghi rõ cả loa kéo di động.",
            paragraph_id=karaoke.pk if karaoke else None,
            stance=Comment.Stance.SUPPORT,
        )
    svc.comment_record(
        actor=officer,
        consultation=c,
        text_="Đám cưới được hát đến 23 giờ thì hợp lý hơn.",
        author_name="Y Khoa Niê",
        source=Comment.Source.WRITTEN,
        paragraph_id=karaoke.pk if karaoke else None,
        stance=Comment.Stance.OPPOSE,
    )


@demo_step("consultations", 55)
def build(ctx: dict[str, Any]) -> None:
    commune = ctx["communes"][0]
    people = ctx.get("people", {})
    officer = people.get("commune_officer")
    if officer is not None:
        _convention_comments(commune, officer, people)
    # The village convention's discussion (meetings' step, through the kernel's hook) is not ours.
    if officer is None or Consultation.objects.filter(place=commune).exclude(basis=CONVENTION).exists():
        return
    rng = random.Random(11)
    today = timezone.localdate()

    # 1. Open: the land-use plan, commented by the demo residents and at the counter.
    land = _consultation(
        officer,
        commune,
        f"Điều chỉnh quy hoạch sử dụng đất {in_sentence(commune.name)} đến năm 2030",
        "land_use",
        LAND_USE,
        30,
    )
    paras = {p.position: p for p in land.paragraphs.all()}
    for key, pos, text, stance, quote in (
        (
            "citizen",
            6,
            "Đề nghị giữ lại 2 ha lúa nước gần suối vì vẫn cho năng suất tốt.",
            Comment.Stance.OPPOSE,
            "12,5 ha đất trồng lúa",
        ),
        ("household_rep", 6, "Nhà tôi đồng ý chuyển sang trồng sầu riêng.", Comment.Stance.SUPPORT, ""),
        ("citizen", 10, "Đường 7 m thu hồi nhiều đất vườn, nên làm 6 m.", Comment.Stance.OPPOSE, ""),
    ):
        person = people.get(key)
        if person is not None:
            svc.comment_add(
                actor=person,
                consultation=land,
                text_=text,
                paragraph_id=paras[pos].pk,
                quote=quote,
                stance=stance,
            )
    for name, pos, text in (
        ("Y Bhăm Mlô", 10, "Đề nghị công khai mức bồi thường trước khi thu hồi."),
        ("H'Nga Niê", 11, "Điểm tập kết rác đặt xa nguồn nước sinh hoạt."),
        ("Nguyễn Văn Tám", 9, "Nhất trí xây nhà văn hóa."),
    ):
        svc.comment_record(
            actor=officer,
            consultation=land,
            text_=text,
            author_name=name,
            source=Comment.Source.MEETING,
            paragraph_id=paras[pos].pk,
        )

    # 2. Closed: the draft rules on democracy, synthesised, answered and decided.
    rules = _consultation(
        officer,
        commune,
        f"Dự thảo Quy chế thực hiện dân chủ ở {in_sentence(commune.name)}",
        "democracy_rules",
        RULES,
        15,
    )
    rp = {p.position: p for p in rules.paragraphs.all()}
    added = [
        svc.comment_record(
            actor=officer,
            consultation=rules,
            text_=t,
            author_name=n,
            source=Comment.Source.WRITTEN,
            paragraph_id=rp[pos].pk,
        )
        for n, pos, t in (
            ("Lê Văn Hải", 2, "Bổ sung nhóm Zalo của thôn vào hình thức công khai."),
            ("Trần Thị Mai", 2, "Nên thêm thông báo qua nhóm Zalo."),
            ("Phạm Văn Sơn", 3, "Cho phép biểu quyết bằng phiếu kín khi có yêu cầu."),
        )
    ]
    Consultation.objects.filter(pk=rules.pk).update(
        opens_on=today - dt.timedelta(days=40), closes_on=today - dt.timedelta(days=25)
    )
    Comment.objects.filter(consultation=rules).update(created_at=timezone.now() - dt.timedelta(days=30))
    rules.refresh_from_db()
    svc.consultation_end_period(actor=officer, consultation=rules)
    g1 = synthesis.group_create(
        actor=officer,
        consultation=rules,
        title="Công khai qua nhóm Zalo của thôn",
        comment_ids=[added[0].pk, added[1].pk],
    )
    g2 = synthesis.group_create(
        actor=officer, consultation=rules, title="Biểu quyết bằng phiếu kín", comment_ids=[added[2].pk]
    )
    synthesis.group_answer(
        actor=officer,
        group=g1,
        answer="partly",
        reason="Tiếp thu: bổ sung mạng xã hội của thôn là kênh thông tin bổ trợ, không thay bảng tin.",
    )
    synthesis.group_answer(
        actor=officer, group=g2, answer="accepted", reason="Tiếp thu nguyên văn vào Điều 2."
    )
    final = rules.draft_text().replace(
        "theo hình thức biểu quyết.", "theo hình thức biểu quyết giơ tay hoặc bỏ phiếu kín."
    )
    synthesis.consultation_close(
        actor=officer,
        consultation=rules,
        data=synthesis.Decision("45/QĐ-UBND", "Ban hành Quy chế thực hiện dân chủ ở xã.", final),
    )

    # 3. An opinion map with a few hundred simulated participants (three camps and shared ground).
    conv = opinions.conversation_create(
        actor=officer,
        place=commune,
        topic="Ưu tiên đầu tư của xã năm tới",
        description="Bày tỏ đồng ý, không đồng ý hoặc bỏ qua.",
    )
    statements = [
        Statement(conversation=conv, number=i, text=t, status=Statement.Status.ACCEPTED)
        for i, t in enumerate(STATEMENTS)
    ]
    Statement.objects.bulk_create(statements)
    statements = list(conv.statements.order_by("number"))
    camps = [{0, 3, 5}, {1, 4, 10}, {2, 8, 11}]
    shared = {6, 9}
    Participant.objects.bulk_create(Participant(conversation=conv, number=i) for i in range(300))
    votes = []
    for p in conv.participants.all():
        camp = camps[p.number % 3]
        for s in rng.sample(statements, rng.randint(7, len(statements))):
            if s.number in shared:
                value = 1 if rng.random() < 0.85 else 0
            elif rng.random() < 0.8:
                value = 1 if s.number in camp else -1
            else:
                value = rng.choice([-1, 0, 1])
            votes.append(Vote(participant=p, statement=s, value=value))
    Vote.objects.bulk_create(votes, batch_size=2000)
    opinions.map_compute(conversation=conv)

    # 4. A SIPAS survey of the one-stop desk with answers through receipt codes.
    q = surveys.questionnaire_create(
        actor=officer,
        title="Phiếu khảo sát sự hài lòng của người dân (SIPAS)",
        index_method=Questionnaire.Index.SHARE_SATISFIED,
        questions=[
            surveys.QuestionInput("scale", "Ông/bà hài lòng với việc tiếp cận dịch vụ?", in_index=True),
            surveys.QuestionInput("scale", "Ông/bà hài lòng với thủ tục hành chính?", in_index=True),
            surveys.QuestionInput(
                "scale", "Ông/bà hài lòng với công chức trực tiếp giải quyết?", in_index=True
            ),
            surveys.QuestionInput("scale", "Ông/bà hài lòng với kết quả giải quyết?", in_index=True),
            surveys.QuestionInput(
                "single", "Ông/bà nộp hồ sơ bằng cách nào?", choices=["Trực tiếp", "Trực tuyến", "Bưu chính"]
            ),
            surveys.QuestionInput("text", "Ông/bà có góp ý gì thêm?"),
        ],
    )
    start = today.replace(day=1)
    survey = surveys.survey_create(
        actor=officer,
        questionnaire=q,
        place=commune,
        title=f"Khảo sát sự hài lòng tháng {today.month}/{today.year}",
        starts_on=start,
        ends_on=start + dt.timedelta(days=90),
    )
    questions = list(q.questions.all())
    for code in surveys.receipts_issue(actor=officer, survey=survey, count=80):
        if rng.random() < 0.25:
            continue  # not every receipt is answered
        answers: dict[int, Any] = {
            qq.pk: rng.choices([5, 4, 3, 2], weights=[5, 4, 1, 0.5])[0] for qq in questions[:4]
        }
        answers[questions[4].pk] = rng.randint(0, 2)
        answers[questions[5].pk] = rng.choice(["", "Cán bộ nhiệt tình.", "Cần thêm chỗ ngồi chờ."])
        surveys.survey_answer(receipt=code, answers=answers, today=max(start, today))

    # 5. The Front's comments on a draft and a social critique conference.
    front_officer = people.get("front_officer")
    if front_officer is not None:
        front.front_comment_record(
            actor=front_officer,
            data=front.FrontCommentInput(
                place=commune,
                draft_title=rules.title,
                drafting_body=rules.consulting_body,
                commented_on=today - dt.timedelta(days=30),
                comments="Đề nghị quy định rõ trách nhiệm của trưởng thôn khi công khai.",
            ),
        )
        conf = front.conference_record(
            actor=front_officer,
            data=front.ConferenceInput(
                place=commune,
                title="Hội nghị phản biện xã hội phương án quy hoạch sử dụng đất",
                draft_title=land.title,
                drafting_body=land.consulting_body,
                held_on=today - dt.timedelta(days=3),
                participants="Ủy ban MTTQ xã, Hội Nông dân, Hội Liên hiệp Phụ nữ, Đoàn Thanh niên, đại diện các thôn",
                participant_count=38,
                conclusions="Đề nghị giữ đất lúa nước ven suối và công khai phương án bồi thường.",
            ),
        )
        front.drafting_answer_record(
            actor=front_officer,
            record=conf,
            answer="UBND xã tiếp thu, sẽ điều chỉnh phương án.",
            answered_on=today,
        )
