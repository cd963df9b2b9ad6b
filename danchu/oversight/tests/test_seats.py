"""A village meeting elects its member of the commune's People's Inspection Board by secret ballot
(meetings); when the commune Front recognises the result the member sits on the board's record here —
village, election day, term, recognised — as if the Front had recorded them by hand; one who may not
sit (a commune official, Law 10/2022 Art. 37) makes the recognition refused, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Membership, Role
from danchu.accounts.tests.factories import person_with_role
from danchu.core.errors import DomainError
from danchu.meetings import services as meetings
from danchu.meetings.models import Election
from danchu.meetings.tests.voting import elect_on_village_meeting
from danchu.oversight.models import Board, BoardMember

pytestmark = pytest.mark.django_db


def test_the_member_a_village_elects_sits_on_the_board_when_the_front_recognises_it(
    board: Board, village: Any, village_head: Any, front_officer: Any
) -> None:
    elected = person_with_role(Role.CITIZEN, village, full_name="Hà Thị Mai")
    e = elect_on_village_meeting(village, village_head, elected)
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
    e = elect_on_village_meeting(village, village_head, official)
    with pytest.raises(DomainError):
        meetings.election_recognise(actor=front_officer, election=e)
    e.refresh_from_db()
    assert e.status == Election.Status.TALLIED
    assert not BoardMember.objects.filter(person=official).exists()
    assert not Membership.objects.filter(person=official, role=Role.INSPECTION_MEMBER).exists()
