"""Objects of meetings for the access matrix: in the unit's village, a meeting held now (notice sent,
opened) with an item decided by a show of hands and one by secret ballot (a returned opinion slip
recorded on it), a village-head election by paper ballot with its candidates, a proposal to dismiss the village head, and two village conventions, one with a draft
version and one with a version open for comments (on its consultation)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from danchu.meetings import services
from danchu.meetings.models import AgendaItem, Election
from danchu.places.tests import factories as pf

API = "api:/api/v1/meetings"
MEETING_PAGES = (
    "detail",
    "quorum",
    "notice",
    "notice_audio",
    "cards",
    "checkin",
    "send_notice",
    "open",
    "close",
    "confirm_minutes",
    "publish",
    "minutes_docx",
    "minutes_pdf",
    "cancel",
)
ITEM_PAGES = (
    "item_hands",
    "item_secret",
    "item_slip",
    "item_confirm",
    "item_online_vote",
    "item_online_open",
    "item_online_close",
)
ELECTION_PAGES = (
    "election",
    "election_vote",
    "election_open",
    "election_close",
    "election_tally",
    "election_recognise",
    "election_receipt",
    "election_team",
    "election_box",
    "election_count_minutes",
)
DISMISSAL_PAGES = ("dismissal", "dismissal_agenda", "dismissal_decide")
VERSION_PAGES = (
    "version",
    "version_open",
    "version_amend",
    "version_adopt",
    "version_submit",
    "version_recognise",
    "version_refuse",
)
MEETING_API = (
    "",
    "/checkins",
    "/close",
    "/quorum",
    "/notice-send",
    "/meeting-open",
    "/minutes-confirm",
    "/minutes-publish",
    "/cancel",
)
ITEM_API = ("hands", "secret", "slips", "confirm", "online-open", "online-close", "online-votes")
ELECTION_API = (
    "",
    "/open",
    "/close",
    "/tally",
    "/recognise",
    "/ballots",
    "/receipts/{code}",
    "/rerun",
    "/team",
    "/boxes",
)
DISMISSAL_API = ("", "/agenda", "/decide")
VERSION_API = ("", "/adopt", "/amend", "/open", "/recognise", "/submit")


def _meeting(village: Any, officer: Any) -> Any:
    for n in range(1, 4):
        pf.household_with_head(village, number=f"9{n:02d}")
    meeting = services.meeting_convene(
        actor=officer,
        draft=services.MeetingDraft(
            village=village,
            title="Hội nghị thôn bàn việc làm đường bê tông liên xóm",
            starts_at=timezone.now() + dt.timedelta(days=7),
            location=f"Nhà văn hóa {village.name}",
            items=[
                services.ItemSpec(
                    title="Mức đóng góp làm đường bê tông liên xóm",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=1,
                    method=AgendaItem.Method.HANDS,
                ),
                services.ItemSpec(
                    title="Quy chế quản lý nhà văn hóa",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=6,
                    method=AgendaItem.Method.SECRET,
                ),
            ],
        ),
    )
    services.notice_send(actor=officer, meeting=meeting, now=timezone.now() - dt.timedelta(days=1))
    return services.meeting_open(actor=officer, meeting=meeting)


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    meeting = _meeting(village, officer)
    hands, secret = meeting.items.filter(kind=AgendaItem.Kind.DECIDE).order_by("order")
    services.slip_record(actor=officer, item=secret, code="901", choice="for")
    election = services.election_plan(
        actor=officer,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate(),
        candidates=["Đặng Văn Hùng", "Hà Thị Mai"],
        paper=True,
    )
    dismissal = services.dismissal_propose(
        actor=officer,
        village=village,
        holder_name="Đặng Văn Hùng",
        trigger="own_request",
        reason="Xin thôi làm vì lý do sức khỏe.",
        proposer_name="Đặng Văn Hùng",
    )
    v1 = services.convention_draft(
        actor=officer,
        village=village,
        title=f"Hương ước {village.name}",
        text="Điều 1. Không thả rông gia súc trên đường liên thôn, liên xóm.",
    )
    v2 = services.convention_draft(
        actor=officer,
        village=village,
        title=f"Quy ước giữ gìn vệ sinh môi trường {village.name}",
        text="Điều 1. Rác thải sinh hoạt được phân loại và để đúng nơi quy định vào ngày thu gom.",
    )
    services.version_open_comments(actor=officer, version=v2)
    values = {f"meetings:{name}:pk": str(meeting.pk) for name in MEETING_PAGES}
    values |= {f"meetings:{name}:pk": str(meeting.pk) for name in ITEM_PAGES}
    values |= {f"meetings:{name}:item_pk": str(hands.pk) for name in ITEM_PAGES}
    values["meetings:item_secret:item_pk"] = str(secret.pk)
    values["meetings:item_slip:item_pk"] = str(secret.pk)
    values |= {f"meetings:{name}:pk": str(election.pk) for name in ELECTION_PAGES}
    values |= {f"meetings:{name}:pk": str(dismissal.pk) for name in DISMISSAL_PAGES}
    values |= {f"meetings:{name}:pk": str(v1.pk) for name in VERSION_PAGES}
    values |= {f"{API}/{{pk}}{tail}:pk": str(meeting.pk) for tail in MEETING_API}
    values |= {f"{API}/items/{{pk}}/{tail}:pk": str(hands.pk) for tail in ITEM_API}
    values[f"{API}/items/{{pk}}/secret:pk"] = str(secret.pk)
    values[f"{API}/items/{{pk}}/slips:pk"] = str(secret.pk)
    values |= {f"{API}/elections/{{pk}}{tail}:pk": str(election.pk) for tail in ELECTION_API}
    values[f"{API}/elections/{{pk}}/receipts/{{code}}:code"] = "KHONGCO"
    values |= {f"{API}/dismissals/{{pk}}{tail}:pk": str(dismissal.pk) for tail in DISMISSAL_API}
    values |= {f"{API}/conventions/{{pk}}{tail}:pk": str(v1.pk) for tail in VERSION_API}
    return values
