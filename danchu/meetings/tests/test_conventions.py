"""Village convention: draft → household vote → submission → recognition → in force;
an amendment as a new version with its changes; every version public. The discussion phase on a
consultation: test_convention_discussion.py."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from danchu.core import discussions
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.registry import Registry
from danchu.meetings import services
from danchu.meetings.models import AgendaItem, ConventionComment, ConventionVersion

from .conftest import open_meeting

pytestmark = pytest.mark.django_db

TEXT = """Chương I. Quy định chung
Điều 1. Hương ước này quy định việc giữ gìn an ninh trật tự, vệ sinh môi trường trong thôn.
Điều 2. Mọi người dân trong thôn có trách nhiệm thực hiện hương ước.
Chương II. Nội dung cụ thể
Điều 3. Không thả rông gia súc trên đường liên thôn."""


def _vote_item(meeting: Any, actor: Any, households: Any, votes_for: int) -> AgendaItem:
    item = AgendaItem.objects.create(
        meeting=meeting, order=9, title="Thông qua hương ước thôn", kind="decide", matter=3, method="hands"
    )
    open_meeting(meeting, actor)
    for h in households[:votes_for]:
        services.checkin(actor=actor, meeting=meeting, code=h.number)
    services.item_count_hands(actor=actor, item=item, votes_for=votes_for, votes_against=0, abstentions=0)
    return services.item_confirm(actor=actor, item=item)


def test_convention_from_draft_to_in_force(
    village_head: Any, chairman: Any, village: Any, meeting: Any, households: Any, client: Any
) -> None:
    v = services.convention_draft(actor=village_head, village=village, title="Hương ước Thôn 1", text=TEXT)
    assert client.get(f"/meetings/conventions/{v.pk}/").status_code == 404  # a draft is not public yet
    translation.activate("en")  # the request left its language active
    item = _vote_item(meeting, village_head, households, 7)
    v = services.version_adopt(actor=village_head, version=v, item=item)
    with pytest.raises(Conflict, match="submitted and recognised"):
        services.version_recognise(actor=chairman, version=v, decision_number="12/QĐ-UBND")
    v = services.version_submit(actor=village_head, version=v)
    from danchu.meetings.rules import recognition_due

    # 15 days (ending on the next working day when the 15th is not one, Civil Code Art. 148(5))
    assert v.recognition_due == recognition_due(v.submitted_on)
    assert 15 <= (v.recognition_due - v.submitted_on).days <= 15 + 10
    with pytest.raises(Forbidden):
        services.version_recognise(actor=village_head, version=v, decision_number="12/QĐ-UBND")
    v = services.version_recognise(actor=chairman, version=v, decision_number="12/QĐ-UBND")
    assert v.status == "in_force" and v.convention.in_force == v
    page = client.get(f"/meetings/conventions/{v.pk}/")
    assert page.status_code == 200 and "Điều 3" in page.content.decode()


def test_text_not_passed_by_households_cannot_be_adopted(
    village_head: Any, village: Any, meeting: Any, households: Any
) -> None:
    v = services.convention_draft(actor=village_head, village=village, title="Hương ước Thôn 1", text=TEXT)
    item = _vote_item(meeting, village_head, households, 5)  # 5/10 is not more than half
    with pytest.raises(DomainError, match="did not pass"):
        services.version_adopt(actor=village_head, version=v, item=item)
    assert ConventionVersion.objects.get(pk=v.pk).status == "draft"


def test_amendment_is_a_new_version_with_a_readable_diff(
    village_head: Any, chairman: Any, village: Any, meeting: Any, households: Any
) -> None:
    v1 = services.convention_draft(actor=village_head, village=village, title="Hương ước Thôn 1", text=TEXT)
    item = _vote_item(meeting, village_head, households, 8)
    services.version_adopt(actor=village_head, version=v1, item=item)
    services.version_submit(actor=village_head, version=v1)
    v1 = services.version_recognise(actor=chairman, version=v1, decision_number="12/QĐ-UBND")
    amended = TEXT.replace("Không thả rông gia súc", "Không thả rông gia súc, gia cầm")
    v2 = services.convention_amend(
        actor=village_head, convention=v1.convention, text=amended, note="Bổ sung gia cầm"
    )
    with pytest.raises(Conflict, match="in progress"):
        services.convention_amend(actor=village_head, convention=v1.convention, text=amended)
    from danchu.meetings.services.conventions import diff

    changes = diff(v2)
    assert ("-", "Điều 3. Không thả rông gia súc trên đường liên thôn.") in changes
    assert ("+", "Điều 3. Không thả rông gia súc, gia cầm trên đường liên thôn.") in changes
    assert v2.number == 2 and v1.convention.in_force == v1  # the amendment is not in force until recognised


def test_convention_api_drafts_and_refuses_nul(
    village_head: Any, village: Any, client: Any, token_for: Any
) -> None:
    headers = token_for(village_head)
    r = client.post(
        "/api/v1/meetings/conventions",
        {"village": village.code, "title": "Hương ước", "text": "Điều 1\x00"},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 400 and "NUL" in r.json()["message"]
    r = client.post(
        "/api/v1/meetings/conventions",
        {"village": village.code, "title": "Hương ước", "text": TEXT},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201 and r.json()["number"] == 1


def test_without_a_discussion_provider_a_version_opens_with_a_clear_fallback(
    monkeypatch: Any, village_head: Any, village: Any, meeting: Any, households: Any, client: Any
) -> None:
    """No consultations app: the version is open for comments all the same, received in person."""
    monkeypatch.setattr(discussions, "PROVIDERS", Registry("discussion providers"))
    v = services.convention_draft(actor=village_head, village=village, title="Hương ước Thôn 1", text=TEXT)
    v = services.version_open_comments(actor=village_head, version=v)
    assert v.status == "discussion" and v.discussion == ""
    page = client.get(f"/meetings/conventions/{v.pk}/").content.decode()
    assert 'id="discussion-fallback"' in page and "/consultations/" not in page
    assert client.get(f"/api/v1/meetings/conventions/{v.pk}").json()["discussion"] is None
    v = services.version_adopt(
        actor=village_head, version=v, item=_vote_item(meeting, village_head, households, 7)
    )
    assert v.status == "adopted"
    ConventionVersion.objects.filter(pk=v.pk).update(discussion="consultations:42")  # provider gone since
    page = client.get(f"/meetings/conventions/{v.pk}/").content.decode()
    assert 'id="discussion-gone"' in page
    assert client.get(f"/api/v1/meetings/conventions/{v.pk}").json()["discussion"] is None


def test_comments_written_before_consultations_stay_readable_on_the_version(
    village_head: Any, village: Any, rep_of: Any, households: Any, client: Any
) -> None:
    v = services.convention_draft(actor=village_head, village=village, title="Hương ước Thôn 1", text=TEXT)
    ConventionVersion.objects.filter(pk=v.pk).update(status="discussion")  # as the old code left it
    author = rep_of(households[0], "Lò Thị Góp Ý")
    ConventionComment.objects.create(version=v, author=author, text="Góp ý viết trước đây.")
    page = client.get(f"/meetings/conventions/{v.pk}/").content.decode()
    assert "Góp ý viết trước đây." in page and 'id="discussion-gone"' not in page
    # The public reads what was said, not who said it; the village head who manages the text sees both.
    assert author.full_name not in page
    client.force_login(village_head)
    assert author.full_name in client.get(f"/meetings/conventions/{v.pk}/").content.decode()
