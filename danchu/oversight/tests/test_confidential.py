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


def test_refused_attempts_on_an_existing_matter_are_audited(
    client_as: Any,
    browser_as: Any,
    client: Any,
    token_for: Any,
    board: Board,
    board_member: Any,
    outsider: Any,
) -> None:
    from danchu.core.models import AuditEntry

    m = slip(board, board_member, received_on=START)
    refused = AuditEntry.objects.filter(
        action="oversight.matter_refused", actor=outsider, object_id=str(m.pk)
    )
    assert client_as(outsider).get(f"/oversight/matters/{m.pk}/").status_code == 404
    assert refused.count() == 1
    r = client.get(f"/api/v1/oversight/matters/{m.pk}", **token_for(outsider))
    assert r.status_code == 404 and refused.count() == 2
    web = browser_as(outsider)
    r = web.post_form(f"/oversight/matters/{m.pk}/classify/", {"in_scope": "1"})
    assert r.status_code == 404 and refused.count() == 3
    m.refresh_from_db()
    assert m.status == Matter.Status.RECEIVED
    # Probing ids that do not exist leaves no trace to fill the log with.
    assert client_as(outsider).get("/oversight/matters/999999/").status_code == 404
    assert not AuditEntry.objects.filter(action="oversight.matter_refused", object_id="999999").exists()


def test_reading_who_reported_a_matter_is_audited_and_only_the_board_reads_it(
    client_as: Any, board: Board, board_member: Any, front_officer: Any
) -> None:
    from danchu.core.models import AuditEntry

    m = slip(board, board_member, received_on=START)  # reported by "Người dân thôn 1"
    read = AuditEntry.objects.filter(action="oversight.reporter_read", object_id=str(m.pk))
    assert "Người dân thôn 1" in client_as(board_member).get(f"/oversight/matters/{m.pk}/").content.decode()
    assert read.filter(actor=board_member).count() == 1
    page = client_as(front_officer).get(f"/oversight/matters/{m.pk}/").content.decode()
    assert "Người dân thôn 1" not in page and not read.filter(actor=front_officer).exists()


def test_the_boards_follow_up_notes_are_not_published_with_the_findings(
    client_as: Any, informed: Matter, board_member: Any, front_officer: Any, household_rep: Any
) -> None:
    rec = informed.recommendations.get()
    services.recommendation_follow_up(
        actor=board_member, recommendation=rec, note="Gọi điện nhắc văn phòng xã"
    )
    url = f"/oversight/matters/{informed.pk}/"
    assert "Gọi điện nhắc" in client_as(front_officer).get(url).content.decode()
    page = client_as(household_rep).get(url).content.decode()
    assert "Dừng thu" in page and "Gọi điện nhắc" not in page
