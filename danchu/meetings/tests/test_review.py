"""Acceptance review: a repeated notice keeps the legal date of the first, a failed election is
re-run once, the back office's lists page instead of dropping old rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.core.errors import Conflict
from danchu.core.testing import open_election
from danchu.meetings import queries, services
from danchu.meetings.models import Election, Meeting

pytestmark = pytest.mark.django_db


def test_sending_the_notice_again_keeps_the_date_of_the_first_notice(
    meeting: Any, village_head: Any, rep_of: Any, households: Any, mailoutbox: Any
) -> None:
    rep_of(households[0], "Trần Thị Hoa")
    first = timezone.now()
    services.notice_send(actor=village_head, meeting=meeting, now=first)
    assert queries.notice_respected(Meeting.objects.get(pk=meeting.pk)) is True  # seven days ahead
    # Two days before the meeting the village head sends it again as a reminder (or clicks twice).
    again = meeting.starts_at - dt.timedelta(days=2)
    m = services.notice_send(actor=village_head, meeting=meeting, now=again)
    assert m.notice_sent_at == first  # the legal fact: the notice went out seven days ahead
    assert queries.notice_respected(Meeting.objects.get(pk=meeting.pk)) is True
    assert len(mailoutbox) == 2  # the reminder still reaches the representatives
    from danchu.core.models import AuditEntry

    actions = list(
        AuditEntry.objects.filter(
            object_id=str(meeting.pk), action__startswith="meetings.notice"
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == ["meetings.notice_resend", "meetings.notice_send"]


@pytest.fixture
def failed(village_head: Any, village: Any, households: Any) -> Election:
    """A village head election in which nobody was elected (no ballot reached half the roster)."""
    e = services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=1),
        candidates=["Lê Văn Tâm", "Phạm Thị Lan"],
    )
    open_election(services.election_open, actor=village_head, election=e)
    services.election_close(actor=village_head, election=e)
    e = services.election_tally(actor=village_head, election=e)
    assert e.status == Election.Status.FAILED
    return e


def test_the_village_head_plans_the_re_election_on_the_page_once(
    failed: Election, village_head: Any, browser_as: Any, client: Any, token_for: Any
) -> None:
    c = browser_as(village_head)
    page = c.get(f"/meetings/elections/{failed.pk}/")
    assert f"/meetings/elections/{failed.pk}/rerun/" in page.content.decode()
    day = (failed.election_day + dt.timedelta(days=10)).isoformat()
    r = c.post_form(f"/meetings/elections/{failed.pk}/rerun/", {"election_day": day})
    [again] = Election.objects.filter(rerun_of=failed)
    assert r.status_code == 302 and r["Location"] == f"/meetings/elections/{again.pk}/"
    assert list(again.candidates.values_list("full_name", flat=True)) == ["Lê Văn Tâm", "Phạm Thị Lan"]
    page = c.get(f"/meetings/elections/{failed.pk}/").content.decode()
    assert f"/meetings/elections/{again.pk}/" in page and 'id="rerun-form"' not in page
    # A second click (or the API) does not plan a second re-election.
    r = c.post_form(
        f"/meetings/elections/{failed.pk}/rerun/",
        {"election_day": day},
        HTTP_REFERER=f"/meetings/elections/{failed.pk}/",
    )
    assert r.status_code == 409
    assert "Cuộc bầu cử lại của cuộc bầu cử này đã được lập kế hoạch." in r.content.decode()
    with pytest.raises(Conflict) as refused:
        services.election_rerun(actor=village_head, election=failed, election_day=dt.date.fromisoformat(day))
    assert refused.value.code == "rerun_exists"
    api = client.post(
        f"/api/v1/meetings/elections/{failed.pk}/rerun",
        {"election_day": day},
        content_type="application/json",
        **token_for(village_head),
    )
    assert api.status_code == 409
    assert Election.objects.filter(rerun_of=failed).count() == 1


def test_a_re_election_day_that_is_not_a_date_is_refused_with_a_message(
    failed: Election, village_head: Any, browser_as: Any
) -> None:
    c = browser_as(village_head)
    for bad in ("", "31/12/2026", "2026-02-30", "\x00"):
        r = c.post_form(
            f"/meetings/elections/{failed.pk}/rerun/",
            {"election_day": bad},
            HTTP_REFERER=f"/meetings/elections/{failed.pk}/",
        )
        page = r.content.decode()  # the election's page again, its form and the message on it
        assert r.status_code == 400, bad
        assert "Nhập ngày bầu cử lại." in page and 'id="rerun-form"' in page, bad
    assert not Election.objects.filter(rerun_of=failed).exists()


def test_another_commune_cannot_plan_the_re_election(
    failed: Election, outsider: Any, browser_as: Any
) -> None:
    day = (failed.election_day + dt.timedelta(days=5)).isoformat()
    r = browser_as(outsider).post_form(f"/meetings/elections/{failed.pk}/rerun/", {"election_day": day})
    assert r.status_code == 404
    assert not Election.objects.filter(rerun_of=failed).exists()


def test_the_back_office_pages_its_meetings_and_reaches_the_oldest(
    village_head: Any, village: Any, client_as: Any
) -> None:
    start = timezone.now() - dt.timedelta(days=3000)
    Meeting.objects.bulk_create(
        Meeting(
            village=village,
            title=f"Họp thôn lần {n}",
            starts_at=start + dt.timedelta(days=n),
            location="Nhà văn hóa",
            convener=village_head,
        )
        for n in range(230)
    )
    c = client_as(village_head)
    first = c.get("/meetings/").content.decode()
    assert "Họp thôn lần 229<" in first and "Họp thôn lần 0<" not in first
    assert "?page=2" in first
    last = c.get("/meetings/?page=5").content.decode()
    assert "Họp thôn lần 0<" in last  # the oldest meeting, dropped by the old cut at 200
    for bad, status in (("abc", 400), ("-1", 400), ("99999", 404)):  # said, not page 1 or the last shown
        assert c.get("/meetings/", {"page": bad}).status_code == status
        assert c.get("/meetings/", {"epage": bad}).status_code == status
    assert c.get("/meetings/", {"page": "\x00"}).status_code == 400  # a NUL in any page's address


def test_my_village_page_title_is_plain_text_and_lists_elections_once(
    failed: Election, household_rep: Any, client_as: Any
) -> None:
    import re

    html = client_as(household_rep).get("/meetings/mine/").content.decode()
    [title] = re.findall(r"<title>(.*?)</title>", html, re.S)
    assert "<" not in title  # the elections' list had slipped into the page's <title>
    assert html.count(f"/meetings/elections/{failed.pk}/") == 1


def test_a_convened_meeting_is_cancelled_with_its_reason_and_the_households_are_told(
    meeting: Any,
    village_head: Any,
    rep_of: Any,
    households: Any,
    mailoutbox: Any,
    browser_as: Any,
    client_as: Any,
) -> None:
    from danchu.core.models import AuditEntry

    rep = rep_of(households[0], "Võ Thị Mai")
    services.notice_send(actor=village_head, meeting=meeting)
    c = browser_as(village_head)
    assert f"/meetings/{meeting.pk}/cancel/" in c.get(f"/meetings/{meeting.pk}/").content.decode()
    back = {"HTTP_REFERER": f"/meetings/{meeting.pk}/"}
    for reason, said in (
        (" ", "Nêu lý do hủy cuộc họp."),
        ("Bão\x00", "Lý do có ký tự không được phép (NUL)."),
    ):
        r = c.post_form(f"/meetings/{meeting.pk}/cancel/", {"reason": reason}, **back)
        page = r.content.decode()  # the meeting's page again, the cancel form and the message on it
        assert r.status_code == 400 and said in page and f"/meetings/{meeting.pk}/cancel/" in page
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CONVENED
    r = c.post_form(f"/meetings/{meeting.pk}/cancel/", {"reason": "Bão số 5 đổ bộ, hoãn họp"})
    assert r.status_code == 302
    m = Meeting.objects.get(pk=meeting.pk)
    assert m.status == Meeting.Status.CANCELLED and m.cancel_reason == "Bão số 5 đổ bộ, hoãn họp"
    assert mailoutbox[-1].to == [rep.email] and "Bão số 5" in mailoutbox[-1].body
    assert AuditEntry.objects.filter(action="meetings.cancel", object_id=str(m.pk)).exists()
    page = client_as(rep).get(f"/meetings/{m.pk}/").content.decode()
    assert "Bão số 5 đổ bộ, hoãn họp" in page
    # Nothing more happens on a cancelled meeting: no check-in, no opening, no second cancellation.
    with pytest.raises(Conflict):
        services.checkin(actor=village_head, meeting=m, code=households[1].number)
    with pytest.raises(Conflict):
        services.meeting_open(actor=village_head, meeting=m)
    with pytest.raises(Conflict):
        services.meeting_cancel(actor=village_head, meeting=m, reason="Lần nữa")


def test_an_open_meeting_or_another_units_meeting_is_not_cancelled(
    meeting: Any, village_head: Any, outsider: Any, browser_as: Any, client: Any, token_for: Any
) -> None:
    r = browser_as(outsider).post_form(f"/meetings/{meeting.pk}/cancel/", {"reason": "Không rõ"})
    assert r.status_code == 404
    services.notice_send(actor=village_head, meeting=meeting)
    services.meeting_open(actor=village_head, meeting=meeting)
    r = client.post(
        f"/api/v1/meetings/{meeting.pk}/cancel",
        {"reason": "Mất điện"},
        content_type="application/json",
        **token_for(village_head),
    )
    assert r.status_code == 409
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.OPEN


def test_a_dismissal_on_a_cancelled_meeting_awaits_another_meeting(
    village_head: Any, village: Any, households: Any
) -> None:
    from danchu.meetings.models import AgendaItem, Dismissal

    m = services.meeting_convene(
        actor=village_head,
        draft=services.MeetingDraft(
            village=village,
            title="Họp xét cho thôi làm trưởng thôn",
            starts_at=timezone.now() + dt.timedelta(days=8),
            location="Nhà văn hóa",
            items=[
                services.ItemSpec(title="Cho thôi làm trưởng thôn", kind="decide", matter=4, method="secret")
            ],
        ),
    )
    d = services.dismissal_propose(
        actor=village_head,
        village=village,
        holder_name="Nguyễn Văn Trưởng",
        trigger=Dismissal.Trigger.OWN_REQUEST,
        reason="Lý do sức khỏe",
        proposer_name="Nguyễn Văn Trưởng",
    )
    services.dismissal_put_to_vote(actor=village_head, dismissal=d, item=m.items.get())
    services.meeting_cancel(actor=village_head, meeting=m, reason="Đổi ngày họp")
    d.refresh_from_db()
    assert d.status == Dismissal.Status.PROPOSED and d.item_id is None
    item = AgendaItem.objects.get(meeting=m)
    with pytest.raises(Conflict):  # not back onto the cancelled meeting's item
        services.dismissal_put_to_vote(actor=village_head, dismissal=d, item=item)


def test_my_page_links_each_election_and_marks_a_cancelled_meeting(
    failed: Election, meeting: Any, village_head: Any, household_rep: Any
) -> None:
    from django.template.loader import render_to_string

    from danchu.meetings.home import my_meetings

    services.notice_send(actor=village_head, meeting=meeting)
    services.meeting_cancel(actor=village_head, meeting=meeting, reason="Đổi ngày")
    html = render_to_string("meetings/home_mine.html", {"data": my_meetings(household_rep)})
    assert f'href="/meetings/elections/{failed.pk}/"' in html  # the election itself, not the list
    assert "Cancelled" in html or "Đã hủy" in html


def test_my_village_page_pages_the_held_meetings_and_reaches_the_oldest(
    village: Any, village_head: Any, household_rep: Any, client_as: Any
) -> None:
    start = timezone.now() - dt.timedelta(days=400)
    Meeting.objects.bulk_create(
        Meeting(
            village=village,
            title=f"Họp thôn đã họp lần {n}",
            starts_at=start + dt.timedelta(days=n),
            location="Nhà văn hóa",
            convener=village_head,
            status=Meeting.Status.CLOSED,
        )
        for n in range(45)
    )
    c = client_as(household_rep)
    first = c.get("/meetings/mine/").content.decode()
    assert "Họp thôn đã họp lần 44<" in first and "Họp thôn đã họp lần 0<" not in first
    assert "?page=2" in first
    assert "Họp thôn đã họp lần 0<" in c.get("/meetings/mine/?page=3").content.decode()  # was cut at 20
    for bad, status in (("abc", 400), ("-1", 400), ("99999", 404)):  # said, not page 1 or the last shown
        assert c.get("/meetings/mine/", {"page": bad}).status_code == status
    assert c.get("/meetings/mine/", {"page": "\x00"}).status_code == 400  # a NUL in any page's address
