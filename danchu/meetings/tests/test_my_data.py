"""A household representative's own download (Decree 13/2023) holds the votes they cast online for
their household; the slips the village head entered are the head's work, not the head's own votes."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from danchu.accounts.personal_data import personal_data
from danchu.meetings import services

pytestmark = pytest.mark.django_db

ALL_MET = services.OnlineConditions(head_and_front_agree=True, unanimous=True, devices=True)


def _rows(person: Any, key: str) -> list[dict[str, Any]]:
    return next(s for s in personal_data(person)["sections"] if s["key"] == key)["rows"]


def test_my_data_holds_the_votes_i_cast_online_for_my_household(
    meeting: Any, village_head: Any, households: Any, rep_of: Any
) -> None:
    services.notice_send(actor=village_head, meeting=meeting)
    item = services.item_online_open(actor=village_head, item=meeting.items.get(matter=6), conditions=ALL_MET)
    (h1, rep1), (h2, rep2) = [(h, rep_of(h)) for h in households[:2]]
    services.online_vote(person=rep1, item=item, household=h1, choice="against")
    services.online_vote(person=rep2, item=item, household=h2, choice="for")
    services.meeting_open(actor=village_head, meeting=meeting)
    services.slip_record(actor=village_head, item=item, code=households[3].number, choice="for")

    with translation.override("vi"):
        mine = _rows(rep1, "meetings.votes")
    assert [(r["on"], r["household"], r["choice"]) for r in mine] == [
        (f"{meeting.title}: {item.title}", h1.number, "Không tán thành")
    ]
    assert _rows(village_head, "meetings.votes") == []


def test_my_data_says_i_cast_my_households_secret_ballot_never_how(
    village_head: Any, village: Any, households: Any, rep_of: Any
) -> None:
    """A representative who cast the household's ballot found no trace of it in their data: the
    participation names the household, not who cast it."""
    import datetime as dt
    import json

    from django.core.serializers.json import DjangoJSONEncoder
    from django.utils import timezone

    from danchu.core.testing import open_election
    from danchu.meetings.models import Election

    election = services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=21),
        candidates=["Trần Văn Minh", "Lê Thị Hương"],
    )
    election = open_election(services.election_open, actor=village_head, election=election)
    (h1, rep1), (h2, rep2) = [(h, rep_of(h)) for h in households[:2]]
    pick = election.candidates.get(full_name="Lê Thị Hương")
    services.ballot_cast(person=rep1, election=election, household=h1, choices=[pick.pk])

    rows = _rows(rep1, "meetings.elections")
    assert [(r["election"], r["household"]) for r in rows] == [(str(election), h1.number)]
    assert _rows(rep2, "meetings.elections") == []
    everything = json.dumps(personal_data(rep1), cls=DjangoJSONEncoder, ensure_ascii=False)
    assert "Lê Thị Hương" not in everything
