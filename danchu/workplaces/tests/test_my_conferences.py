"""A delegate with an account finds their conferences on their own page, with the resolutions and
elections open for their vote and whether they have voted on each (that they voted, never how); a
resident who opens /workplaces/ lands there, and /oversight/ sends them to their commune's board."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.accounts.tests.factories import UserFactory
from danchu.core.testing import open_election
from danchu.meetings import services as meetings
from danchu.workplaces import elections, resolutions
from danchu.workplaces.home import my_conferences

from .conftest import held_conference

pytestmark = pytest.mark.django_db


def _open_votes(rep: Any, unit: Any) -> tuple[Any, Any, Any, list[Any]]:
    conf = held_conference(unit, convened=30, present=25)
    people = [UserFactory(), UserFactory()]
    for p in people:
        elections.delegate_add(actor=None, conference=conf, person=p)
    motion = resolutions.resolution_open(actor=rep, conference=conf, title="Quy chế chi tiêu nội bộ năm 2026")
    e = elections.inspection_board_elect(
        actor=rep, conference=conf, candidates=["Lê Văn An", "Phạm Thị Bình"], seats=1
    )
    return conf, motion, open_election(meetings.election_open, actor=rep, election=e), people


def test_a_delegate_sees_what_waits_for_their_vote_and_what_they_voted(
    browser_as: Any, rep: Any, agency: Any
) -> None:
    conf, motion, election, (voter, other) = _open_votes(rep, agency)
    client = browser_as(voter)
    page = client.get("/me/").content.decode()
    assert "Hội nghị của tôi" in page and "Có 2 nội dung đang chờ bạn biểu quyết." in page
    assert f'href="/workplaces/conferences/{conf.pk}/"' in page
    assert (
        f'href="/workplaces/resolutions/{motion.pk}/"' in page and "Quy chế chi tiêu nội bộ năm 2026" in page
    )
    assert f'href="/workplaces/elections/{election.pk}/"' in page
    assert page.count("biểu quyết ngay") == 2

    # Voting through the pages the section links to (CSRF-enforcing client).
    r = client.post_form(f"/workplaces/resolutions/{motion.pk}/vote/", {"choice": "against"})
    assert r.status_code == 302
    candidate = election.candidates.get(full_name="Lê Văn An")
    meetings.voter_ballot_cast(person=voter, election=election, choices=[candidate.pk])
    page = client.get("/me/").content.decode()
    assert "đang chờ bạn biểu quyết" not in page and page.count("bạn đã biểu quyết") == 2
    # The other delegate's page still asks for both: one person's vote is not another's.
    assert my_conferences(other)["waiting"] == 2  # type: ignore[index]

    meetings.motion_close(actor=rep, motion=motion)
    meetings.election_close(actor=rep, election=election)
    page = client.get("/me/").content.decode()
    assert "Không có nội dung nào đang biểu quyết." in page and f"/workplaces/conferences/{conf.pk}/" in page


def test_the_section_shows_only_the_persons_own_conferences(rep: Any, agency: Any, enterprise: Any) -> None:
    _open_votes(rep, agency)
    assert my_conferences(UserFactory()) is None  # no delegate: no section
    assert my_conferences(rep) is None  # the unit's representative runs the vote, is not listed
    assert my_conferences(None) is None


def test_a_resident_at_the_module_roots_is_sent_to_their_own_pages(
    browser_as: Any, citizen: Any, commune: Any, unverified: Any
) -> None:
    client = browser_as(citizen)
    assert client.get("/workplaces/")["Location"] == "/me/"
    r = client.get("/oversight/", follow=True)
    assert r.redirect_chain[-1][0] == f"/oversight/communes/{commune.code}/" and r.status_code == 200
    # Without a confirmed household: home, to choose a place.
    assert browser_as(unverified).get("/oversight/", follow=True).redirect_chain[-1][0] == "/"
    # Anonymous: sign in first, as before.
    assert Client().get("/oversight/")["Location"].startswith("/accounts/login/?next=/oversight/")
