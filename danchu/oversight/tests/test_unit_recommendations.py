"""A unit's board (agency, school, enterprise) recommends to the unit's competent person: the commune's
chairman is not its addressee, reads none of its matters and answers none of its recommendations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.accounts.models import Body
from danchu.accounts.tests.factories import BodyFactory, UserFactory, give_totp
from danchu.oversight import queries, services
from danchu.oversight.models import Board, Matter, Recommendation

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db
START = dt.date(2025, 9, 3)


@pytest.fixture
def unit_matter(commune: Any) -> Matter:
    body = BodyFactory(kind=Body.Kind.AGENCY, name="Trường THCS Krông Pắc", place=commune)
    member = UserFactory(full_name="Thành Viên Ban Trường")
    services.unit_board_seat(
        actor=None, body=body, elected=[member], elected_on=START, recognised_on=START, seats=3
    )
    board = Board.objects.get(body=body)
    return walk_to_concluded(slip(board, member, received_on=START), member, START)


def test_the_commune_chairman_is_not_the_addressee_of_a_units_recommendation(
    client: Any, client_as: Any, token_for: Any, unit_matter: Matter, chairman: Any
) -> None:
    member = unit_matter.board.members.get().person
    rec = services.recommendation_make(
        actor=member,
        matter=unit_matter,
        addressee="Hiệu trưởng",
        content="Công khai quỹ",
        on=unit_matter.concluded_on,
    )
    assert not queries.awaiting_answer(chairman).exists()
    assert client_as(chairman).get(f"/oversight/matters/{unit_matter.pk}/").status_code == 404
    r = client.post(
        f"/api/v1/oversight/recommendations/{rec.pk}/answer",
        {"answer": "Đã xử lý"},
        content_type="application/json",
        **token_for(chairman),
    )
    assert r.status_code == 404
    rec.refresh_from_db()
    assert rec.status == Recommendation.Status.OPEN and rec.answer == ""
    # The board records an answer that came on paper.
    services.recommendation_answer(actor=member, recommendation=rec, answer="Nhà trường đã công khai")


def test_the_page_does_not_name_the_commune_chairman_for_a_unit(
    client_as: Any, unit_matter: Matter, chairman: Any
) -> None:
    member = unit_matter.board.members.get().person
    give_totp(member)  # a unit board's member uses TOTP (docs/oversight.md)
    page = client_as(member).get(f"/oversight/matters/{unit_matter.pk}/").content.decode()
    assert 'name="to_chairman"' not in page and 'name="addressee"' in page
    r = client_as(member).post(
        f"/oversight/matters/{unit_matter.pk}/recommend/",
        {"addressee": "Hiệu trưởng", "content": "Công khai quỹ", "to_chairman": "on"},
    )
    assert r.status_code == 302, r.content
    assert r["Location"] == f"/oversight/matters/{unit_matter.pk}/", r["Location"]
    assert Recommendation.objects.get().addressee_person is None
