"""A village meeting elects its member of the commune's People's Inspection Board by secret ballot
(meetings); when the commune Front recognises the result the member sits on the board's record here —
village, election day, term, recognised — as if the Front had recorded them by hand; one who may not
sit (a commune official, Law 10/2022 Art. 37) makes the recognition refused, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Membership, Role
from danchu.accounts.tests.factories import link_household, person_with_role
from danchu.core.errors import DomainError
from danchu.core.testing import open_election
from danchu.meetings import services as meetings
from danchu.meetings.models import Election
from danchu.oversight.models import Board, BoardMember
from danchu.places.tests import factories as pf

pytestmark = pytest.mark.django_db


def _elect(village: Any, village_head: Any, candidate: Any) -> Election:
    """An election of the village's board member, won by `candidate` (an account) with 6 of 8 ballots."""
    name = candidate.full_name
    e = meetings.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.INSPECTION_BOARD,
        election_day=timezone.localdate(),
        candidates=[name, "Lò Văn Sáng"],
        accounts={name: candidate},
    )
    voters = []
    for n in range(8):  # the village's households, registered before the vote opens (its roster)
        household = pf.household_with_head(village, number=str(300 + n))
        rep = person_with_role(Role.HOUSEHOLD_REP, village, full_name=f"Đại Diện Hộ {300 + n}")
        link_household(rep, household, representative=True)
        voters.append((household, rep))
    open_election(meetings.election_open, actor=village_head, election=e)
    ids = {c.full_name: c.pk for c in e.candidates.all()}
    for n, (household, rep) in enumerate(voters):
        pick = ids[name] if n < 6 else ids["Lò Văn Sáng"]
        meetings.ballot_cast(person=rep, election=e, household=household, choices=[pick])
    meetings.election_close(actor=village_head, election=e)
    return meetings.election_tally(actor=village_head, election=e)


def test_the_member_a_village_elects_sits_on_the_board_when_the_front_recognises_it(
    board: Board, village: Any, village_head: Any, front_officer: Any
) -> None:
    elected = person_with_role(Role.CITIZEN, village, full_name="Hà Thị Mai")
    e = _elect(village, village_head, elected)
    assert not BoardMember.objects.filter(person=elected).exists()
    meetings.election_recognise(actor=front_officer, election=e)
    seat = BoardMember.objects.get(board=board, person=elected)
    assert seat.village == village and seat.position == BoardMember.Position.MEMBER
    assert seat.elected_on == e.election_day and seat.recognised_on == timezone.localdate()
    assert seat.term_to == board.term_to and seat.election == BoardMember.Election.REGULAR
    # One role on the board, the one recognition granted, now the seat's (with the board's term).
    (role,) = Membership.objects.filter(person=elected, role=Role.INSPECTION_MEMBER, body=board.body)
    assert seat.membership == role and role.valid_to == board.term_to


def test_a_commune_official_elected_makes_the_recognition_refused(
    board: Board, village: Any, commune: Any, village_head: Any, front_officer: Any
) -> None:
    official = person_with_role(Role.COMMUNE_OFFICER, commune, full_name="Đỗ Văn Công Chức")
    e = _elect(village, village_head, official)
    with pytest.raises(DomainError):
        meetings.election_recognise(actor=front_officer, election=e)
    e.refresh_from_db()
    assert e.status == Election.Status.TALLIED
    assert not BoardMember.objects.filter(person=official).exists()
    assert not Membership.objects.filter(person=official, role=Role.INSPECTION_MEMBER).exists()
