"""Demo: in the demo village, a meeting held last month (decided items, confirmed and published
minutes), a meeting next week with its notice sent, and a village-head election open for online secret
voting in which the demo household representative has voted (their receipt code is printed), and a
village-head election held on paper 12 days ago, counted per box by its team and recognised."""

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
# Prepared, its notice not sent yet: the village head's office home says the notice is due.
DRAFT_TITLE = "Hội nghị thôn bầu tổ hòa giải và bàn vệ sinh môi trường"


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


ROAD_TITLE = "Hội nghị thôn bàn bê tông hóa đường trục thôn"
ROAD_DAY = dt.date(2026, 3, 10)  # the works demo's road is decided on 15/03/2026 on this basis


def _road_meeting(village: Place, head: Any, officer: Any, rng: random.Random) -> Meeting:
    """The meeting that decided the works demo's road (Art. 15 matter 1), by show of hands."""
    starts = _at(ROAD_DAY, 19)
    m = services.meeting_convene(
        actor=head,
        draft=services.MeetingDraft(
            village=village,
            title=ROAD_TITLE,
            starts_at=starts,
            location=f"Nhà văn hóa {village.name}",
            items=[
                services.ItemSpec(
                    title="Bê tông hóa 1,2 km đường trục thôn; mỗi hộ đóng góp 500.000 đồng và ngày công",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=1,
                    method=AgendaItem.Method.HANDS,
                )
            ],
        ),
    )
    services.notice_send(actor=head, meeting=m, now=starts - dt.timedelta(days=7))
    services.meeting_open(actor=head, meeting=m)
    households = list(queries.roster(village, m.meeting_day))
    present = households[: max(1, len(households) * 4 // 5)]
    for h in present:
        services.checkin(actor=head, meeting=m, code=h.number, via=rng.choice(["qr", "manual"]))
    (item,) = m.items.all()
    n = len(present)
    services.item_count_hands(actor=head, item=item, votes_for=n - 1, votes_against=1, abstentions=0)
    services.item_confirm(actor=head, item=item)
    services.meeting_close(actor=head, meeting=m, secretary_name="Nguyễn Thị Thu Hà", notes="")
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
                # An Art. 15(6) matter: the village head may open it to online voting (Decree 59 Art. 5).
                services.ItemSpec(
                    title="Giờ mở cửa nhà văn hóa thôn vào buổi tối",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=6,
                    method=AgendaItem.Method.HANDS,
                ),
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
    """A convention adopted at the past meeting and recognised; an amendment open for comments on a
    consultation of the village's households (through the kernel's discussion hook, when consultations
    is installed), until three weeks from today."""
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
    services.version_open_comments(
        actor=head, version=v2, closes_on=timezone.localdate() + dt.timedelta(days=21)
    )


def _paper_election(village: Place, head: Any, chairman: Any) -> None:
    """A village-head election held on paper 12 days ago: the team, a main and an extra box, tallied
    and recognised by the commune chairman."""
    if Election.objects.filter(village=village, paper=True).exists():
        return
    e = services.election_plan(
        actor=head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() - dt.timedelta(days=12),
        candidates=["Nguyễn Văn Thành", "Phạm Thị Lan"],
        paper=True,
    )
    services.election_team_set(
        actor=head,
        election=e,
        head="Hoàng Văn Mặt Trận",
        members=["Lê Thị Phụ Nữ", "Trần Văn Cựu Chiến Binh", "Vũ Văn Nông Dân"],
        on=e.election_day - dt.timedelta(days=14),  # no later than 10 days before (Decree 59)
    )
    e = services.election_open(actor=head, election=e)
    e = services.election_close(actor=head, election=e)
    roster = e.roster_size or 0
    main, extra = roster * 3 // 4, roster // 10
    ids = dict(e.candidates.values_list("full_name", "pk"))
    thanh, lan = ids["Nguyễn Văn Thành"], ids["Phạm Thị Lan"]
    for label, kind, issued in (("Hòm phiếu chính", "main", main), ("Hòm phiếu phụ", "extra", extra)):
        if not issued:
            continue
        invalid = issued // 20
        valid = issued - invalid
        services.paper_box_record(
            actor=head,
            election=e,
            count=services.PaperCount(
                label=label,
                kind=kind,
                issued=issued,
                returned=issued,
                valid=valid,
                invalid=invalid,
                votes={thanh: valid * 4 // 5, lan: valid - valid * 4 // 5},
            ),
        )
    if not e.paper_boxes.exists():
        return
    e = services.election_tally(actor=head, election=e)
    if e.status == Election.Status.TALLIED:
        services.election_recognise(actor=chairman, election=e)


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
    if not Meeting.objects.filter(village=village, title=ROAD_TITLE).exists():
        _road_meeting(village, head, officer, rng)
    if not Meeting.objects.filter(village=village, title=NEXT_TITLE).exists():
        _next_meeting(village, head)
    if not Meeting.objects.filter(village=village, title=DRAFT_TITLE).exists():
        services.meeting_convene(
            actor=head,
            draft=services.MeetingDraft(
                village=village,
                title=DRAFT_TITLE,
                starts_at=_at(timezone.localdate() + dt.timedelta(days=6), 19),
                location=f"Nhà văn hóa {village.name}",
                items=[
                    services.ItemSpec(title="Bầu tổ hòa giải thôn", kind=AgendaItem.Kind.DISCUSS),
                    services.ItemSpec(title="Lịch tổng vệ sinh đường làng", kind=AgendaItem.Kind.INFORM),
                ],
            ),
        )
    if not Election.objects.filter(village=village, paper=False).exists():
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
    _paper_election(village, head, people["commune_chairman"])
