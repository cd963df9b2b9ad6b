"""The meeting channel: a comment received at a village meeting names the meeting's agenda item
where the draft was discussed (the meetings module), and only such an item."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.consultations.models import Comment
from danchu.consultations.services import consultations as svc
from danchu.core.errors import DomainError
from danchu.meetings import services as meetings
from danchu.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db


def discussed(village: Any, *, days_ago: int = 0) -> AgendaItem:
    head = person_with_role(Role.VILLAGE_HEAD, village)
    # An hour ago, but never before local midnight: the consultation opens on today's local date, and
    # just after midnight an hour ago is yesterday (CI ran at 00:30 in Vietnam and failed here).
    now = timezone.localtime()
    starts = max(now - dt.timedelta(hours=1), now.replace(hour=0, minute=0, second=0, microsecond=0))
    starts -= dt.timedelta(days=days_ago)
    m = meetings.meeting_convene(
        actor=head,
        draft=meetings.MeetingDraft(
            village=village,
            title="Hội nghị thôn góp ý dự thảo quy hoạch",
            starts_at=starts,
            location="Nhà văn hóa",
            items=[
                meetings.ItemSpec(title="Góp ý dự thảo quy hoạch sử dụng đất", kind=AgendaItem.Kind.COMMENT)
            ],
        ),
    )
    meetings.notice_send(actor=head, meeting=m, now=starts - dt.timedelta(days=7))
    meetings.meeting_open(actor=head, meeting=m)
    return m.items.get()


def record(consultation: Any, officer: Any, **kw: Any) -> Comment:
    return svc.comment_record(
        actor=officer,
        consultation=consultation,
        text_="Đề nghị giữ lại đất trồng cà phê của các hộ dọc đường liên thôn.",
        author_name="Y Bhăm Êban",
        source=kw.pop("source", Comment.Source.MEETING),
        **kw,
    )


def test_a_comment_received_at_a_meeting_names_its_agenda_item(
    open_consultation: Any, officer: Any, village: Any, browser_as: Any
) -> None:
    item = discussed(village)
    comment = record(open_consultation, officer, meeting_item=item.pk)
    assert Comment.objects.get(pk=comment.pk).meeting_item == item
    page = browser_as(officer).get(f"/consultations/{open_consultation.pk}/synthesis/").content.decode()
    assert village.name in page


def test_the_meeting_item_must_be_a_discussion_in_the_place_during_the_period(
    open_consultation: Any, officer: Any, village: Any, other_commune: Any
) -> None:
    from danchu.places.tests import factories as pf

    foreign = discussed(pf.village(other_commune, code=f"{other_commune.code}-009", name="Buôn Ea Kmát"))
    before = discussed(village, days_ago=3)  # the consultation opened today
    for item in (foreign, before):
        with pytest.raises(DomainError):
            record(open_consultation, officer, meeting_item=item.pk)
    with pytest.raises(DomainError):  # a comment at the counter names no meeting
        record(open_consultation, officer, meeting_item=discussed(village).pk, source=Comment.Source.COUNTER)
    assert not Comment.objects.exists()


def test_the_api_takes_the_meeting_item_with_a_token(
    open_consultation: Any, officer: Any, village: Any, client: Any, token_for: Any
) -> None:
    item = discussed(village)
    payload = {
        "text": "Đồng ý với phương án.",
        "author_name": "H'Hoa",
        "source": "meeting",
        "meeting_item": item.pk,
    }
    url = f"/api/v1/consultations/{open_consultation.pk}/comments/recorded"
    response = client.post(url, payload, content_type="application/json", **token_for(officer))
    assert response.status_code == 201, response.content
    payload["meeting_item"] = 987654321
    response = client.post(url, payload, content_type="application/json", **token_for(officer))
    assert response.status_code == 400 and Comment.objects.count() == 1
