"""A work names the village meeting's decision that started it (Law 10/2022 Art. 15 matters 1–2):
decision → work, as Decidim's accountability links results to the decisions that created them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.core.errors import DomainError
from danchu.meetings import services as meetings
from danchu.meetings.models import AgendaItem
from danchu.works.models import Work

pytestmark = pytest.mark.django_db
MEETING_DAY = dt.date(2026, 3, 10)


def decided(
    village: Any, head: Any, households: list[Any], *, matter: int = 1, day: dt.date = MEETING_DAY
) -> Any:
    starts = timezone.make_aware(dt.datetime.combine(day, dt.time(19)))
    m = meetings.meeting_convene(
        actor=head,
        draft=meetings.MeetingDraft(
            village=village,
            title="Hội nghị thôn bàn làm đường",
            starts_at=starts,
            location="Nhà văn hóa thôn",
            items=[
                meetings.ItemSpec(
                    title="Bê tông hóa đường trục thôn, mỗi hộ góp 500.000 đồng",
                    kind=AgendaItem.Kind.DECIDE,
                    matter=matter,
                    method=AgendaItem.Method.HANDS,
                )
            ],
        ),
    )
    meetings.notice_send(actor=head, meeting=m, now=starts - dt.timedelta(days=7))
    meetings.meeting_open(actor=head, meeting=m)
    for h in households:
        meetings.checkin(actor=head, meeting=m, code=h.number)
    (item,) = m.items.all()
    meetings.item_count_hands(
        actor=head, item=item, votes_for=len(households), votes_against=0, abstentions=0
    )
    return meetings.item_confirm(actor=head, item=item)


def test_a_work_links_to_the_meeting_item_that_decided_it(
    make_work: Any, village: Any, village_head: Any, households: list[Any], client: Any
) -> None:
    item = decided(village, village_head, households)
    work = make_work(decided_item=item.pk)
    assert work.decided_item == item
    page = client.get(f"/works/{work.pk}/").content.decode()
    assert "Bê tông hóa đường trục thôn" in page and f"/meetings/village/{village.code}/" in page


def test_an_item_of_another_village_or_another_matter_is_refused(
    make_work: Any, village: Any, other_village: Any, village_head: Any, households: list[Any]
) -> None:
    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role
    from danchu.places.tests import factories as pf

    other_head = person_with_role(Role.VILLAGE_HEAD, other_village)
    foreign = decided(other_village, other_head, [pf.household_with_head(other_village)])
    with pytest.raises(DomainError, match="Art. 15|Điều 15"):
        make_work(decided_item=foreign.pk)  # the work is of `village`, the item of another
    convention = decided(village, village_head, households, matter=3)
    with pytest.raises(DomainError, match="Art. 15|Điều 15"):
        make_work(decided_item=convention.pk)
    assert not Work.objects.exists()


def test_a_work_cannot_be_decided_before_its_meeting(
    make_work: Any, village: Any, village_head: Any, households: list[Any]
) -> None:
    item = decided(village, village_head, households, day=dt.date(2026, 3, 20))  # after DECIDED (15/3)
    with pytest.raises(DomainError, match="20/03/2026"):
        make_work(decided_item=item.pk)
    assert not Work.objects.exists()


def test_the_api_takes_and_gives_the_decided_item(
    officer: Any,
    commune: Any,
    village: Any,
    village_head: Any,
    households: list[Any],
    client: Any,
    token_for: Any,
) -> None:
    item = decided(village, village_head, households)
    payload = {
        "commune": commune.code,
        "villages": [village.code],
        "title": "Bê tông hóa đường trục thôn",
        "investor": "UBND xã",
        "decision_number": "15/QĐ-UBND",
        "decision_date": "2026-03-15",
        "decision_issuer": "UBND xã",
        "decided_item": item.pk,
    }
    response = client.post(
        "/api/v1/works/works", payload, content_type="application/json", **token_for(officer)
    )
    assert response.status_code == 201, response.content
    assert response.json()["decided_item"] == item.pk
    payload["decided_item"] = 987654321
    response = client.post(
        "/api/v1/works/works", payload, content_type="application/json", **token_for(officer)
    )
    assert response.status_code == 400 and Work.objects.count() == 1
