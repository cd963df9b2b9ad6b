"""A village meeting through the services and the API: convening, notice, check-in, counts,
thresholds against all registered households, minutes, and the refusals of the bad-input list."""

from __future__ import annotations

import datetime as dt
import shutil
import uuid
from typing import Any

import pytest
from django.utils import timezone

from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.models import AuditEntry
from danchu.meetings import services
from danchu.meetings.models import AgendaItem, Attendance, HouseholdVote, Meeting
from danchu.meetings.services.decisions import BoxCount

from .conftest import open_meeting

pytestmark = pytest.mark.django_db


def checkin_n(meeting: Any, actor: Any, households: list[Any]) -> None:
    for h in households:
        services.checkin(actor=actor, meeting=meeting, code=h.number)


def test_convene_records_agenda_and_decide_items_name_their_matter(meeting: Any) -> None:
    kinds = list(meeting.items.values_list("kind", "matter"))
    assert kinds == [("inform", None), ("decide", 1), ("decide", 6)]


def test_decide_item_without_matter_is_refused(village_head: Any, village: Any) -> None:
    with pytest.raises(DomainError, match="six matters"):
        services.meeting_convene(
            actor=village_head,
            draft=services.MeetingDraft(
                village=village,
                title="Họp",
                starts_at=timezone.now(),
                location="Nhà văn hóa",
                items=[services.ItemSpec(title="Đóng góp", kind="decide")],
            ),
        )
    assert not Meeting.objects.exists()


def test_village_head_cannot_convene_in_another_village(village_head: Any, other_village: Any) -> None:
    with pytest.raises(Forbidden):
        services.meeting_convene(
            actor=village_head,
            draft=services.MeetingDraft(
                village=other_village, title="Họp", starts_at=timezone.now(), location="X"
            ),
        )


def test_chairman_designates_a_convener_when_the_post_is_vacant(
    chairman: Any, citizen: Any, village: Any
) -> None:
    m = services.meeting_convene(
        actor=chairman,
        draft=services.MeetingDraft(
            village=village,
            title="Họp bầu trưởng thôn",
            starts_at=timezone.now() + dt.timedelta(days=9),
            location="Nhà văn hóa",
            convener=citizen,
            designation_reason="Trưởng thôn nghỉ việc, khuyết chức danh",
        ),
    )
    assert m.convener == citizen and m.designated_by == chairman
    assert "khuyết" in m.designation_reason


def test_notice_goes_to_representatives_and_period_is_shown(
    meeting: Any, village_head: Any, rep_of: Any, households: Any, mailoutbox: Any, settings: Any
) -> None:
    rep = rep_of(households[0], "Nguyễn Văn Bình")
    m = services.notice_send(actor=village_head, meeting=meeting)
    assert m.notified_count == 1 and m.notice_days_required == 5
    [message] = mailoutbox
    assert message.to == [rep.email]
    assert f"{settings.SITE_URL}/meetings/{m.pk}/" in message.body  # an absolute link to the meeting
    from danchu.meetings.queries import notice_respected

    assert notice_respected(m) is True  # seven days ahead
    m.starts_at = m.notice_sent_at + dt.timedelta(days=3)
    assert notice_respected(m) is False


def test_repeat_checkin_is_a_no_op(meeting: Any, village_head: Any, households: Any) -> None:
    open_meeting(meeting, village_head)
    key = str(uuid.uuid4())
    _a, created = services.checkin(
        actor=village_head, meeting=meeting, code=households[0].number, client_uuid=key
    )
    _b, again = services.checkin(
        actor=village_head, meeting=meeting, code=households[0].number, client_uuid=key
    )
    assert created and not again
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_checkin_of_household_of_another_village_is_refused(
    meeting: Any, village_head: Any, other_village: Any
) -> None:
    from danchu.places.tests import factories as pf

    stranger = pf.household_with_head(other_village, number="999")
    open_meeting(meeting, village_head)
    with pytest.raises(DomainError, match="No household 999"):
        services.checkin(actor=village_head, meeting=meeting, code=stranger.number)
    with pytest.raises(DomainError, match="another village"):
        services.checkin(actor=village_head, meeting=meeting, code=f"HH:{other_village.code}:999")


def test_household_registered_after_the_meeting_day_is_not_on_the_roster(
    meeting: Any, village_head: Any, village: Any
) -> None:
    from danchu.places.tests import factories as pf

    late = pf.household_with_head(
        village, number="777", registered_on=meeting.meeting_day + dt.timedelta(days=1)
    )
    open_meeting(meeting, village_head)
    with pytest.raises(DomainError, match="No household 777"):
        services.checkin(actor=village_head, meeting=meeting, code=late.number)


def test_quorum_text_counts_against_registered_households(
    meeting: Any, village_head: Any, households: Any
) -> None:
    open_meeting(meeting, village_head)
    checkin_n(meeting, village_head, households[:6])
    from danchu.meetings.queries import quorum

    q = quorum(meeting)
    assert (q.present, q.total, q.reached) == (6, 10, True)
    assert q.text.startswith("6/10")


def test_item_passes_only_over_half_of_all_households(
    meeting: Any, village_head: Any, households: Any
) -> None:
    open_meeting(meeting, village_head)
    checkin_n(meeting, village_head, households[:8])
    item = meeting.items.get(order=2)
    services.item_count_hands(actor=village_head, item=item, votes_for=5, votes_against=2, abstentions=1)
    item = services.item_confirm(actor=village_head, item=item)
    assert item.passed is False  # 5/10 is not MORE than 50% of all households, though 5/8 of those present
    assert "5/10" in item.outcome


def test_slip_from_absent_household_is_combined_and_second_slip_is_refused(
    meeting: Any, village_head: Any, households: Any
) -> None:
    open_meeting(meeting, village_head)
    checkin_n(meeting, village_head, households[:8])
    item = meeting.items.get(order=2)
    services.item_count_hands(actor=village_head, item=item, votes_for=5, votes_against=3, abstentions=0)
    services.slip_record(actor=village_head, item=item, code=households[9].number, choice="for")
    with pytest.raises(Conflict, match="first vote is kept"):
        services.slip_record(actor=village_head, item=item, code=households[9].number, choice="against")
    with pytest.raises(Conflict, match="attended"):
        services.slip_record(actor=village_head, item=item, code=households[0].number, choice="for")
    assert HouseholdVote.objects.get(item=item).choice == "for"
    item = services.item_confirm(actor=village_head, item=item)
    assert item.passed is True and "6/10" in item.outcome


def test_household_that_voted_by_slip_then_came_does_not_vote_again_by_hands(
    meeting: Any, village_head: Any, households: Any, client: Any
) -> None:
    open_meeting(meeting, village_head)
    checkin_n(meeting, village_head, households[:8])
    item = meeting.items.get(order=2)
    services.slip_record(actor=village_head, item=item, code=households[9].number, choice="for")
    services.checkin(actor=village_head, meeting=meeting, code=households[9].number)  # came late
    with pytest.raises(
        DomainError, match="1 of those present already voted|1 hộ có mặt đã biểu quyết"
    ) as refused:
        services.item_count_hands(actor=village_head, item=item, votes_for=6, votes_against=3, abstentions=0)
    assert refused.value.code == "too_many_votes"
    assert AgendaItem.objects.get(pk=item.pk).status == AgendaItem.Status.PENDING
    client.force_login(village_head)
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "1 hộ có mặt đã biểu quyết nội dung này bằng phiếu lấy ý kiến hoặc trực tuyến" in page
    services.item_count_hands(actor=village_head, item=item, votes_for=5, votes_against=3, abstentions=0)
    item = services.item_confirm(actor=village_head, item=item)
    assert (item.votes_for, item.slips_for) == (5, 1) and item.passed is True and "6/10" in item.outcome


def test_one_vote_per_household_and_item_is_a_database_constraint(
    meeting: Any, village_head: Any, households: Any
) -> None:
    from django.db import IntegrityError, transaction

    item = meeting.items.get(order=2)
    HouseholdVote.objects.create(item=item, household=households[0], channel="slip", choice="for")
    with pytest.raises(IntegrityError), transaction.atomic():
        HouseholdVote.objects.create(item=item, household=households[0], channel="online", choice="against")


def test_more_votes_than_households_present_is_refused(
    meeting: Any, village_head: Any, households: Any
) -> None:
    open_meeting(meeting, village_head)
    checkin_n(meeting, village_head, households[:3])
    item = meeting.items.get(order=2)
    with pytest.raises(DomainError, match="only 3"):
        services.item_count_hands(actor=village_head, item=item, votes_for=4, votes_against=0, abstentions=0)
    assert AgendaItem.objects.get(pk=item.pk).status == "pending"


def test_secret_ballot_needs_a_team_of_three_to_five(
    meeting: Any, village_head: Any, households: Any
) -> None:
    open_meeting(meeting, village_head)
    checkin_n(meeting, village_head, households[:9])
    item = meeting.items.get(order=3)
    with pytest.raises(DomainError, match="3 to 5"):
        services.item_count_secret(
            actor=village_head, item=item, team=["A", "B"], boxes=[BoxCount("Hòm 1", 6, 2)]
        )
    item = services.item_count_secret(
        actor=village_head,
        item=item,
        team=["Lê Văn A", "Trần Thị B", "Phạm Văn C"],
        boxes=[BoxCount("Hòm 1", 4, 1, 1, 0), BoxCount("Hòm 2", 3, 0, 0, 0)],
        team_minutes="Kiểm phiếu đúng quy định.",
    )
    assert (item.votes_for, item.votes_against, item.spoilt) == (7, 1, 1)
    item = services.item_confirm(actor=village_head, item=item)
    assert item.passed is True and "7/10" in item.outcome
    with pytest.raises(Conflict, match="already decided"):
        services.item_count_hands(actor=village_head, item=item, votes_for=1, votes_against=0, abstentions=0)


def test_minutes_cannot_be_confirmed_while_an_item_lacks_a_result(
    meeting: Any, village_head: Any, households: Any
) -> None:
    open_meeting(meeting, village_head)
    services.meeting_close(actor=village_head, meeting=meeting, secretary_name="Nguyễn Thị Thư Ký")
    with pytest.raises(Conflict, match="no result"):
        services.minutes_confirm(actor=village_head, meeting=meeting)
    assert Meeting.objects.get(pk=meeting.pk).status == "closed"


def _decide_all(meeting: Any, actor: Any, households: Any) -> None:
    open_meeting(meeting, actor)
    checkin_n(meeting, actor, households[:8])
    for item in meeting.items.filter(kind="decide"):
        services.item_count_hands(actor=actor, item=item, votes_for=7, votes_against=1, abstentions=0)
        services.item_confirm(actor=actor, item=item)
    services.meeting_close(actor=actor, meeting=meeting, secretary_name="Nguyễn Thị Thư Ký")


def test_confirmed_minutes_are_published_by_commune_staff(
    meeting: Any, village_head: Any, officer: Any, households: Any
) -> None:
    from danchu.disclosures.models import Disclosure

    _decide_all(meeting, village_head, households)
    m = services.minutes_confirm(actor=village_head, meeting=meeting)
    assert m.status == "confirmed" and m.disclosure_id is None  # the village head does not publish
    m = services.minutes_publish(actor=officer, meeting=m)
    d = Disclosure.objects.get(pk=m.disclosure_id)
    assert d.status == "published" and list(d.villages.all()) == [meeting.village]
    assert "7/10" in d.body


def test_staff_are_told_and_see_a_to_do_when_a_village_head_confirms_the_minutes(
    meeting: Any,
    village_head: Any,
    officer: Any,
    chairman: Any,
    other_commune: Any,
    households: Any,
    client_as: Any,
) -> None:
    from django.core import mail

    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role
    from danchu.core.home import todos_for

    def to_publish(person: Any) -> int:
        return next((t["count"] for t in todos_for(person) if t["key"] == "meetings.minutes_to_publish"), 0)

    other_officer = person_with_role(Role.COMMUNE_OFFICER, other_commune, full_name="Lê Văn Xã Khác")
    _decide_all(meeting, village_head, households)
    mail.outbox.clear()
    m = services.minutes_confirm(actor=village_head, meeting=meeting)
    told = {address for message in mail.outbox for address in message.to}
    assert "Biên bản chờ công khai" in mail.outbox[0].subject
    assert {officer.email, chairman.email} <= told and village_head.email not in told
    assert other_officer.email not in told  # another commune's staff
    assert (to_publish(officer), to_publish(chairman), to_publish(other_officer)) == (1, 1, 0)
    page = client_as(officer).get("/meetings/").content.decode()
    assert "chờ công khai" in page
    services.minutes_publish(actor=officer, meeting=m)
    assert to_publish(officer) == 0
    assert "chờ công khai" not in client_as(officer).get("/meetings/").content.decode()


def test_minutes_are_published_in_vietnamese_whatever_language_the_officer_reads(
    meeting: Any, village_head: Any, officer: Any, households: Any
) -> None:
    """The published minutes are the village's public record; the officer's reading language is theirs."""
    from django.utils import translation

    from danchu.disclosures.models import Disclosure

    _decide_all(meeting, village_head, households)
    m = services.minutes_confirm(actor=village_head, meeting=meeting)
    with translation.override("en"):
        m = services.minutes_publish(actor=officer, meeting=m)
    d = Disclosure.objects.get(pk=m.disclosure_id)
    assert d.title.startswith("Nghị quyết hội nghị: "), d.title
    assert d.body.startswith(f"Hội nghị {meeting.village.name} ngày "), d.body


def test_minutes_confirmed_by_commune_officer_publish_automatically(
    meeting: Any, officer: Any, households: Any
) -> None:
    _decide_all(meeting, officer, households)
    m = services.minutes_confirm(actor=officer, meeting=meeting)
    assert m.disclosure_id is not None


def test_minutes_docx_and_pdf(meeting: Any, village_head: Any, households: Any, client_as: Any) -> None:
    _decide_all(meeting, village_head, households)
    c = client_as(village_head)
    docx = c.get(f"/meetings/{meeting.pk}/minutes.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = c.get(f"/meetings/{meeting.pk}/minutes.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"


# --- API and access ---------------------------------------------------------------------------------


def test_api_checkin_with_token_is_idempotent(
    meeting: Any, village_head: Any, households: Any, client: Any, token_for: Any
) -> None:
    open_meeting(meeting, village_head)
    headers = token_for(village_head)
    body = {"code": households[0].number, "uuid": str(uuid.uuid4())}
    url = f"/api/v1/meetings/{meeting.pk}/checkins"
    first = client.post(url, body, content_type="application/json", **headers)
    second = client.post(url, body, content_type="application/json", **headers)
    assert first.status_code == 200 and first.json()["created"] is True
    assert second.status_code == 200 and second.json()["created"] is False
    assert Attendance.objects.filter(meeting=meeting).count() == 1


def test_api_checkin_through_session_requires_csrf(
    meeting: Any, village_head: Any, households: Any, browser_as: Any
) -> None:
    open_meeting(meeting, village_head)
    b = browser_as(village_head)
    url = f"/api/v1/meetings/{meeting.pk}/checkins"
    r = b.post(url, {"code": households[0].number}, content_type="application/json")
    assert r.status_code == 403
    r = b.api("post", url, {"code": households[0].number})
    assert r.status_code == 200


def test_outsider_gets_404_for_a_meeting_that_exists(
    meeting: Any, outsider: Any, client: Any, token_for: Any, client_as: Any
) -> None:
    r = client.get(f"/api/v1/meetings/{meeting.pk}", **token_for(outsider))
    assert r.status_code == 404
    r = client.post(
        f"/api/v1/meetings/{meeting.pk}/checkins",
        {"code": "101"},
        content_type="application/json",
        **token_for(outsider),
    )
    assert r.status_code in (403, 404)
    assert client_as(outsider).get(f"/meetings/{meeting.pk}/").status_code == 404


def test_api_refuses_nul_bytes_and_over_long_input(
    village_head: Any, village: Any, client: Any, token_for: Any
) -> None:
    headers = token_for(village_head)
    base = {"village": village.code, "starts_at": "2026-12-20T08:00:00+07:00", "location": "Nhà văn hóa"}
    r = client.post(
        "/api/v1/meetings/", {**base, "title": "Họp\x00"}, content_type="application/json", **headers
    )
    assert r.status_code in (400, 422) and "message" in r.json()
    r = client.post(
        "/api/v1/meetings/", {**base, "title": "x" * 300}, content_type="application/json", **headers
    )
    assert r.status_code == 422
    assert not Meeting.objects.exists()


def test_api_second_slip_is_a_409_with_message(
    meeting: Any, village_head: Any, households: Any, client: Any, token_for: Any
) -> None:
    open_meeting(meeting, village_head)
    item = meeting.items.get(order=2)
    services.item_count_hands(actor=village_head, item=item, votes_for=0, votes_against=0, abstentions=0)
    headers = token_for(village_head)
    url = f"/api/v1/meetings/items/{item.pk}/slips"
    assert (
        client.post(
            url, {"code": households[5].number, "choice": "for"}, content_type="application/json", **headers
        ).status_code
        == 201
    )
    r = client.post(
        url, {"code": households[5].number, "choice": "against"}, content_type="application/json", **headers
    )
    assert r.status_code == 409 and "giữ nguyên lần biểu quyết đầu tiên" in r.json()["message"]


def test_household_rep_sees_own_attendance_not_office(
    meeting: Any, village_head: Any, households: Any, rep_of: Any, client_as: Any
) -> None:
    rep = rep_of(households[0], "Nguyễn Văn Bình")
    open_meeting(meeting, village_head)
    services.checkin(actor=village_head, meeting=meeting, code=households[0].number)
    c = client_as(rep)
    page = c.get(f"/meetings/{meeting.pk}/")
    assert page.status_code == 200
    assert f"Hộ {households[0].number} của bạn: có đại diện dự họp" in page.content.decode()
    assert c.get(f"/meetings/{meeting.pk}/checkin/").status_code == 404
    assert c.get("/meetings/mine/").status_code == 200


def test_public_village_page(meeting: Any, client: Any, village: Any) -> None:
    assert client.get(f"/meetings/village/{village.code}/").status_code == 200


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_notice_is_read_out_for_the_loudspeakers(
    meeting: Any, village_head: Any, settings: Any, client_as: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.MEETINGS_NOTICE_AUDIO = True
    with django_capture_on_commit_callbacks(execute=True):
        services.notice_send(actor=village_head, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.notice_audio.name.startswith("meetings/notices/")
    c = client_as(village_head)
    page = c.get(f"/meetings/{meeting.pk}/notice/").content.decode()
    assert "Kính thưa bà con các hộ gia đình Thôn 1" in page and "<audio" in page
    audio = c.get(f"/meetings/{meeting.pk}/notice-audio/")
    assert audio.status_code == 200 and len(b"".join(audio.streaming_content)) > 1000


def test_office_and_meeting_pages_do_not_grow_queries_with_rows(
    meeting: Any,
    village_head: Any,
    village: Any,
    households: Any,
    client_as: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(5):
        services.meeting_convene(
            actor=village_head,
            draft=services.MeetingDraft(
                village=village,
                title=f"Họp tổ {n}",
                starts_at=timezone.now() + dt.timedelta(days=8),
                location="Nhà văn hóa",
            ),
        )
    open_meeting(meeting, village_head)
    checkin_n(meeting, village_head, households)
    c = client_as(village_head)
    with django_assert_max_num_queries(15):
        assert c.get("/meetings/").status_code == 200
    with django_assert_max_num_queries(25):
        assert c.get(f"/meetings/{meeting.pk}/").status_code == 200


def test_meeting_list_api_reads_a_fixed_number_of_queries_whatever_the_number_of_meetings(
    village_head: Any, village: Any, households: Any, client: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from danchu.meetings.queries import quorum

    def convene(n: int) -> None:
        for i in range(n):
            m = services.meeting_convene(
                actor=village_head,
                draft=services.MeetingDraft(
                    village=village,
                    title=f"Họp thôn lần {i}",
                    starts_at=timezone.now() + dt.timedelta(days=9),
                    location="Nhà văn hóa",
                    items=[services.ItemSpec(title="Đóng góp làm đường", kind="decide", matter=6)],
                ),
            )
            open_meeting(m, village_head)
            checkin_n(m, village_head, households[: i + 1])

    client.force_login(village_head)
    convene(2)
    client.get("/api/v1/meetings/")  # the session's first request reads more (its sign-in checks)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get("/api/v1/meetings/").json()) == 2
    convene(6)
    with CaptureQueriesContext(connection) as many:
        listed = client.get("/api/v1/meetings/").json()
    assert len(listed) == 8 and len(many.captured_queries) == len(few.captured_queries)
    for row in listed:  # the same figures as each meeting's own quorum
        q = quorum(Meeting.objects.get(pk=row["id"]))
        assert (row["present"], row["roster_size"], row["quorum_reached"]) == (q.present, q.total, q.reached)
    assert sorted(r["present"] for r in listed) == [1, 1, 2, 2, 3, 4, 5, 6]
    # In pages, never cut: the list stopped at 200 (at 50 for a resident's) without a word.
    first = client.get("/api/v1/meetings/", {"limit": 3})
    assert len(first.json()) == 3 and first["X-Total-Count"] == "8" and 'rel="next"' in first["Link"]
    pages, url = [], first["Link"].split(">")[0].lstrip("<")
    while url:
        page = client.get(url)
        pages += page.json()
        url = page["Link"].split(">")[0].lstrip("<") if page.get("Link") else ""
    assert sorted(r["id"] for r in first.json() + pages) == sorted(r["id"] for r in listed)
    assert client.get("/api/v1/meetings/", {"limit": 501}).status_code == 422


def test_a_meeting_whose_start_passed_unopened_is_flagged_on_its_page_and_the_list(
    meeting: Any, village_head: Any, client_as: Any
) -> None:
    c = client_as(village_head)
    assert 'id="not-held"' not in c.get(f"/meetings/{meeting.pk}/").content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    page = c.get(f"/meetings/{meeting.pk}/").content.decode()
    assert 'id="not-held"' in page and "chưa gửi thông báo triệu tập" in page
    assert "đã quá giờ họp, chưa khai mạc" in c.get("/meetings/").content.decode()
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() + dt.timedelta(days=7))
    services.notice_send(actor=village_head, meeting=meeting)
    Meeting.objects.filter(pk=meeting.pk).update(starts_at=timezone.now() - dt.timedelta(hours=2))
    assert "chưa khai mạc: hãy khai mạc" in c.get(f"/meetings/{meeting.pk}/").content.decode()
    services.meeting_open(actor=village_head, meeting=Meeting.objects.get(pk=meeting.pk))
    assert 'id="not-held"' not in c.get(f"/meetings/{meeting.pk}/").content.decode()


def test_who_may_not_publish_minutes_learns_nothing_of_their_state(
    meeting: Any, village_head: Any, officer: Any, households: Any, client: Any, token_for: Any
) -> None:
    """The right is checked before the state: a village head's token got 409 "already published" or
    "not confirmed" (the minutes' state) where the act itself is not theirs."""
    url = f"/api/v1/meetings/{meeting.pk}/minutes-publish"
    headers = token_for(village_head)
    r = client.post(url, content_type="application/json", **headers)
    assert r.status_code == 403, r.content  # not confirmed yet: still 403, not 409 not_confirmed
    _decide_all(meeting, village_head, households)
    services.minutes_confirm(actor=village_head, meeting=meeting)
    assert client.post(url, content_type="application/json", **headers).status_code == 403
    published = client.post(url, content_type="application/json", **token_for(officer))
    assert published.status_code == 200, published.content
    again = client.post(url, content_type="application/json", **headers)
    assert again.status_code == 403 and again.json()["code"] != "published"
    assert (
        client.post(url, content_type="application/json", **token_for(officer)).json()["code"] == "published"
    )


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("hands", {"votes_for": "năm", "votes_against": "2", "abstentions": "1"}),
        ("slip", {"code": "", "choice": "for"}),
    ],
)
def test_a_count_that_does_not_validate_is_a_400_with_the_meeting_page(
    meeting: Any, village_head: Any, households: Any, browser_as: Any, action: str, data: dict[str, str]
) -> None:
    """A count typed wrong was a redirect to the meeting (200) with the message: now the page again,
    400, and nothing counted."""
    open_meeting(meeting, village_head)
    checkin_n(meeting, village_head, households[:8])
    item = meeting.items.get(order=2)
    client = browser_as(village_head)
    page = f"/meetings/{meeting.pk}/"
    written = AuditEntry.objects.count()
    r = client.post_form(f"{page}items/{item.pk}/{action}/", data, HTTP_REFERER="http://testserver" + page)
    assert r.status_code == 400
    assert meeting.title in r.content.decode()
    assert AuditEntry.objects.count() == written and not HouseholdVote.objects.filter(item=item).exists()


def test_both_minutes_state_the_counts_of_each_decided_item_and_none_for_an_item_not_voted_on(
    meeting: Any, village_head: Any, households: Any
) -> None:
    """The PDF left the counts out; the DOCX printed zeros for an item never voted on."""
    from django.template.loader import render_to_string
    from django.utils import translation

    from danchu.meetings import minutes
    from danchu.reporting.tests.documents import docx_text

    open_meeting(meeting, village_head)
    checkin_n(meeting, village_head, households[:8])
    hands = meeting.items.get(method="hands")
    services.item_count_hands(actor=village_head, item=hands, votes_for=7, votes_against=1, abstentions=0)
    services.item_confirm(actor=village_head, item=hands)
    services.meeting_close(actor=village_head, meeting=meeting, secretary_name="Nguyễn Thị Thư Ký")
    meeting.refresh_from_db()
    with translation.override("vi"):
        html = render_to_string("meetings/minutes.html", minutes.context(meeting))
        docx = docx_text(minutes.docx_bytes(meeting))
    for document in (html, docx):
        assert "Tán thành 7, không tán thành 1, không biểu quyết 0" in document
        assert "Tán thành 0," not in document  # the secret-ballot item was never voted on


@pytest.mark.parametrize("code", ["", "   ", "HH:24181-001:"])
def test_checking_in_without_a_code_asks_for_one(
    meeting: Any, village_head: Any, client: Any, token_for: Any, code: str
) -> None:
    """It answered "No household  in the list of Thôn 1" — an empty name and a double space."""
    open_meeting(meeting, village_head)
    body = {"code": code, "uuid": str(uuid.uuid4())}
    r = client.post(
        f"/api/v1/meetings/{meeting.pk}/checkins",
        body,
        content_type="application/json",
        **token_for(village_head),
    )
    assert 400 <= r.status_code < 500 and not Attendance.objects.filter(meeting=meeting).exists()
    if code:  # "" is refused by the body's own rule (422, naming the field)
        assert r.status_code == 400 and r.json()["message"] == "Hãy nhập mã hộ hoặc quét thẻ của hộ."
