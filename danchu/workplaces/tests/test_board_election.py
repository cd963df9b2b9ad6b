"""The unit's People's Inspection Board elected at its conference, through meetings' secret ballot:
the flow, secrecy, one ballot per delegate, another unit's delegate refused, below quorum refused,
paper boxes counted by the vote-counting team, the minutes, the pages and the API."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from danchu.accounts.tests.factories import UserFactory
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.models import AuditEntry
from danchu.core.testing import open_election
from danchu.meetings import services as meetings
from danchu.meetings.models import Ballot, Election, Participation
from danchu.workplaces import elections, queries
from danchu.workplaces.minutes import minutes_docx
from danchu.workplaces.models import Delegate

from .conftest import held_conference

pytestmark = pytest.mark.django_db

NAMES = ["Lê Văn An", "Phạm Thị Bình", "Võ Văn Cường"]


def _with_delegates(conf: Any, n: int) -> list[Any]:
    people = [UserFactory() for _ in range(n)]
    for p in people:
        elections.delegate_add(actor=None, conference=conf, person=p)
    return people


def _open(rep: Any, conf: Any, *, paper: bool = False, seats: int = 2) -> Any:
    e = elections.inspection_board_elect(
        actor=rep, conference=conf, candidates=NAMES, seats=seats, paper=paper
    )
    return open_election(meetings.election_open, actor=rep, election=e)


def _ids(e: Any) -> dict[str, int]:
    return {c.full_name: c.pk for c in e.candidates.all()}


def test_delegates_elect_the_board_by_secret_ballot(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=25)
    voters = _with_delegates(conf, 20)
    e = _open(rep, conf)
    assert e.roster_size == 25 and e.majority_base == 25  # officials: more than 50% of those present
    ids = _ids(e)
    receipts = []
    for i, v in enumerate(voters):
        pick = [ids["Lê Văn An"], ids["Phạm Thị Bình"]] if i < 13 else [ids["Võ Văn Cường"]]
        receipts.append(meetings.voter_ballot_cast(person=v, election=e, choices=pick))
    with pytest.raises(Conflict):  # no tally before the vote closes
        meetings.election_tally(actor=rep, election=e)
    meetings.election_close(actor=rep, election=e)
    e = meetings.election_tally(actor=rep, election=e)
    assert e.status == Election.Status.TALLIED
    assert sorted(c.full_name for c in e.candidates.filter(elected=True)) == ["Lê Văn An", "Phạm Thị Bình"]
    assert sorted(e.tally["receipts"]) == sorted(receipts)
    e = meetings.election_recognise(actor=rep, election=e)
    assert e.status == Election.Status.RECOGNISED
    # The unit's board exists from its first recognised election; the elected here were named without
    # an account: they are seated without sign-in (test_board_seating.py).
    board = queries.inspection_board(agency)
    assert board is not None and board.body_id == agency.body_id and board.term_from == e.recognised_on
    seated = queries.inspection_board_members(agency)
    assert sorted(m.person.full_name for m in seated) == ["Lê Văn An", "Phạm Thị Bình"]
    assert not any(m.person.is_active for m in seated)


def test_participation_and_ballot_cannot_be_linked(rep: Any, agency: Any) -> None:
    conf = held_conference(agency)
    voters = _with_delegates(conf, 3)
    e = _open(rep, conf)
    for v in voters:
        meetings.voter_ballot_cast(person=v, election=e, choices=[_ids(e)["Lê Văn An"]])
    ballot_fields = {f.name for f in Ballot._meta.get_fields()}
    assert not ballot_fields & {"person", "household", "participation", "created_at"}
    assert {f.name for f in Participation._meta.get_fields()} >= {"person"}
    # The audit says who took part, never how.
    for entry in AuditEntry.objects.filter(action="meetings.ballot_cast"):
        assert set((entry.after or {}).keys()) == {"voter"}


def test_one_ballot_per_delegate(rep: Any, agency: Any) -> None:
    conf = held_conference(agency)
    (voter,) = _with_delegates(conf, 1)
    e = _open(rep, conf)
    meetings.voter_ballot_cast(person=voter, election=e, choices=[])
    with pytest.raises(Conflict):
        meetings.voter_ballot_cast(person=voter, election=e, choices=[_ids(e)["Lê Văn An"]])
    assert Ballot.objects.filter(election=e).count() == 1


def test_another_units_delegate_and_an_outsider_are_refused(rep: Any, agency: Any, enterprise: Any) -> None:
    conf = held_conference(agency)
    _with_delegates(conf, 2)
    other = held_conference(enterprise, convened=30, present=25)
    (foreign,) = _with_delegates(other, 1)
    e = _open(rep, conf)
    for person in (foreign, UserFactory()):
        with pytest.raises(Forbidden):
            meetings.voter_ballot_cast(person=person, election=e, choices=[])
    assert not Ballot.objects.filter(election=e).exists()


def test_a_household_ballot_is_refused_in_a_conference_election(rep: Any, agency: Any, village: Any) -> None:
    from danchu.places.tests.factories import HouseholdFactory

    conf = held_conference(agency)
    e = _open(rep, conf)
    household: Any = HouseholdFactory(village=village)
    with pytest.raises(Forbidden):
        meetings.ballot_cast(person=rep, election=e, household=household, choices=[])


def test_a_conference_below_quorum_elects_nobody(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=19)
    with pytest.raises(DomainError, match="túc số"):
        elections.inspection_board_elect(actor=rep, conference=conf, candidates=NAMES, seats=2)
    assert not Election.objects.exists()


def test_a_private_enterprise_elects_no_board(enterprise_rep: Any, enterprise: Any) -> None:
    conf = held_conference(enterprise, convened=30, present=25)
    with pytest.raises(DomainError):
        elections.inspection_board_elect(actor=enterprise_rep, conference=conf, candidates=NAMES, seats=1)


def test_no_more_delegates_listed_than_present(agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=20)
    _with_delegates(conf, 20)
    with pytest.raises(DomainError):
        elections.delegate_add(actor=None, conference=conf, person=UserFactory())
    assert Delegate.objects.filter(conference=conf).count() == 20


def test_another_units_rep_cannot_run_the_election(rep: Any, enterprise_rep: Any, agency: Any) -> None:
    conf = held_conference(agency)
    with pytest.raises(Forbidden):
        elections.inspection_board_elect(actor=enterprise_rep, conference=conf, candidates=NAMES, seats=1)
    e = elections.inspection_board_elect(actor=rep, conference=conf, candidates=NAMES, seats=1)
    with pytest.raises(Forbidden):
        open_election(meetings.election_open, actor=enterprise_rep, election=e)


def test_paper_ballots_counted_by_the_team_with_online_ballots(rep: Any, agency: Any) -> None:
    conf = held_conference(agency, convened=30, present=25)
    voters = _with_delegates(conf, 5)
    e = elections.inspection_board_elect(actor=rep, conference=conf, candidates=NAMES, seats=2, paper=True)
    # The conference elects its vote-counting team on the day: no 10-day village rule.
    meetings.election_team_set(actor=rep, election=e, head="Đỗ Thị Hoa", members=["Ngô Văn Kiên"])
    e = open_election(meetings.election_open, actor=rep, election=e)
    ids = _ids(e)
    for v in voters:
        meetings.voter_ballot_cast(person=v, election=e, choices=[ids["Lê Văn An"]])
    meetings.election_close(actor=rep, election=e)
    count = meetings.PaperCount(
        label="Hòm phiếu 1",
        issued=20,
        returned=20,
        valid=19,
        invalid=1,
        votes={ids["Lê Văn An"]: 10, ids["Phạm Thị Bình"]: 14, ids["Võ Văn Cường"]: 5},
    )
    meetings.paper_box_record(actor=rep, election=e, count=count)
    too_many = meetings.PaperCount(label="Hòm phiếu 2", issued=1, returned=1, valid=1, invalid=0)
    with pytest.raises(DomainError, match="25"):  # 21 paper + 5 online > 25 present
        meetings.paper_box_record(actor=rep, election=e, count=too_many)
    e = meetings.election_tally(actor=rep, election=e)
    assert e.tally["votes"][str(ids["Lê Văn An"])] == 15
    # 14 of 25 present is more than half: elected; 15 too.
    assert sorted(c.full_name for c in e.candidates.filter(elected=True)) == ["Lê Văn An", "Phạm Thị Bình"]
    text = "\n".join(p.text for p in Document(io.BytesIO(minutes_docx(conf))).paragraphs)
    assert "BẦU BAN THANH TRA NHÂN DÂN" in text and "Đỗ Thị Hoa" in text
    assert "Phạm Thị Bình: 14 phiếu" in text and "trúng cử" in text


def test_workers_conference_counts_winners_against_those_convened(
    enterprise_rep: Any, enterprise: Any
) -> None:
    enterprise.ownership = "state"
    enterprise.save(update_fields=["ownership"])
    conf = held_conference(enterprise, convened=30, present=24)
    voters = _with_delegates(conf, 15)
    e = _open(enterprise_rep, conf, seats=1)
    assert e.majority_base == 30
    for v in voters:
        meetings.voter_ballot_cast(person=v, election=e, choices=[_ids(e)["Lê Văn An"]])
    meetings.election_close(actor=enterprise_rep, election=e)
    e = meetings.election_tally(actor=enterprise_rep, election=e)
    assert e.status == Election.Status.FAILED  # 15 is not more than half of the 30 convened


def test_the_village_election_pages_do_not_show_a_conference_election(
    client_as: Any, rep: Any, agency: Any
) -> None:
    e = _open(rep, held_conference(agency))
    assert client_as(rep).get(reverse("meetings:election", args=[e.pk])).status_code == 404


def test_pages_run_the_election_with_the_csrf_enforcing_client(
    browser_as: Any, rep: Any, agency: Any, officer: Any
) -> None:
    conf = held_conference(agency)
    voter = UserFactory()
    rep_client = browser_as(rep)
    url = reverse("workplaces:delegate_add", args=[conf.pk])
    assert rep_client.post(url, {"person": voter.email}).status_code == 403  # no CSRF token
    r = rep_client.post_form(url, {"person": voter.email})
    assert r.status_code == 302, r.content
    r = rep_client.post_form(
        reverse("workplaces:board_elect", args=[conf.pk]),
        {"candidates": "\n".join(NAMES), "seats": 1},
    )
    assert r.status_code == 302
    e = Election.objects.get(electorate=elections.ELECTORATE)
    assert rep_client.post_form(reverse("workplaces:election_open", args=[e.pk]), {}).status_code == 302
    voter_client = browser_as(voter)
    page = voter_client.get(reverse("workplaces:election", args=[e.pk]))
    assert page.status_code == 200 and b"ballot-form" in page.content
    r = voter_client.post_form(
        reverse("workplaces:election_vote", args=[e.pk]), {"choice": [_ids(e)["Lê Văn An"]]}
    )
    assert r.status_code == 302
    assert b'id="receipt"' in voter_client.get(reverse("workplaces:election", args=[e.pk])).content
    # A delegate is not a manager; another person sees nothing.
    assert voter_client.post_form(reverse("workplaces:election_close", args=[e.pk]), {}).status_code == 404
    assert browser_as(UserFactory()).get(reverse("workplaces:election", args=[e.pk])).status_code == 404
    page = rep_client.get(reverse("workplaces:conference", args=[conf.pk]))
    assert reverse("workplaces:election", args=[e.pk]).encode() in page.content


def test_api_with_a_token(client: Any, token_for: Any, rep: Any, agency: Any, enterprise: Any) -> None:
    conf = held_conference(agency)
    voter = UserFactory()
    headers = token_for(rep)
    r = client.post(
        f"/api/v1/workplaces/conferences/{conf.pk}/delegates",
        {"person": voter.phone},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201, r.content
    r = client.post(
        f"/api/v1/workplaces/conferences/{conf.pk}/elections",
        {"candidates": NAMES, "seats": 1, "paper": False},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert client.post(f"/api/v1/workplaces/elections/{pk}/open", **headers).status_code == 200
    cand = r.json()["candidates"][0]["id"]
    vr = client.post(
        f"/api/v1/workplaces/elections/{pk}/ballots",
        {"choices": [cand]},
        content_type="application/json",
        **token_for(voter),
    )
    assert vr.status_code == 201 and vr.json()["receipt"]
    again = client.post(
        f"/api/v1/workplaces/elections/{pk}/ballots",
        {"choices": [cand]},
        content_type="application/json",
        **token_for(voter),
    )
    assert again.status_code == 409
    early = client.post(f"/api/v1/workplaces/elections/{pk}/tally", **headers)
    assert early.status_code == 409
    assert client.post(f"/api/v1/workplaces/elections/{pk}/close", **headers).status_code == 200
    t = client.post(f"/api/v1/workplaces/elections/{pk}/tally", **headers)
    assert t.status_code == 200 and t.json()["tally"]["receipts"] == [vr.json()["receipt"]]
    # Another unit's conference is not reachable; below quorum refused.
    other = held_conference(enterprise, convened=30, present=10)
    r = client.post(
        f"/api/v1/workplaces/conferences/{other.pk}/elections",
        {"candidates": NAMES, "seats": 1},
        content_type="application/json",
        **headers,
    )
    assert r.status_code in (403, 404)


def test_api_refuses_nul_bytes_in_candidates(client: Any, token_for: Any, rep: Any, agency: Any) -> None:
    conf = held_conference(agency)
    r = client.post(
        f"/api/v1/workplaces/conferences/{conf.pk}/elections",
        {"candidates": ["Lê Văn\x00 An", "B" * 300], "seats": 1},
        content_type="application/json",
        **token_for(rep),
    )
    assert r.status_code == 400
    assert not Election.objects.exists()
