"""Winners of the conference's election who were named without an account are seated too: with the
account of the one delegate of that name, else an account without sign-in recorded for them
(accounts' walk-in record, reused when the name is elected again); a closed account is not seated.
The election's page says, for every winner, whether and how they sit."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import Role, User
from danchu.accounts.services import account_close
from danchu.accounts.tests.factories import UserFactory
from danchu.core.models import AuditEntry
from danchu.core.testing import open_election
from danchu.meetings import services as meetings
from danchu.oversight.models import Board, BoardMember
from danchu.workplaces import elections

from .conftest import held_conference

pytestmark = pytest.mark.django_db


def _tallied(rep: Any, conf: Any, names: list[str], accounts: dict[str, Any], winners: list[str]) -> Any:
    """A paper election counted (not yet recognised): the winners get all but two votes."""
    e = elections.inspection_board_elect(
        actor=rep, conference=conf, candidates=names, seats=len(winners), paper=True, accounts=accounts
    )
    meetings.election_team_set(actor=rep, election=e, head="Đỗ Thị Hoa", members=["Ngô Văn Kiên"])
    e = open_election(meetings.election_open, actor=rep, election=e)
    meetings.election_close(actor=rep, election=e)
    n = conf.delegates_present
    votes = {c.pk: (n - 2 if c.full_name in winners else 1) for c in e.candidates.all()}
    meetings.paper_box_record(
        actor=rep,
        election=e,
        count=meetings.PaperCount(label="Hòm 1", issued=n, returned=n, valid=n, invalid=0, votes=votes),
    )
    return meetings.election_tally(actor=rep, election=e)


def _recognised(rep: Any, conf: Any, winners: list[str]) -> Any:
    e = _tallied(rep, conf, [*winners, "Lò Văn Pọm"], {}, winners=winners)
    return meetings.election_recognise(actor=rep, election=e)


def test_recognition_seats_every_winner_and_the_page_says_how(
    browser_as: Any, token_for: Any, rep: Any, agency: Any, commune: Any
) -> None:
    conf = held_conference(agency)
    delegate = UserFactory(full_name="Trần Văn Dũng")
    elections.delegate_add(actor=rep, conference=conf, person=delegate)
    closed = UserFactory(full_name="Hà Văn Khải")
    names = ["Trần  Văn Dũng", "Mai Thị Hạnh", "Hà Văn Khải", "Lò Văn Pọm"]
    e = _tallied(rep, conf, names, {"Hà Văn Khải": closed}, winners=names[:3])
    account_close(person=closed)
    before = User.objects.count()
    client = browser_as(rep)
    url = reverse("workplaces:election_recognise", args=[e.pk])
    assert client.post(url).status_code == 403  # no CSRF token
    assert not Board.objects.filter(body=agency.body).exists()
    r = client.post_form(url)
    assert r.status_code == 302
    board = Board.objects.get(body=agency.body)
    seats = {m.person.full_name: m for m in BoardMember.objects.filter(board=board)}
    # The delegate of that name (spaces and case aside) sits with their own account.
    assert seats["Trần Văn Dũng"].person == delegate
    # Hạnh had no account: one holding her name, without sign-in, was recorded for her (audited).
    hanh = seats["Mai Thị Hạnh"].person
    assert User.objects.count() == before + 1
    assert not hanh.is_active and not hanh.has_usable_password() and hanh.phone is None
    assert seats["Mai Thị Hạnh"].membership.role == Role.UNIT_INSPECTION_MEMBER
    entry = AuditEntry.objects.get(action="accounts.walk_in_register", object_id=str(hanh.pk))
    assert entry.actor == rep
    # The closed account is not seated; Pọm lost.
    assert set(seats) == {"Trần Văn Dũng", "Mai Thị Hạnh"}
    page = client.get(reverse("workplaces:election", args=[e.pk])).content.decode()
    listed = page[page.index('id="seating"') :]
    assert '<li data-status="seated"><strong>Trần  Văn Dũng</strong>' in listed
    assert '<li data-status="no_sign_in"><strong>Mai Thị Hạnh</strong>' in listed
    assert '<li data-status="closed"><strong>Hà Văn Khải</strong>' in listed
    assert "Lò Văn Pọm" not in listed
    assert "chưa có quyền đăng nhập" in listed
    r = browser_as().get(f"/api/v1/workplaces/elections/{e.pk}", **token_for(rep))
    assert r.status_code == 200
    assert [(row["name"], row["status"]) for row in r.json()["seating"]] == [
        ("Trần  Văn Dũng", "seated"),
        ("Mai Thị Hạnh", "no_sign_in"),
        ("Hà Văn Khải", "closed"),
    ]
    assert r.json()["seating"][1]["member_id"] == seats["Mai Thị Hạnh"].pk


def test_a_name_elected_again_keeps_the_account_recorded_for_it(rep: Any, agency: Any) -> None:
    conf = held_conference(agency)
    _recognised(rep, conf, ["Mai Thị Hạnh"])
    [first] = BoardMember.objects.filter(board__body=agency.body)
    # A second round of the same conference elects her again, and Cường.
    _recognised(rep, conf, ["Mai Thị Hạnh", "Võ Văn Cường"])
    seats = BoardMember.objects.filter(board__body=agency.body)
    assert sorted(m.person.full_name for m in seats) == ["Mai Thị Hạnh", "Võ Văn Cường"]
    assert seats.get(person__full_name="Mai Thị Hạnh") == first
    assert User.objects.filter(full_name="Mai Thị Hạnh").count() == 1


def test_two_delegates_of_the_same_name_are_not_guessed(rep: Any, agency: Any) -> None:
    conf = held_conference(agency)
    twins = [UserFactory(full_name="Lê Văn An"), UserFactory(full_name="Lê Văn An")]
    for person in twins:
        elections.delegate_add(actor=rep, conference=conf, person=person)
    _recognised(rep, conf, ["Lê Văn An"])
    [seat] = BoardMember.objects.filter(board__body=agency.body)
    assert seat.person not in twins and not seat.person.is_active


def test_another_units_delegate_of_that_name_is_not_taken(rep: Any, agency: Any, commune: Any) -> None:
    from danchu.accounts.tests.factories import person_with_role
    from danchu.workplaces import services
    from danchu.workplaces.models import Ownership, UnitType

    other = services.unit_register(
        actor=None,
        data=services.UnitData(
            code="DV-KP-03",
            name="Trường Mầm non Hoa Sen",
            unit_type=UnitType.PUBLIC_SERVICE,
            place=commune,
            ownership=Ownership.NOT_APPLICABLE,
            employees=30,
        ),
    )
    other_rep = person_with_role(Role.WORKPLACE_REP, commune, body=other.body, full_name="Hồ Thị Lan")
    theirs = UserFactory(full_name="Lê Văn An")
    elections.delegate_add(actor=other_rep, conference=held_conference(other), person=theirs)
    _recognised(rep, held_conference(agency), ["Lê Văn An"])
    [seat] = BoardMember.objects.filter(board__body=agency.body)
    assert seat.person != theirs
    assert not BoardMember.objects.filter(person=theirs).exists()
