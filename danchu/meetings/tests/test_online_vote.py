"""Online voting only where Decree 59 Art. 5 allows it: an Art. 15(6) matter with the three conditions
recorded; one household, one vote per item across channels."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.meetings import services
from danchu.meetings.models import AgendaItem, HouseholdVote

pytestmark = pytest.mark.django_db

ALL_MET = services.OnlineConditions(head_and_front_agree=True, unanimous=True, devices=True)


def _other_matter(meeting: Any) -> AgendaItem:
    return meeting.items.get(matter=6)


def test_online_vote_refused_for_a_matter_other_than_art_15_6(meeting: Any, village_head: Any) -> None:
    services.notice_send(actor=village_head, meeting=meeting)
    with pytest.raises(DomainError, match=r"15\(6\)"):
        services.item_online_open(actor=village_head, item=meeting.items.get(matter=1), conditions=ALL_MET)


def test_online_vote_refused_until_the_three_conditions_hold(meeting: Any, village_head: Any) -> None:
    services.notice_send(actor=village_head, meeting=meeting)
    partial = services.OnlineConditions(head_and_front_agree=True, unanimous=False, devices=True)
    with pytest.raises(DomainError, match="unanimously"):
        services.item_online_open(actor=village_head, item=_other_matter(meeting), conditions=partial)
    assert not AgendaItem.objects.get(pk=_other_matter(meeting).pk).online_open


def test_online_votes_counted_once_and_combined(
    meeting: Any, village_head: Any, households: Any, rep_of: Any, citizen: Any, household: Any
) -> None:
    services.notice_send(actor=village_head, meeting=meeting)
    item = services.item_online_open(actor=village_head, item=_other_matter(meeting), conditions=ALL_MET)
    reps = [(h, rep_of(h)) for h in households[:7]]
    for h, rep in reps:
        services.online_vote(person=rep, item=item, household=h, choice="for")
    h, rep = reps[0]
    with pytest.raises(Conflict, match="first vote is kept"):
        services.online_vote(person=rep, item=item, household=h, choice="against")
    services.meeting_open(actor=village_head, meeting=meeting)
    with pytest.raises(Conflict, match="first vote is kept"):
        services.slip_record(actor=village_head, item=item, code=h.number, choice="against")
    with pytest.raises(Forbidden, match="representative"):
        services.online_vote(person=citizen, item=item, household=household, choice="for")
    assert HouseholdVote.objects.filter(item=item).count() == 7
    services.item_online_close(actor=village_head, item=item)
    with pytest.raises(Conflict, match="not open"):
        services.online_vote(person=reps[6][1], item=item, household=households[8], choice="for")
    item = services.item_confirm(actor=village_head, item=item)
    roster = item.denominator
    assert item.passed is (7 * 2 > roster) and item.outcome.startswith("For: 7/")


def test_online_vote_through_the_api(
    meeting: Any, village_head: Any, households: Any, rep_of: Any, client: Any, token_for: Any
) -> None:
    services.notice_send(actor=village_head, meeting=meeting)
    item = _other_matter(meeting)
    head = token_for(village_head)
    r = client.post(
        f"/api/v1/meetings/items/{item.pk}/online-open",
        {"head_and_front_agree": True, "unanimous": True, "devices": False},
        content_type="application/json",
        **head,
    )
    assert r.status_code == 400 and "điện thoại thông minh" in r.json()["message"]
    r = client.post(
        f"/api/v1/meetings/items/{item.pk}/online-open",
        {"head_and_front_agree": True, "unanimous": True, "devices": True},
        content_type="application/json",
        **head,
    )
    assert r.status_code == 200
    rep = rep_of(households[0])
    url = f"/api/v1/meetings/items/{item.pk}/online-votes"
    body = {"household": households[0].number, "choice": "for"}
    assert client.post(url, body, content_type="application/json", **token_for(rep)).status_code == 201
    assert client.post(url, body, content_type="application/json", **token_for(rep)).status_code == 409
    other = {"household": households[1].number, "choice": "for"}
    assert client.post(url, other, content_type="application/json", **token_for(rep)).status_code == 404


def test_online_voting_opened_voted_and_closed_from_the_meeting_page(
    meeting: Any, village_head: Any, households: Any, rep_of: Any, browser_as: Any
) -> None:
    services.notice_send(actor=village_head, meeting=meeting)
    item = _other_matter(meeting)
    head = browser_as(village_head)
    page = head.get(f"/meetings/{meeting.pk}/").content.decode()
    open_url = f"/meetings/{meeting.pk}/items/{item.pk}/online-open/"
    assert page.count('action="/meetings/') and open_url in page
    assert f"/items/{meeting.items.get(matter=1).pk}/online-open/" not in page  # Art. 15(6) only
    # One condition left unticked: refused, with the condition named, and nothing opens.
    r = head.post_form(
        open_url,
        {"head_and_front_agree": "on", "unanimous": "on"},
        HTTP_REFERER=f"http://testserver/meetings/{meeting.pk}/",
    )
    page = r.content.decode()  # the meeting's page again, its form on it
    assert r.status_code == 400 and "điện thoại thông minh" in page and open_url in page
    assert not AgendaItem.objects.get(pk=item.pk).online_open
    r = head.post_form(open_url, {"head_and_front_agree": "on", "unanimous": "on", "devices": "on"})
    assert r.status_code == 302 and AgendaItem.objects.get(pk=item.pk).online_open
    # A household representative votes on the same page.
    h = households[0]
    rep = browser_as(rep_of(h))
    page = rep.get(f"/meetings/{meeting.pk}/").content.decode()
    assert f"/items/{item.pk}/online-vote/" in page and open_url not in page
    r = rep.post_form(
        f"/meetings/{meeting.pk}/items/{item.pk}/online-vote/", {"household": h.number, "choice": "for"}
    )
    assert r.status_code == 302
    # The representative cannot close the vote; the village head sees the count and closes it.
    close_url = f"/meetings/{meeting.pk}/items/{item.pk}/online-close/"
    assert rep.post_form(close_url).status_code in (403, 404)
    assert "1 hộ đã biểu quyết trực tuyến" in head.get(f"/meetings/{meeting.pk}/").content.decode()
    assert head.post_form(close_url).status_code == 302
    item.refresh_from_db()
    assert not item.online_open and item.status == AgendaItem.Status.COUNTED
    assert HouseholdVote.objects.filter(item=item, channel=HouseholdVote.Channel.ONLINE).count() == 1
