"""Actions in the wrong state are refused cleanly: a vote after its decision, a count entered over an
open online vote, one household vote adopting two texts."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.core.errors import Conflict
from danchu.meetings import services
from danchu.meetings.models import AgendaItem, ConventionVersion, HouseholdVote

from .conftest import open_meeting

pytestmark = pytest.mark.django_db

ALL_MET = services.OnlineConditions(head_and_front_agree=True, unanimous=True, devices=True)


def test_a_count_is_not_entered_while_the_online_vote_is_open(
    meeting: Any, village_head: Any, households: Any, rep_of: Any
) -> None:
    item = meeting.items.get(matter=6)
    services.notice_send(actor=village_head, meeting=meeting)
    services.item_online_open(actor=village_head, item=item, conditions=ALL_MET)
    services.meeting_open(actor=village_head, meeting=meeting)
    with pytest.raises(Conflict, match="close it before"):
        services.item_count_hands(actor=village_head, item=item, votes_for=0, votes_against=0, abstentions=0)
    box = services.decisions.BoxCount("Hòm 1", 0, 0)
    with pytest.raises(Conflict, match="close it before"):
        services.item_count_secret(actor=village_head, item=item, team=["A", "B", "C"], boxes=[box])
    item.refresh_from_db()
    assert item.status == AgendaItem.Status.PENDING and item.online_open


def test_no_online_vote_is_taken_once_the_item_is_decided(
    meeting: Any, village_head: Any, households: Any, rep_of: Any
) -> None:
    item = meeting.items.get(matter=6)
    services.notice_send(actor=village_head, meeting=meeting)
    services.item_online_open(actor=village_head, item=item, conditions=ALL_MET)
    # An item decided while its online flag stayed up (a count entered before the guard above existed).
    AgendaItem.objects.filter(pk=item.pk).update(status=AgendaItem.Status.DECIDED, passed=False)
    item.refresh_from_db()
    with pytest.raises(Conflict, match="not open"):
        services.online_vote(person=rep_of(households[0]), item=item, household=households[0], choice="for")
    assert not HouseholdVote.objects.exists()


def test_the_vote_that_adopted_a_version_does_not_adopt_its_amendment(
    meeting: Any, village_head: Any, chairman: Any, village: Any, households: Any
) -> None:
    item = AgendaItem.objects.create(
        meeting=meeting, order=9, title="Thông qua hương ước", kind="decide", matter=3, method="hands"
    )
    open_meeting(meeting, village_head)
    for h in households[:8]:
        services.checkin(actor=village_head, meeting=meeting, code=h.number)
    services.item_count_hands(actor=village_head, item=item, votes_for=8, votes_against=0, abstentions=0)
    item = services.item_confirm(actor=village_head, item=item)
    v1 = services.convention_draft(actor=village_head, village=village, title="Hương ước", text="Điều 1. A.")
    services.version_adopt(actor=village_head, version=v1, item=item)
    services.version_submit(actor=village_head, version=v1)
    services.version_recognise(actor=chairman, version=v1, decision_number="12/QĐ-UBND")
    v2 = services.convention_amend(actor=village_head, convention=v1.convention, text="Điều 1. B.")
    with pytest.raises(Conflict, match="already adopted another text"):
        services.version_adopt(actor=village_head, version=v2, item=item)
    assert ConventionVersion.objects.get(pk=v2.pk).status == ConventionVersion.Status.DRAFT


def test_residents_do_not_see_a_meeting_before_it_is_convened(
    meeting: Any, village_head: Any, citizen: Any, client_as: Any, token_for: Any
) -> None:
    page, api = f"/meetings/{meeting.pk}/", f"/api/v1/meetings/{meeting.pk}"
    c, headers = client_as(citizen), token_for(citizen)
    assert c.get(page).status_code == 404
    assert c.get(api, **headers).status_code == 404
    assert client_as(village_head).get(page).status_code == 200
    services.notice_send(actor=village_head, meeting=meeting)
    assert c.get(page).status_code == 200
    assert c.get(api, **headers).status_code == 200


def test_a_counting_team_of_one_name_written_three_times_is_refused(
    meeting: Any, village_head: Any, households: Any
) -> None:
    from danchu.core.errors import DomainError

    open_meeting(meeting, village_head)
    item = meeting.items.get(matter=6)
    box = services.decisions.BoxCount("Hòm 1", 0, 0)
    with pytest.raises(DomainError, match="listed twice"):
        services.item_count_secret(
            actor=village_head, item=item, team=["Lê Văn A", "lê văn a", "Lê Văn A"], boxes=[box]
        )
    assert AgendaItem.objects.get(pk=item.pk).status == AgendaItem.Status.PENDING
