"""Who reads and who acts on a matter, across roles and own/foreign scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.core.access import can
from danchu.oversight import services
from danchu.oversight.models import Board

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db
START = dt.date(2025, 9, 3)


@pytest.mark.parametrize(
    ("who", "reads", "handles"),
    [
        ("board_member", True, True),
        ("front_officer", True, False),
        ("steering_member", True, False),
        ("admin_user", True, True),
        ("chairman", False, False),
        ("officer", False, False),
        ("village_head", False, False),
        ("citizen", False, False),
        ("outsider", False, False),
        ("other_board_member", False, False),
    ],
)
def test_matter_access_by_role(
    request: Any, board: Board, board_member: Any, who: str, reads: bool, handles: bool
) -> None:
    m = slip(board, board_member, received_on=START)
    person = request.getfixturevalue(who)
    assert can(person, "oversight.view_matter", m) is reads
    assert can(person, "oversight.handle_matter", m) is handles


def test_the_addressee_and_the_sender_read_the_matter(
    board: Board, board_member: Any, chairman: Any, officer: Any, citizen: Any
) -> None:
    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    m.submitted_by = citizen
    m.save(update_fields=["submitted_by"])
    assert can(citizen, "oversight.view_matter", m)
    assert not can(chairman, "oversight.view_matter", m)
    rec = services.recommendation_make(
        actor=board_member, matter=m, addressee="Chủ tịch UBND xã", content="Xử lý", on=m.concluded_on
    )
    assert can(chairman, "oversight.view_matter", m) and can(chairman, "oversight.answer", rec)
    assert not can(officer, "oversight.answer", rec)
    named = services.recommendation_make(
        actor=board_member,
        matter=m,
        addressee="Công chức địa chính",
        addressee_person=officer,
        content="Rà soát hồ sơ",
        on=m.concluded_on,
    )
    assert can(officer, "oversight.answer", named) and not can(chairman, "oversight.answer", named)


def test_a_written_answer_received_on_paper_is_recorded_by_the_board_even_when_a_person_is_named(
    board: Board, board_member: Any, officer: Any, browser_as: Any, token_for: Any, client: Any
) -> None:
    from danchu.core.errors import DomainError
    from danchu.oversight.models import Recommendation

    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    named = services.recommendation_make(
        actor=board_member,
        matter=m,
        addressee="Công chức địa chính",
        addressee_person=officer,
        content="Rà soát hồ sơ thửa đất",
        on=m.concluded_on,
    )
    # The named officer answers here, dated the day it is sent: no earlier date (the on-time rate).
    with pytest.raises(DomainError):
        services.dated_here(officer, named, m.concluded_on)
    assert services.dated_here(officer, named, None) is None
    r = client.post(
        f"/api/v1/oversight/recommendations/{named.pk}/answer",
        {"answer": "Đã rà soát", "answered_on": str(m.concluded_on)},
        content_type="application/json",
        **token_for(officer),
    )
    assert r.status_code == 400, r.content
    named.refresh_from_db()
    assert named.status == Recommendation.Status.OPEN and named.answer == ""
    # The officer answered by letter instead: the board records it with the letter's date.
    assert can(board_member, "oversight.answer", named)
    browser = browser_as(board_member)
    page = browser.get(f"/oversight/matters/{m.pk}/").content.decode()
    assert 'name="answered_on"' in page
    letter = m.concluded_on + dt.timedelta(days=5)
    r = browser.post(
        f"/oversight/recommendations/{named.pk}/answer/",
        {
            "answer": "Công văn số 12/UBND: đã rà soát",
            "answered_on": str(letter),
            "csrfmiddlewaretoken": browser.csrf_token(),
        },
    )
    assert r.status_code == 302, r.content
    named.refresh_from_db()
    assert named.status == Recommendation.Status.ANSWERED and named.answered_on == letter
    assert named.answered_by == board_member
