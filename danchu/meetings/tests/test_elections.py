"""Village-head election from plan to recognition, a secret electronic ballot checked by a voter's
receipt and by `danchu verify_tally`."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.testing import on_day, open_election
from danchu.meetings import services
from danchu.meetings.models import Ballot, Election, Participation

pytestmark = pytest.mark.django_db


@pytest.fixture
def voters(households: Any, rep_of: Any) -> list[tuple[Any, Any]]:
    return [(h, rep_of(h, f"Đại Diện Hộ {h.number}")) for h in households]


@pytest.fixture
def election(village_head: Any, village: Any) -> Election:
    return services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=21),
        candidates=["Trần Văn Minh", "Lê Thị Hương"],
    )


def cast_all(election: Election, voters: list[tuple[Any, Any]], pick: list[int]) -> list[str]:
    cands = list(election.candidates.order_by("full_name"))
    receipts = []
    for (household, rep), index in zip(voters, pick, strict=False):
        choices = [] if index < 0 else [cands[index].pk]
        receipts.append(
            services.ballot_cast(person=rep, election=election, household=household, choices=choices)
        )
    return receipts


def test_steps_have_deadlines_relative_to_election_day(election: Election) -> None:
    from danchu.meetings.services.elections import steps

    dues = [s["due"] for s in steps(election)]
    d = election.election_day
    assert dues == [d - dt.timedelta(days=20), d - dt.timedelta(days=10), d - dt.timedelta(days=7), d]


def test_village_head_election_from_plan_to_recognition(
    election: Election, village_head: Any, chairman: Any, voters: Any
) -> None:
    open_election(services.election_open, actor=village_head, election=election)
    # Lê Thị Hương is first by name: 7 for her, 2 for Trần Văn Minh, 1 blank
    receipts = cast_all(election, voters, [0] * 7 + [1] * 2 + [-1])
    with pytest.raises(Conflict, match="before the vote closes"):
        services.election_tally(actor=village_head, election=election)
    services.election_close(actor=village_head, election=election)
    e = services.election_tally(actor=village_head, election=election)
    assert e.status == "tallied" and e.tally["ballots"] == 10 and e.tally["blank"] == 1
    winner = e.candidates.get(elected=True)
    assert winner.full_name == "Lê Thị Hương"
    assert sorted(receipts) == e.tally["receipts"]
    with pytest.raises(Forbidden):
        services.election_recognise(actor=village_head, election=e)
    e = services.election_recognise(actor=chairman, election=e)
    assert e.status == "recognised" and e.recognised_by == chairman


def test_ballot_rows_carry_no_voter_and_cannot_be_cast_twice(
    election: Election, village_head: Any, voters: Any
) -> None:
    open_election(services.election_open, actor=village_head, election=election)
    household, rep = voters[0]
    cand = election.candidates.first()
    services.ballot_cast(person=rep, election=election, household=household, choices=[cand.pk])
    with pytest.raises(Conflict, match="cannot be changed"):
        services.ballot_cast(person=rep, election=election, household=household, choices=[])
    assert Participation.objects.filter(election=election).count() == 1
    assert Ballot.objects.filter(election=election).count() == 1
    fields = {f.name for f in Ballot._meta.get_fields()}
    assert not fields & {"household", "person", "voter", "created_at", "cast_at"}


def test_only_the_representative_of_a_household_on_the_roster_votes(
    election: Election,
    village_head: Any,
    voters: Any,
    citizen: Any,
    household: Any,
    other_village: Any,
    rep_of: Any,
) -> None:
    from danchu.places.tests import factories as pf

    open_election(services.election_open, actor=village_head, election=election)
    with pytest.raises(Forbidden, match="representative"):
        services.ballot_cast(person=citizen, election=election, household=household, choices=[])
    stranger = pf.household_with_head(other_village, number="555")
    with pytest.raises(Forbidden, match="village"):
        services.ballot_cast(person=rep_of(stranger), election=election, household=stranger, choices=[])
    assert not Ballot.objects.exists()


def test_vote_outside_the_open_window_is_refused(election: Election, voters: Any, village_head: Any) -> None:
    household, rep = voters[0]
    with pytest.raises(Conflict, match="not open"):
        services.ballot_cast(person=rep, election=election, household=household, choices=[])
    open_election(services.election_open, actor=village_head, election=election)
    services.election_close(actor=village_head, election=election)
    with pytest.raises(Conflict, match="not open"):
        services.ballot_cast(person=rep, election=election, household=household, choices=[])


def test_nobody_elected_leads_to_a_rerun_within_fifteen_days(
    election: Election, village_head: Any, voters: Any
) -> None:
    open_election(services.election_open, actor=village_head, election=election)
    cast_all(election, voters, [0] * 4 + [1] * 4)  # nobody over half of 10 households
    services.election_close(actor=village_head, election=election)
    e = services.election_tally(actor=village_head, election=election)
    assert e.status == "failed"
    with pytest.raises(DomainError, match="within 15 days"):
        services.election_rerun(
            actor=village_head, election=e, election_day=e.election_day + dt.timedelta(days=20)
        )
    again = services.election_rerun(
        actor=village_head, election=e, election_day=e.election_day + dt.timedelta(days=10)
    )
    assert again.rerun_of == e and again.candidates.count() == 2


def test_verify_tally_matches_and_detects_tampering(
    election: Election, village_head: Any, voters: Any
) -> None:
    open_election(services.election_open, actor=village_head, election=election)
    cast_all(election, voters, [0] * 6 + [1] * 3)
    with pytest.raises(CommandError, match="no published tally"):
        call_command("verify_tally", str(election.pk))
    services.election_close(actor=village_head, election=election)
    services.election_tally(actor=village_head, election=election)
    out = StringIO()
    call_command("verify_tally", str(election.pk), stdout=out)
    assert out.getvalue().startswith("OK")
    forged = Ballot.objects.filter(election=election).first()
    forged.choices = []
    forged.save()
    with pytest.raises(CommandError, match="MISMATCH"):
        call_command("verify_tally", str(election.pk))


def test_election_through_the_api_with_receipt_check(
    village_head: Any, chairman: Any, village: Any, voters: Any, client: Any, token_for: Any
) -> None:
    head = token_for(village_head)
    r = client.post(
        "/api/v1/meetings/elections",
        {
            "village": village.code,
            "office": "village_head",
            "election_day": str(timezone.localdate() + dt.timedelta(days=21)),
            "candidates": ["Trần Văn Minh", "Lê Thị Hương"],
        },
        content_type="application/json",
        **head,
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    cand = r.json()["candidates"][0]["id"]
    # Not before the election day (409, the day named); on the day it opens.
    r = client.post(f"/api/v1/meetings/elections/{pk}/open", **head)
    assert r.status_code == 409 and r.json()["code"] == "not_yet", r.content
    with on_day(Election.objects.get(pk=pk).election_day):
        assert client.post(f"/api/v1/meetings/elections/{pk}/open", **head).status_code == 200
    household, rep = voters[0]
    url = f"/api/v1/meetings/elections/{pk}/ballots"
    r = client.post(
        url,
        {"household": household.number, "choices": [cand]},
        content_type="application/json",
        **token_for(rep),
    )
    assert r.status_code == 201
    receipt = r.json()["receipt"]
    r = client.post(
        url, {"household": household.number, "choices": []}, content_type="application/json", **token_for(rep)
    )
    assert r.status_code == 409
    other_household, _other = voters[1]
    r = client.post(
        url,
        {"household": other_household.number, "choices": []},
        content_type="application/json",
        **token_for(rep),
    )
    assert r.status_code == 404  # not their household
    assert (
        client.get(f"/api/v1/meetings/elections/{pk}/receipts/{receipt}").status_code == 404
    )  # before the tally
    assert client.post(f"/api/v1/meetings/elections/{pk}/tally", **head).status_code == 409
    client.post(f"/api/v1/meetings/elections/{pk}/close", **head)
    r = client.post(f"/api/v1/meetings/elections/{pk}/tally", **head)
    assert r.status_code == 200 and r.json()["status"] == "failed"  # 1 of 10 households
    assert client.get(f"/api/v1/meetings/elections/{pk}/receipts/{receipt}").json()["counted"] is True
    assert client.get(f"/api/v1/meetings/elections/{pk}/receipts/XXXX-XXXX-XXXX").json()["counted"] is False


def test_representative_votes_on_the_page_and_checks_the_receipt(
    election: Election, village_head: Any, voters: Any, browser_as: Any, client: Any
) -> None:
    # Before the election day the page says when the vote opens, and a forced open is refused.
    head = browser_as(village_head)
    page = head.get(f"/meetings/elections/{election.pk}/").content.decode()
    assert 'id="opens-on"' in page and f"/meetings/elections/{election.pk}/open/" not in page
    forced = head.post_form(f"/meetings/elections/{election.pk}/open/")
    assert forced.status_code == 409 and "Bỏ phiếu mở vào ngày bầu cử" in forced.content.decode()
    assert Election.objects.get(pk=election.pk).status == Election.Status.PLANNED
    open_election(services.election_open, actor=village_head, election=election)
    household, rep = voters[0]
    b = browser_as(rep)
    vote_url = f"/meetings/elections/{election.pk}/vote/"
    before = b.get(f"/meetings/elections/{election.pk}/").content.decode()
    assert vote_url in before and "voted-household" not in before
    cand = election.candidates.first()
    r = b.post_form(
        f"/meetings/elections/{election.pk}/vote/", {"household": household.number, "choice": [cand.pk]}
    )
    assert r.status_code == 200
    receipt = Ballot.objects.get(election=election).receipt
    assert receipt in r.content.decode()
    after = b.get(f"/meetings/elections/{election.pk}/").content.decode()
    assert receipt not in after  # shown once
    # The household's ballot is cast: the page says so instead of offering a ballot it would refuse.
    assert vote_url not in after and "voted-household" in after and household.number in after
    other_household, _other = voters[1]
    r = b.post_form(f"/meetings/elections/{election.pk}/vote/", {"household": other_household.number})
    assert r.status_code == 404
    assert (
        client.get(f"/meetings/elections/{election.pk}/receipt/?code={receipt}").status_code == 404
    )  # not tallied
    services.election_close(actor=village_head, election=election)
    services.election_tally(actor=village_head, election=election)
    checked = client.get(f"/meetings/elections/{election.pk}/receipt/?code={receipt}").content.decode()
    assert 'id="counted"' in checked and "badge ok" in checked


def test_the_receipt_is_kept_nowhere_with_the_voter(
    election: Election, village_head: Any, voters: Any, browser_as: Any
) -> None:
    """The session is a database row naming the person: a receipt kept there (until the next page,
    which a dropped connection may never load) linked the voter to their ballot's choices."""
    from django.contrib.sessions.models import Session

    open_election(services.election_open, actor=village_head, election=election)
    household, rep = voters[0]
    b = browser_as(rep)
    cand = election.candidates.first()
    r = b.post_form(
        f"/meetings/elections/{election.pk}/vote/", {"household": household.number, "choice": [cand.pk]}
    )
    receipt = Ballot.objects.get(election=election).receipt
    assert receipt in r.content.decode() and "no-store" in r["Cache-Control"]
    assert not any(receipt in str(s.get_decoded()) for s in Session.objects.all())


def test_reminders_of_due_steps_are_sent_once(election: Election, village_head: Any, chairman: Any) -> None:
    from danchu.meetings.services.election_reminders import election_reminders

    village_head.notify_channel = chairman.notify_channel = "email"
    village_head.save()
    chairman.save()
    day = election.election_day - dt.timedelta(days=21)  # the plan step (D-20) is due tomorrow
    first = election_reminders(today=day)
    assert first >= 1
    assert election_reminders(today=day) == 0
    election.refresh_from_db()
    assert election.reminded == [0]


def test_elected_board_member_with_an_account_joins_the_board_on_recognition(
    village_head: Any,
    village: Any,
    voters: Any,
    front_officer: Any,
    chairman: Any,
    board_member: Any,
    rep_of: Any,
) -> None:
    from danchu.accounts.models import Membership

    household, candidate_user = voters[0]
    e = services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.INSPECTION_BOARD,
        election_day=timezone.localdate(),
        candidates=["Đại Diện Hộ " + household.number, "Lò Văn Sáng"],
        accounts={"Đại Diện Hộ " + household.number: candidate_user},
    )
    open_election(services.election_open, actor=village_head, election=e)
    names = list(e.candidates.order_by("full_name").values_list("full_name", flat=True))
    cast_all(e, voters, [names.index("Đại Diện Hộ " + household.number)] * 8)
    services.election_close(actor=village_head, election=e)
    e = services.election_tally(actor=village_head, election=e)
    with pytest.raises(Forbidden):
        services.election_recognise(actor=chairman, election=e)  # board members: the Fatherland Front
    services.election_recognise(actor=front_officer, election=e)
    ms = Membership.objects.get(person=candidate_user, role="inspection_member")
    from danchu.meetings.queries import board_members

    assert ms in board_members(ms.body)


def test_closing_rewrites_the_ballots_out_of_the_order_they_were_cast(
    election: Election, village_head: Any, voters: Any
) -> None:
    """Rows lie in the order they were written (and on PostgreSQL carry the casting transaction's
    id, shared with the voter's participation row): closing writes them again, shuffled, under new
    ids, in one transaction; receipts and choices stay."""
    from django.db import connection

    from danchu.meetings.models import Ballot

    open_election(services.election_open, actor=village_head, election=election)
    receipts = cast_all(election, voters, [0] * 5 + [1] * 5)
    before = {b.pk: (b.receipt, b.choices) for b in Ballot.objects.filter(election=election)}
    services.election_close(actor=village_head, election=election)
    after = list(Ballot.objects.filter(election=election).order_by())  # stored order
    assert not set(before) & {b.pk for b in after}  # new ids
    assert sorted((r, c) for r, c in before.values()) == sorted((b.receipt, b.choices) for b in after)
    if connection.vendor == "postgresql":
        with connection.cursor() as c:
            c.execute(
                "SELECT COUNT(DISTINCT xmin::text) FROM meetings_ballot WHERE election_id = %s", [election.pk]
            )
            assert c.fetchone()[0] == 1  # one writing transaction for all: the close
    assert sorted(receipts) == sorted(b.receipt for b in after)


def test_my_data_says_i_cast_my_households_secret_ballot_never_how(
    election: Election, village_head: Any, voters: Any
) -> None:
    """A representative who cast the household's ballot found no trace of it in their data: the
    participation names the household, not who cast it."""
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    from danchu.accounts.personal_data import personal_data

    def rows(person: Any) -> list[dict[str, Any]]:
        return next(s for s in personal_data(person)["sections"] if s["key"] == "meetings.elections")["rows"]

    open_election(services.election_open, actor=village_head, election=election)
    (h1, rep1), (_h2, rep2) = voters[:2]
    pick = election.candidates.get(full_name="Lê Thị Hương")
    services.ballot_cast(person=rep1, election=election, household=h1, choices=[pick.pk])

    assert [(r["election"], r["household"]) for r in rows(rep1)] == [(str(election), h1.number)]
    assert rows(rep2) == []
    everything = json.dumps(personal_data(rep1), cls=DjangoJSONEncoder, ensure_ascii=False)
    assert "Lê Thị Hương" not in everything


def test_a_candidate_is_linked_to_their_account_by_phone_or_e_mail_on_the_page(
    browser_as: Any, village_head: Any, village: Any, rep_of: Any, households: Any
) -> None:
    """A board member elected with an account sits on the board on recognition: the village head names
    the account after the name ("Hà Thị Mai; 0912 …"); a contact that is no account is refused with the
    candidate's number, and nothing is planned."""
    from danchu.meetings.models import Candidate

    mai = rep_of(households[0], "Hà Thị Mai")
    type(mai).objects.filter(pk=mai.pk).update(phone="+84912345678", email="mai@example.vn")
    client = browser_as(village_head)
    data = {
        "village": village.pk,
        "office": Election.Office.INSPECTION_BOARD,
        "election_day": (timezone.localdate() + dt.timedelta(days=21)).isoformat(),
        "seats": 1,
    }
    url = "/meetings/elections/new/"
    r = client.post_form(url, {**data, "candidates": "Hà Thị Mai; 0987 000 111\nLò Văn Sáng"})
    page = r.content.decode()  # shown at the field, what was typed kept
    assert r.status_code == 400 and "Ứng cử viên thứ 1 (Hà Thị Mai)" in page and "0987 000 111" in page
    assert not Election.objects.exists()
    r = client.post_form(url, {**data, "candidates": "Hà Thị Mai; 0912 345 678\nLò Văn Sáng"})
    assert r.status_code == 302
    e = Election.objects.get()
    linked = {c.full_name: c.person_id for c in Candidate.objects.filter(election=e)}
    assert linked == {"Hà Thị Mai": mai.pk, "Lò Văn Sáng": None}
    assert "đã liên kết tài khoản" in client.get(f"/meetings/elections/{e.pk}/").content.decode()
    with pytest.raises(DomainError) as refused:
        services.election_plan(
            actor=village_head,
            village=village,
            office=Election.Office.INSPECTION_BOARD,
            election_day=timezone.localdate() + dt.timedelta(days=22),
            candidates=["Lò Văn Sáng", "Hà Thị Mai; không.có@example.vn"],
        )
    assert "Ứng cử viên thứ 2 (Hà Thị Mai)" in refused.value.message
