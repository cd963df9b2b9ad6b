"""What a matter shows to whom: a published matter shows its findings, not its record; the tracking
code of the case it came from is a key to that case (its answer, the signed reply, the rating) and
stays with the board; a citizen's own words to the board stay with the board, as cases seals them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from danchu.cases.models import Case
from danchu.oversight import services
from danchu.oversight.models import Board, Matter

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db
START = dt.date(2025, 9, 3)
WORDS = "Tôi là hàng xóm của trưởng thôn, thấy ông ấy thu 200.000đ/hộ."


@pytest.fixture
def informed(board: Board, board_member: Any, citizen: Any) -> Matter:
    """A matter from a citizen's information, concluded and published, with a recommendation."""
    sent = services.information_send(
        person=citizen, board=board, title="Thu quỹ không có nghị quyết", description=WORDS
    )
    Matter.objects.filter(pk=sent.matter.pk).update(received_on=START)  # received back then
    m = walk_to_concluded(Matter.objects.get(pk=sent.matter.pk), board_member, START)
    services.recommendation_make(
        actor=board_member, matter=m, addressee="Chủ tịch UBND xã", content="Dừng thu", on=m.concluded_on
    )
    services.matter_publish(actor=board_member, matter=m, public=True)
    m.refresh_from_db()
    return m


def test_the_tracking_code_of_the_informants_case_stays_with_the_board(
    client_as: Any, informed: Matter, board_member: Any, front_officer: Any, chairman: Any, household_rep: Any
) -> None:
    code = Case.objects.get().tracking_code
    url = f"/oversight/matters/{informed.pk}/"
    assert code in client_as(board_member).get(url).content.decode()
    for person in (front_officer, chairman, household_rep):
        page = client_as(person).get(url)
        assert page.status_code == 200
        assert code not in page.content.decode(), person


def test_a_published_matter_shows_its_findings_not_what_was_reported(
    client_as: Any, client: Any, token_for: Any, informed: Matter, board_member: Any, household_rep: Any
) -> None:
    page = client_as(household_rep).get(f"/oversight/matters/{informed.pk}/").content.decode()
    assert informed.findings in page and "Dừng thu" in page
    assert WORDS not in page and informed.inspected_party not in page
    data = client.get(f"/api/v1/oversight/matters/{informed.pk}", **token_for(household_rep)).json()
    assert data["findings"] == informed.findings and WORDS not in str(data)
    own = client.get(f"/api/v1/oversight/matters/{informed.pk}", **token_for(board_member)).json()
    assert own["description"] == WORDS


def test_the_front_reads_the_boards_work_not_the_informants_words(
    client_as: Any,
    client: Any,
    token_for: Any,
    informed: Matter,
    board: Board,
    board_member: Any,
    front_officer: Any,
    chairman: Any,
) -> None:
    direct = slip(board, board_member, received_on=START)
    for person in (front_officer, chairman):
        page = client_as(person).get(f"/oversight/matters/{informed.pk}/").content.decode()
        assert informed.title in page and WORDS not in page
        data = client.get(f"/api/v1/oversight/matters/{informed.pk}", **token_for(person)).json()
        assert data["title"] == informed.title and WORDS not in str(data)
    listed = client.get(f"/api/v1/oversight/boards/{board.pk}/matters", **token_for(front_officer)).json()
    assert WORDS not in str(listed)
    # A slip the board recorded itself is the board's own note: the Front reads it.
    assert (
        direct.description
        in client_as(front_officer).get(f"/oversight/matters/{direct.pk}/").content.decode()
    )
