"""Demo: in the demo village, a meeting held last month (decided items, confirmed and published
minutes), a meeting next week with its notice sent, and a village-head election open for online secret
voting in which the demo household representative has voted (their receipt code is printed)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from danchu.core.demo import demo_step
from danchu.places.models import Place

from . import queries, services
from .models import AgendaItem, Election, Meeting
from .services.decisions import BoxCount

PAST_TITLE = "Hội nghị thôn định kỳ cuối năm 2026"
NEXT_TITLE = "Hội nghị thôn bàn kế hoạch làm đường giao thông nông thôn năm 2027"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _past_meeting(village: Place, head: Any, officer: Any, rng: random.Random) -> Meeting:
    starts = _at(timezone.localdate() - dt.timedelta(days=30), 19)
    m = services.meeting_convene(
        actor=head,
        draft=services.MeetingDraft(
            village=village,
            title=PAST_TITLE,
            starts_at=starts,
            location=f"Nhà văn hóa {village.name}",
            items=[
                services.ItemSpec(
                    title="Báo cáo kết quả thực hiện nhiệm vụ năm 2026", kind=AgendaItem.Kind.INFORM
                ),
                services.ItemSpec(
                    title="Mức đóng góp xây dựng cổng chào thôn: 300.000 đồng/hộ",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=1,
                    method=AgendaItem.Method.HANDS,
                ),
                services.ItemSpec(
                    title="Quy chế sử dụng quỹ khuyến học của thôn",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=2,
                    method=AgendaItem.Method.SECRET,
                ),
                services.ItemSpec(
                    title="Thông qua Hương ước thôn",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=3,
                    method=AgendaItem.Method.HANDS,
                ),
            ],
        ),
    )
    services.notice_send(actor=head, meeting=m, now=starts - dt.timedelta(days=7))
    services.meeting_open(actor=head, meeting=m)
    households = list(queries.roster(village, m.meeting_day))
    present = households[: max(1, len(households) * 3 // 4)]
    for h in present:
        services.checkin(actor=head, meeting=m, code=h.number, via=rng.choice(["qr", "qr", "manual"]))
    n = len(present)
    hands, secret, convention = m.items.filter(kind=AgendaItem.Kind.DECIDE).order_by("order")
    for item in (hands, convention):
        services.item_count_hands(actor=head, item=item, votes_for=n - 2, votes_against=1, abstentions=1)
        services.item_confirm(actor=head, item=item)
    half = n // 2
    services.item_count_secret(
        actor=head,
        item=secret,
        team=["Lê Văn An", "Trần Thị Bích", "Phạm Văn Cường"],
        boxes=[
            BoxCount("Hòm phiếu số 1", half - 1, 1, 0, 0),
            BoxCount("Hòm phiếu số 2", n - half - 2, 1, 1, 0),
        ],
        team_minutes="Tổ kiểm phiếu đã kiểm đủ số phiếu phát ra, không có khiếu nại.",
    )
    services.item_confirm(actor=head, item=secret)
    services.meeting_close(
        actor=head,
        meeting=m,
        secretary_name="Nguyễn Thị Thu Hà",
        notes="Hội nghị kết thúc lúc 21 giờ 15 cùng ngày.",
    )
    services.minutes_confirm(actor=head, meeting=m)
    return services.minutes_publish(actor=officer, meeting=m)


def _next_meeting(village: Place, head: Any) -> Meeting:
    m = services.meeting_convene(
        actor=head,
        draft=services.MeetingDraft(
            village=village,
            title=NEXT_TITLE,
            starts_at=_at(timezone.localdate() + dt.timedelta(days=7), 19),
            location=f"Nhà văn hóa {village.name}",
            items=[
                services.ItemSpec(
                    title="Phương án đóng góp làm 1,2 km đường bê tông liên xóm",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=1,
                    method=AgendaItem.Method.HANDS,
                ),
                services.ItemSpec(title="Góp ý dự thảo quy hoạch khu dân cư", kind=AgendaItem.Kind.COMMENT),
            ],
        ),
    )
    return services.notice_send(actor=head, meeting=m)


CONVENTION_TITLE = "Hương ước thôn"
CONVENTION_TEXT = """Chương I. NHỮNG QUY ĐỊNH CHUNG
Điều 1. Hương ước này quy định việc giữ gìn an ninh trật tự, vệ sinh môi trường, nếp sống văn minh trong thôn.
Điều 2. Mọi người dân sinh sống trong thôn có trách nhiệm thực hiện Hương ước.
Chương II. NỘI DUNG CỤ THỂ
Điều 3. Không thả rông gia súc trên đường liên thôn, liên xóm.
Điều 4. Việc cưới, việc tang tổ chức trang trọng, tiết kiệm; không mở nhạc to sau 22 giờ.
Điều 5. Rác thải sinh hoạt được phân loại và để đúng nơi quy định vào ngày thu gom.
Chương III. TỔ CHỨC THỰC HIỆN
Điều 6. Trưởng thôn phối hợp Ban công tác Mặt trận tổ chức thực hiện Hương ước."""


def _convention(village: Place, head: Any, chairman: Any, meeting: Meeting) -> None:
    """A convention adopted at the past meeting and recognised; an amendment open for comments."""
    from .models import Convention

    if Convention.objects.filter(village=village).exists():
        return
    v1 = services.convention_draft(
        actor=head, village=village, title=f"{CONVENTION_TITLE} {village.name}", text=CONVENTION_TEXT
    )
    item = meeting.items.filter(matter=AgendaItem.Matter.CONVENTION, passed=True).first()
    if item is None:
        return
    services.version_adopt(actor=head, version=v1, item=item)
    services.version_submit(actor=head, version=v1, today=timezone.localdate() - dt.timedelta(days=25))
    services.version_recognise(actor=chairman, version=v1, decision_number="45/QĐ-UBND")
    amended = CONVENTION_TEXT.replace(
        "không mở nhạc to sau 22 giờ.", "không mở nhạc to sau 22 giờ; không hát karaoke gây ồn sau 22 giờ."
    )
    v2 = services.convention_amend(
        actor=head, convention=v1.convention, text=amended, note="Bổ sung quy định về hát karaoke"
    )
    services.version_open_comments(actor=head, version=v2)


@demo_step("meetings", 50)
def build(ctx: dict[str, Any]) -> None:
    commune = ctx["communes"][0]
    village = ctx["villages"][commune.code][0]
    people = ctx["people"]
    head, officer, rep = people["village_head"], people["commune_officer"], people["household_rep"]
    rng = random.Random(10)
    past = Meeting.objects.filter(village=village, title=PAST_TITLE).first()
    if past is None:
        past = _past_meeting(village, head, officer, rng)
    _convention(village, head, people["commune_chairman"], past)
    if not Meeting.objects.filter(village=village, title=NEXT_TITLE).exists():
        _next_meeting(village, head)
    if not Election.objects.filter(village=village).exists():
        e = services.election_plan(
            actor=head,
            village=village,
            office=Election.Office.INSPECTION_BOARD,
            election_day=timezone.localdate(),
            candidates=["Đặng Văn Hùng", "Hà Thị Mai", "Lò Văn Sáng"],
            seats=2,
        )
        services.election_open(actor=head, election=e)
        household = queries.represented_households(rep)
        if household:
            cand = e.candidates.order_by("full_name").first()
            receipt = services.ballot_cast(
                person=rep, election=e, household=household[0], choices=[cand.pk] if cand else []
            )
            out = ctx.get("stdout")
            if out is not None:
                out.write(f"meetings: election {e.pk} open; {rep.full_name}'s receipt code {receipt}")
