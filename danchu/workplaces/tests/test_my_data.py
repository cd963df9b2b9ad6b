"""A delegate's own download (Decree 13/2023) holds the conferences they were a delegate of, their
open votes on resolutions, and the secret ballots they cast — that they voted, never for whom."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from danchu.accounts.personal_data import personal_data
from danchu.accounts.tests.factories import UserFactory
from danchu.accounts.tests.my_data import pdf_source
from danchu.core.testing import open_election
from danchu.meetings import services as meetings
from danchu.workplaces import elections, resolutions

from .conftest import held_conference

pytestmark = pytest.mark.django_db


def _rows(person: Any, key: str) -> list[dict[str, Any]]:
    return next(s for s in personal_data(person)["sections"] if s["key"] == key)["rows"]


def test_a_delegates_data_holds_conferences_votes_and_that_they_voted_not_how(
    client_as: Any, rep: Any, agency: Any
) -> None:
    conf = held_conference(agency, convened=30, present=25)
    me, other = UserFactory(), UserFactory()
    for p in (me, other):
        elections.delegate_add(actor=None, conference=conf, person=p)
    m = resolutions.resolution_open(actor=rep, conference=conf, title="Quy chế chi tiêu nội bộ")
    meetings.motion_vote(person=me, motion=m, choice="against")
    meetings.motion_vote(person=other, motion=m, choice="for")
    e = elections.inspection_board_elect(
        actor=rep, conference=conf, candidates=["Lê Văn An", "Phạm Thị Bình", "Võ Văn Cường"], seats=2
    )
    e = open_election(meetings.election_open, actor=rep, election=e)
    pick = next(c for c in e.candidates.all() if c.full_name == "Võ Văn Cường")
    meetings.voter_ballot_cast(person=me, election=e, choices=[pick.pk])

    assert [r["unit"] for r in _rows(me, "workplaces.delegate")] == [str(agency)]
    votes = _rows(me, "meetings.votes")
    assert [(v["on"], v["household"]) for v in votes] == [("Quy chế chi tiêu nội bộ", "")]
    assert len(_rows(other, "meetings.votes")) == 1  # each their own vote only
    ballots = _rows(me, "meetings.elections")
    assert [b["election"] for b in ballots] == [str(e)]
    assert _rows(other, "meetings.elections") == []
    # The secret ballot: nothing of what was chosen, anywhere in the download.
    everything = json.dumps(personal_data(me), cls=DjangoJSONEncoder, ensure_ascii=False)
    assert "Võ Văn Cường" not in everything

    html = pdf_source(client_as(me))
    assert "Các hội nghị bạn là đại biểu" in html and "Quy chế chi tiêu nội bộ" in html
    assert "Võ Văn Cường" not in html
