"""Dismissal of a village head (Decree 59 Art. 9): proposal → secret ballot on a matter-4 item → result
against ALL registered households → the commune chairman's decision."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Membership, Role
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.meetings import services
from danchu.meetings.models import AgendaItem, Dismissal
from danchu.meetings.services.decisions import BoxCount

from .conftest import open_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def vote_meeting(village_head: Any, village: Any, households: Any) -> Any:
    return services.meeting_convene(
        actor=village_head,
        draft=services.MeetingDraft(
            village=village,
            title="Hội nghị thôn bàn việc cho thôi làm Trưởng thôn",
            starts_at=timezone.now() + dt.timedelta(days=7),
            location="Nhà văn hóa Thôn 1",
            items=[
                services.ItemSpec(
                    title="Cho thôi làm Trưởng thôn",
                    kind=AgendaItem.Kind.ELECT,
                    matter=4,
                    method=AgendaItem.Method.SECRET,
                ),
                services.ItemSpec(
                    title="Mức đóng góp làm đường",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=1,
                    method=AgendaItem.Method.HANDS,
                ),
            ],
        ),
    )


def propose(actor: Any, village: Any, **kw: Any) -> Dismissal:
    return services.dismissal_propose(
        actor=actor,
        village=village,
        holder_name=kw.pop("holder_name", "Trần Văn Trưởng"),
        trigger=kw.pop("trigger", Dismissal.Trigger.FRONT_PROPOSAL),
        reason=kw.pop("reason", "Không hoàn thành nhiệm vụ, không còn được Nhân dân tín nhiệm."),
        proposer_name=kw.pop("proposer_name", "Nguyễn Văn Mặt Trận"),
        **kw,
    )


def vote(meeting: Any, actor: Any, households: Any, present: int, votes_for: int) -> AgendaItem:
    open_meeting(meeting, actor)
    for h in households[:present]:
        services.checkin(actor=actor, meeting=meeting, code=h.number)
    item = meeting.items.get(matter=4)
    services.item_count_secret(
        actor=actor,
        item=item,
        team=["Tổ viên A", "Tổ viên B", "Tổ viên C"],
        boxes=[BoxCount("Hòm chính", votes_for=votes_for, votes_against=present - votes_for)],
    )
    return services.item_confirm(actor=actor, item=item)


def test_dismissal_from_proposal_to_the_commune_decision(
    officer: Any, chairman: Any, village: Any, households: Any, vote_meeting: Any
) -> None:
    from danchu.accounts.tests.factories import person_with_role

    holder = person_with_role(Role.VILLAGE_HEAD, village, full_name="Trần Văn Trưởng")
    d = propose(officer, village, holder=holder)
    assert d.status == "proposed"
    with pytest.raises(Conflict, match="already under way"):
        propose(officer, village)
    item = vote_meeting.items.get(matter=4)
    d = services.dismissal_put_to_vote(actor=officer, dismissal=d, item=item)
    assert d.status == "on_agenda"
    with pytest.raises(Conflict, match="not yet|approved"):
        services.dismissal_decide(actor=chairman, dismissal=d, decision_number="12/QĐ-UBND")
    # 6 of 10 registered households (8 present) vote for: more than half of ALL households
    vote(vote_meeting, officer, households, present=8, votes_for=6)
    d.refresh_from_db()
    assert d.status == "voted" and "6/10" in d.outcome
    with pytest.raises(Forbidden):
        services.dismissal_decide(actor=officer, dismissal=d, decision_number="12/QĐ-UBND")
    with pytest.raises(DomainError, match="number"):
        services.dismissal_decide(actor=chairman, dismissal=d, decision_number="  ")
    d = services.dismissal_decide(actor=chairman, dismissal=d, decision_number="12/QĐ-UBND")
    assert d.status == "decided" and d.decided_by == chairman
    assert not Membership.objects.active(timezone.localdate()).filter(person=holder, role=Role.VILLAGE_HEAD)


def test_half_of_all_households_is_not_enough_even_with_most_of_those_present(
    officer: Any, chairman: Any, village: Any, households: Any, vote_meeting: Any
) -> None:
    d = propose(officer, village)
    services.dismissal_put_to_vote(actor=officer, dismissal=d, item=vote_meeting.items.get(matter=4))
    vote(vote_meeting, officer, households, present=6, votes_for=5)  # 5/10: not more than half
    d.refresh_from_db()
    assert d.status == "rejected"
    with pytest.raises(Conflict):
        services.dismissal_decide(actor=chairman, dismissal=d, decision_number="12/QĐ-UBND")


def test_the_vote_is_secret_on_a_matter_four_item_of_the_same_village(
    officer: Any, village: Any, other_village: Any, households: Any, vote_meeting: Any
) -> None:
    d = propose(officer, village)
    hands = vote_meeting.items.get(matter=1)
    with pytest.raises(DomainError, match="election or dismissal"):
        services.dismissal_put_to_vote(actor=officer, dismissal=d, item=hands)
    item = vote_meeting.items.get(matter=4)
    services.dismissal_put_to_vote(actor=officer, dismissal=d, item=item)
    open_meeting(vote_meeting, officer)
    services.checkin(actor=officer, meeting=vote_meeting, code=households[0].number)
    with pytest.raises(DomainError, match="secret ballot"):
        services.item_count_hands(actor=officer, item=item, votes_for=1, votes_against=0, abstentions=0)
    with pytest.raises(DomainError, match="village or residential group"):
        propose(officer, village.parent)


def test_bad_input_and_other_units(officer: Any, outsider: Any, village: Any) -> None:
    with pytest.raises(Forbidden):
        propose(outsider, village)
    with pytest.raises(DomainError, match="NUL"):
        propose(officer, village, reason="a\x00b")
    with pytest.raises(DomainError, match="too long"):
        propose(officer, village, holder_name="x" * 201)
    with pytest.raises(DomainError, match="Unknown grounds"):
        propose(officer, village, trigger="whim")
    assert not Dismissal.objects.exists()


def test_dismissal_through_the_api_and_the_page(
    officer: Any,
    chairman: Any,
    outsider: Any,
    village: Any,
    households: Any,
    vote_meeting: Any,
    client: Any,
    token_for: Any,
    browser_as: Any,
) -> None:
    staff = token_for(officer)
    body = {
        "village": village.code,
        "holder_name": "Trần Văn Trưởng",
        "trigger": "own_request",
        "reason": "Xin thôi làm vì lý do sức khỏe.",
        "proposer_name": "Trần Văn Trưởng",
    }
    assert (
        client.post(
            "/api/v1/meetings/dismissals",
            {**body, "reason": "x\x00"},
            content_type="application/json",
            **staff,
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/v1/meetings/dismissals",
            {**body, "reason": "x" * 5001},
            content_type="application/json",
            **staff,
        ).status_code
        == 422
    )
    r = client.post(
        "/api/v1/meetings/dismissals", body, content_type="application/json", **token_for(outsider)
    )
    assert r.status_code in (403, 404)
    r = client.post("/api/v1/meetings/dismissals", body, content_type="application/json", **staff)
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    item = vote_meeting.items.get(matter=4)
    r = client.post(
        f"/api/v1/meetings/dismissals/{pk}/agenda",
        {"item": item.pk},
        content_type="application/json",
        **token_for(outsider),
    )
    assert r.status_code in (403, 404)
    r = client.post(
        f"/api/v1/meetings/dismissals/{pk}/agenda",
        {"item": item.pk},
        content_type="application/json",
        **staff,
    )
    assert r.status_code == 200 and r.json()["status"] == "on_agenda", r.content
    vote(vote_meeting, officer, households, present=7, votes_for=7)
    r = client.post(
        f"/api/v1/meetings/dismissals/{pk}/decide",
        {"decision_number": "5/QĐ-UBND"},
        content_type="application/json",
        **staff,
    )
    assert r.status_code in (403, 404)
    b = browser_as(chairman)
    page = b.get(f"/meetings/dismissals/{pk}/").content.decode()
    assert "7/10" in page and 'name="decision_number"' in page
    r = b.post_form(f"/meetings/dismissals/{pk}/decide/", {"decision_number": "5/QĐ-UBND"})
    assert r.status_code == 302
    assert client.get(f"/api/v1/meetings/dismissals/{pk}", **staff).json()["status"] == "decided"
