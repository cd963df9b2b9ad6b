from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from danchu.accounts.models import Membership, Role
from danchu.accounts.permissions import forget
from danchu.accounts.tests.factories import UserFactory
from danchu.core.access import can
from danchu.core.errors import DomainError
from danchu.oversight import services
from danchu.oversight.models import Board, BoardMember, Period, PlanVersion

pytestmark = pytest.mark.django_db


def _member(board: Board, village: Any, **kw: Any) -> BoardMember:
    person = kw.pop("person", None) or UserFactory(full_name="Y Blang Niê")
    return services.member_add(
        actor=None, board=board, data=services.MemberData(person=person, village=village, **kw)
    )


def test_front_officer_sets_up_the_board_of_the_commune(
    browser_as: Any, front_officer: Any, commune: Any
) -> None:
    client = browser_as(front_officer)
    r = client.post_form(
        f"/oversight/communes/{commune.code}/board/",
        {"size": "5", "term_from": "2025-07-01", "term_to": "2030-06-30", "contact": "Nhà văn hóa xã"},
    )
    assert r.status_code == 302
    board = Board.objects.get(body__place=commune)
    assert board.size == 5 and board.body.kind == "inspection_board"


def test_front_of_another_commune_cannot_set_up_the_board(
    browser_as: Any, front_officer: Any, other_commune: Any
) -> None:
    r = browser_as(front_officer).post_form(
        f"/oversight/communes/{other_commune.code}/board/",
        {"size": "5", "term_from": "2025-07-01", "term_to": "2030-06-30"},
    )
    assert r.status_code == 404
    assert not Board.objects.exists()


def test_a_board_has_at_least_five_members(commune: Any) -> None:
    with pytest.raises(DomainError, match="5"):
        services.board_establish(
            actor=None, place=commune, size=3, term_from=dt.date(2025, 7, 1), term_to=dt.date(2030, 6, 30)
        )


def test_elected_member_gets_the_board_role_and_can_work(board: Board, other_village: Any) -> None:
    member = _member(board, other_village, elected_on=dt.date(2025, 7, 10))
    assert member.membership.role == Role.INSPECTION_MEMBER and member.membership.body_id == board.body_id
    assert can(member.person, "oversight.work", board)


def test_commune_official_cannot_be_a_member(board: Board, officer: Any, village: Any) -> None:
    with pytest.raises(DomainError, match="Art. 37|Điều 37"):
        _member(board, village, person=officer, elected_on=dt.date(2025, 7, 10))
    assert not BoardMember.objects.filter(person=officer).exists()


def test_village_head_cannot_be_a_member(board: Board, village_head: Any, village: Any) -> None:
    with pytest.raises(DomainError):
        _member(board, village, person=village_head, elected_on=dt.date(2025, 7, 10))


def test_a_person_living_only_in_another_commune_cannot_be_a_member(
    board: Board, village: Any, other_commune: Any
) -> None:
    from danchu.accounts.tests.factories import link_household, person_with_role
    from danchu.places.tests import factories as pf

    far = pf.village(other_commune, code="24190-001", name="Thôn Ea Kly 1")
    outsider = person_with_role(Role.HOUSEHOLD_REP, far, full_name="H'Hen Niê")
    with pytest.raises(DomainError, match="does not live in|không cư trú tại") as refused:
        _member(board, village, person=outsider, elected_on=dt.date(2025, 7, 10))
    assert re.search("Art. 37|Điều 37", str(refused.value))
    assert not BoardMember.objects.filter(person=outsider).exists()
    assert not Membership.objects.filter(person=outsider, role=Role.INSPECTION_MEMBER).exists()
    # Living in the commune (a confirmed household of one of its villages) is enough, wherever else.
    link_household(outsider, pf.household_with_head(village, number="17"))
    assert _member(board, village, person=outsider, elected_on=dt.date(2025, 7, 10)).person == outsider


def test_village_of_another_commune_is_refused(board: Board, other_commune: Any) -> None:
    from danchu.places.tests import factories as pf

    far = pf.village(other_commune, code="24190-001", name="Thôn Ea Kly 1")
    with pytest.raises(DomainError):
        _member(board, far, elected_on=dt.date(2025, 7, 10))


def test_by_election_only_with_six_months_of_term_left(board: Board, other_village: Any) -> None:
    board.term_to = dt.date(2025, 12, 31)
    board.save()
    with pytest.raises(DomainError, match="6"):
        _member(board, other_village, elected_on=dt.date(2025, 9, 1), by_election=True)
    member = _member(board, other_village, elected_on=dt.date(2025, 6, 1), by_election=True)
    assert member.election == BoardMember.Election.BY_ELECTION


def test_ended_member_loses_the_role(board: Board, other_village: Any) -> None:
    member = _member(board, other_village, elected_on=dt.date(2025, 7, 10))
    services.member_end(actor=None, member=member, reason="Chuyển nơi cư trú", on=dt.date(2025, 8, 1))
    forget(member.person)
    assert Membership.objects.active().filter(person=member.person, role=Role.INSPECTION_MEMBER).count() == 0
    assert not can(member.person, "oversight.work", board)


def test_a_member_removed_today_loses_the_role_at_once(board: Board, other_village: Any) -> None:
    member = _member(board, other_village, elected_on=dt.date(2025, 7, 10))
    assert can(member.person, "oversight.work", board)
    services.member_end(actor=None, member=member, reason="Bị bãi nhiệm")  # today
    assert Membership.objects.active().filter(person=member.person, role=Role.INSPECTION_MEMBER).count() == 0
    assert not can(member.person, "oversight.work", board)


def test_plan_adjustment_keeps_the_previous_version(board: Board, board_member: Any) -> None:
    data = services.PlanData(
        period=Period.QUARTER,
        number=1,
        year=2026,
        title="Kế hoạch giám sát quý I/2026",
        objectives="Giám sát thu chi quỹ vệ sinh",
        contents="Kiểm tra sổ sách thôn 1",
        start_on=dt.date(2026, 1, 1),
        end_on=dt.date(2026, 3, 31),
        budget=5_000_000,
    )
    plan = services.plan_create(actor=board_member, board=board, data=data)
    adjusted = services.plan_adjust(
        actor=board_member,
        plan=plan,
        data=services.PlanData(**{**data.__dict__, "budget": 7_000_000, "contents": "Thêm thôn 2"}),
        reason="Bổ sung nội dung theo đề nghị của MTTQ xã",
    )
    assert adjusted.version == 2 and adjusted.budget == 7_000_000
    old = PlanVersion.objects.get(plan=plan)
    assert (
        old.version == 1
        and old.content["budget"] == 5_000_000
        and old.content["contents"] == "Kiểm tra sổ sách thôn 1"
    )


def test_quarter_plan_needs_its_quarter(board: Board, board_member: Any) -> None:
    with pytest.raises(DomainError):
        services.plan_create(
            actor=board_member,
            board=board,
            data=services.PlanData(
                period=Period.QUARTER,
                number=0,
                year=2026,
                title="Quý",
                objectives="x",
                contents="y",
                start_on=dt.date(2026, 1, 1),
                end_on=dt.date(2026, 3, 31),
            ),
        )


def test_board_page_for_member_and_404_for_others(
    client_as: Any, board: Board, board_member: Any, outsider: Any, other_board_member: Any, citizen: Any
) -> None:
    url = f"/oversight/boards/{board.pk}/"
    assert client_as(board_member).get(url).status_code == 200
    assert client_as(outsider).get(url).status_code == 404
    assert client_as(other_board_member).get(url).status_code == 404
    assert client_as(citizen).get(url).status_code == 404
