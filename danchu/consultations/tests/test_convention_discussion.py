"""A village convention's discussion phase runs on a consultation (issue #10, item 7): meetings asks the
kernel's discussion hook, consultations opens the consultation, residents comment on its page, and the
convention page shows the count, the link and the published synthesis."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import link_household, person_with_role
from danchu.consultations.models import Comment, CommentGroup, Consultation
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import synthesis
from danchu.core.audit import AuditEntry
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.meetings import services
from danchu.meetings.models import AgendaItem, ConventionVersion
from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db

TEXT = """Chương I. Quy định chung
Điều 1. Hương ước này quy định việc giữ gìn an ninh trật tự, vệ sinh môi trường trong thôn.
Điều 2. Mọi người dân trong thôn có trách nhiệm thực hiện hương ước.
Chương II. Nội dung cụ thể
Điều 3. Không thả rông gia súc trên đường liên thôn."""


@pytest.fixture
def households(village: Any) -> list[Any]:
    return [pf.household_with_head(village, number=str(100 + n)) for n in range(1, 11)]


@pytest.fixture
def villager(households: Any, village: Any) -> Any:
    user = person_with_role(Role.HOUSEHOLD_REP, village, full_name="Nguyễn Văn Bình")
    link_household(user, households[0], representative=True)
    return user


def _consultation(v: ConventionVersion) -> Consultation:
    key, _sep, ident = v.discussion.partition(":")
    assert key == "consultations"
    return Consultation.objects.get(pk=int(ident))


def _vote_item(village_head: Any, village: Any, households: Any) -> AgendaItem:
    meeting = services.meeting_convene(
        actor=village_head,
        draft=services.MeetingDraft(
            village=village,
            title="Hội nghị thôn",
            starts_at=timezone.now() + dt.timedelta(days=7),
            location="Nhà văn hóa",
            items=[
                services.ItemSpec(
                    title="Thông qua hương ước", kind=AgendaItem.Kind.DECIDE, matter=3, method="hands"
                )
            ],
        ),
    )
    services.notice_send(actor=village_head, meeting=meeting)
    services.meeting_open(actor=village_head, meeting=meeting)
    for h in households[:7]:
        services.checkin(actor=village_head, meeting=meeting, code=h.number)
    item = meeting.items.get()
    services.item_count_hands(actor=village_head, item=item, votes_for=7, votes_against=0, abstentions=0)
    return services.item_confirm(actor=village_head, item=item)


def test_convention_goes_through_discussion_on_a_consultation_to_in_force(
    village_head: Any,
    officer: Any,
    chairman: Any,
    village: Any,
    households: Any,
    villager: Any,
    browser_as: Any,
    client: Any,
) -> None:
    today = timezone.localdate()
    v = services.convention_draft(actor=village_head, village=village, title="Hương ước Thôn 1", text=TEXT)
    v = services.version_open_comments(actor=village_head, version=v, closes_on=today + dt.timedelta(days=14))
    assert v.status == "discussion"
    c = _consultation(v)
    # scoped to the village, open for the discussion period, the convention's title, the text by paragraph
    assert c.place == village.parent and c.audience == "villages" and list(c.villages.all()) == [village]
    assert (c.title, c.status, c.opens_on, c.closes_on) == (
        "Hương ước Thôn 1",
        "open",
        today,
        today + dt.timedelta(days=14),
    )
    assert [p.is_heading for p in c.paragraphs.order_by("position")] == [True, True, True, True, True]
    assert c.paragraphs.get(position=5).section == "Điều 3. Không thả rông gia súc trên đường liên thôn."
    assert c.basis == "village_convention" and c.disclosure_id is None

    # A villager comments on the consultation's page (CSRF enforced); the convention sees it.
    browser = browser_as(villager)
    paragraph = c.paragraphs.get(position=5)
    r = browser.post_form(
        f"/consultations/{c.pk}/comment/",
        {"text": "Đề nghị bổ sung gia cầm.", "paragraph": paragraph.pk, "stance": "support", "quote": ""},
    )
    assert r.status_code == 302, r.content[:300]
    comment = Comment.objects.get(consultation=c)
    assert (
        comment.author == villager and comment.household == households[0] and comment.paragraph == paragraph
    )
    data = client.get(f"/api/v1/meetings/conventions/{v.pk}").json()
    assert data["discussion"]["comments"] == 1 and data["discussion"]["accepting"] is True
    assert (
        data["discussion"]["url"] == f"/consultations/{c.pk}/" and data["discussion"]["synthesis_url"] == ""
    )
    page = client.get(f"/meetings/conventions/{v.pk}/").content.decode()
    assert f'href="/consultations/{c.pk}/"' in page
    assert re.search(r'id="discussion-comments">[^<0-9]*1 ', page), page

    # The households vote after the comments: adoption is refused while comments are accepted.
    item = _vote_item(village_head, village, households)
    with pytest.raises(Conflict) as refused:
        services.version_adopt(actor=village_head, version=v, item=item)
    assert refused.value.code == "discussion_open"
    assert ConventionVersion.objects.get(pk=v.pk).status == "discussion"

    with time_machine.travel(today + dt.timedelta(days=16), tick=False):
        svc.consultation_end_period(actor=officer, consultation=c)
        g = synthesis.group_create(actor=officer, consultation=c, title="Gia cầm", comment_ids=[comment.pk])
        synthesis.group_answer(actor=officer, group=g, answer=CommentGroup.Answer.ACCEPTED, reason="")
        synthesis.consultation_close(
            actor=officer,
            consultation=c,
            data=synthesis.Decision("3/BC-TDC", "Tiếp thu, đưa vào dự thảo.", TEXT + "\nĐiều 4. Gia cầm."),
        )
        page = client.get(f"/meetings/conventions/{v.pk}/").content.decode()
        assert f'href="/consultations/{c.pk}/synthesis.pdf"' in page and "3/BC-TDC" in page
        v = services.version_adopt(actor=village_head, version=v, item=item)
        v = services.version_submit(actor=village_head, version=v)
        v = services.version_recognise(actor=chairman, version=v, decision_number="12/QĐ-UBND")
    assert v.status == "in_force"
    data = client.get(f"/api/v1/meetings/conventions/{v.pk}").json()
    assert data["discussion"]["decision"] == "3/BC-TDC" and data["discussion"]["accepting"] is False


def test_a_citizen_of_another_village_cannot_comment(
    village_head: Any, village: Any, other_village: Any, villager: Any, browser_as: Any
) -> None:
    v = services.convention_draft(actor=village_head, village=village, title="Hương ước Thôn 1", text=TEXT)
    c = _consultation(services.version_open_comments(actor=village_head, version=v))
    neighbour = person_with_role(Role.HOUSEHOLD_REP, other_village, full_name="Lê Văn Xóm Bên")
    link_household(neighbour, pf.household_with_head(other_village, number="201"), representative=True)
    with pytest.raises(Forbidden) as refused:
        svc.comment_add(actor=neighbour, consultation=c, text_="Góp ý")
    assert refused.value.code == "not_consulted"
    browser = browser_as(neighbour)
    r = browser.post_form(f"/consultations/{c.pk}/comment/", {"text": "Góp ý", "stance": "neutral"})
    assert r.status_code == 403  # the refusal's status, with its message (the middleware's one error path)
    assert "Bạn không thuộc đối tượng được lấy ý kiến" in r.content.decode()
    assert not c.comments.exists()
    svc.comment_add(actor=villager, consultation=c, text_="Đồng ý")  # the village's own resident may
    assert c.comments.count() == 1


def test_shortest_period_by_default_and_a_too_short_period_writes_nothing(
    village_head: Any, village: Any, outsider: Any
) -> None:
    today = timezone.localdate()
    v = services.convention_draft(actor=village_head, village=village, title="Hương ước Thôn 1", text=TEXT)
    before = (Consultation.objects.count(), AuditEntry.objects.count())
    with pytest.raises(DomainError) as refused:
        services.version_open_comments(actor=village_head, version=v, closes_on=today + dt.timedelta(days=3))
    assert refused.value.code == "period_too_short" and refused.value.detail == {"days": 4, "minimum": 10}
    assert ConventionVersion.objects.get(pk=v.pk).status == "draft"
    assert (Consultation.objects.count(), AuditEntry.objects.count()) == before
    with pytest.raises(Forbidden):  # another commune's officer reaches neither side
        services.version_open_comments(actor=outsider, version=v)
    v = services.version_open_comments(actor=village_head, version=v)
    assert _consultation(v).closes_on == today + dt.timedelta(days=9)  # 10 days, today included


def test_the_api_opens_with_a_period_and_has_no_comment_endpoint_of_its_own(
    village_head: Any, village: Any, villager: Any, client: Any, token_for: Any
) -> None:
    v = services.convention_draft(actor=village_head, village=village, title="Hương ước Thôn 1", text=TEXT)
    closes = timezone.localdate() + dt.timedelta(days=20)
    r = client.post(
        f"/api/v1/meetings/conventions/{v.pk}/open",
        {"closes_on": closes.isoformat()},
        content_type="application/json",
        **token_for(village_head),
    )
    assert r.status_code == 200 and r.json()["discussion"]["closes_on"] == closes.isoformat()
    r = client.post(
        f"/api/v1/meetings/conventions/{v.pk}/comments",
        {"text": "Góp ý"},
        content_type="application/json",
        **token_for(villager),
    )
    assert r.status_code in (404, 405)
