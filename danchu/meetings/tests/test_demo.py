"""The meetings demo builds (with its paper election) and is idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from danchu.core.discussions import discussion
from danchu.meetings.demo import DRAFT_TITLE, NEXT_TITLE, build
from danchu.meetings.models import ConventionVersion, Election, Meeting, PaperBox

pytestmark = pytest.mark.django_db


def test_demo_builds_a_recognised_paper_election_and_runs_twice(
    commune: Any,
    village: Any,
    households: Any,
    village_head: Any,
    officer: Any,
    chairman: Any,
    household_rep: Any,
    client_as: Any,
) -> None:
    ctx = {
        "communes": [commune],
        "villages": {commune.code: [village]},
        "people": {
            "village_head": village_head,
            "commune_officer": officer,
            "household_rep": household_rep,
            "commune_chairman": chairman,
        },
    }
    build(ctx)
    paper = Election.objects.get(paper=True)
    assert paper.status == "recognised" and paper.team_head
    assert PaperBox.objects.filter(election=paper).count() == 2
    assert sum(paper.tally["votes"].values()) == paper.tally["paper"]["valid"]
    assert Election.objects.filter(paper=False).exists()
    amendment = ConventionVersion.objects.get(status="discussion")
    held = discussion(amendment.discussion)  # the amendment is discussed on a consultation
    assert held is not None and held.accepting and "karaoke" in amendment.text
    # The village head finds an item of the coming meeting they may open to online voting.
    coming = Meeting.objects.get(title=NEXT_TITLE)
    page = client_as(village_head).get(f"/meetings/{coming.pk}/").content.decode()
    assert f"/meetings/{coming.pk}/items/" in page and "/online-open/" in page
    # A meeting prepared, its notice not sent: the village head's office home says so.
    assert Meeting.objects.get(title=DRAFT_TITLE).status == Meeting.Status.DRAFT
    assert (
        "Cuộc họp đến hạn gửi thông báo triệu tập" in client_as(village_head).get("/office/").content.decode()
    )
    build(ctx)
    assert Election.objects.filter(paper=True).count() == 1
    assert Meeting.objects.filter(title=DRAFT_TITLE).count() == 1
    assert ConventionVersion.objects.get(status="discussion").discussion == amendment.discussion
