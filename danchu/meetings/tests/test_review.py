"""Acceptance review: a repeated notice keeps the legal date of the first, a failed election is
re-run once, the back office's lists page instead of dropping old rows."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.core.errors import Conflict
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
    services.election_open(actor=village_head, election=e)
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
    assert r.status_code == 303
    with pytest.raises(Conflict, match="already planned"):
        services.election_rerun(actor=village_head, election=failed, election_day=dt.date.fromisoformat(day))
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
        assert r.status_code == 303, bad
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
    for bad in ("abc", "-1", "99999", "\x00"):
        assert c.get("/meetings/", {"page": bad, "epage": bad}).status_code == 200
