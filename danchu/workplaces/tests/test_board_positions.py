"""The head and deputy head a unit's People's Inspection Board chose among its members: recorded by
the unit's representatives (page and API), refused for anyone not sitting on that board, shown on the
unit's page, the board's API and the conference's minutes, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import UserFactory, give_totp, person_with_role
from danchu.core.calendar import today
from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry
from danchu.oversight import services as oversight
from danchu.oversight.models import Board, BoardMember
from danchu.workplaces import minutes, services
from danchu.workplaces.models import Ownership, UnitType

from .conftest import held_conference
from .test_unit_board import NAMES, _elect

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(rep: Any, agency: Any) -> Board:
    """The agency's board: An, Bình and Cường, elected at last year's conference."""
    people = {name: UserFactory(full_name=name) for name in NAMES}
    _elect(rep, held_conference(agency), people, winners=NAMES, seats=3)
    return Board.objects.get(body=agency.body)


@pytest.fixture
def other_board(commune: Any) -> Board:
    """The board of another agency of the same commune, with its own representative and member."""
    other = services.unit_register(
        actor=None,
        data=services.UnitData(
            code="DV-KP-02",
            name="Trạm Y tế xã Krông Pắc",
            unit_type=UnitType.PUBLIC_SERVICE,
            place=commune,
            ownership=Ownership.NOT_APPLICABLE,
            employees=30,
        ),
    )
    other_rep = person_with_role(Role.WORKPLACE_REP, commune, body=other.body, full_name="Hồ Thị Lan")
    _elect(
        other_rep,
        held_conference(other),
        {"Lê Văn An": UserFactory(full_name="Lê Văn An")},
        winners=["Lê Văn An"],
        seats=1,
    )
    return Board.objects.get(body=other.body)


def _member(board: Board, name: str) -> BoardMember:
    return BoardMember.objects.get(board=board, person__full_name=name, ended_on__isnull=True)


def _positions(board: Board) -> dict[str, str]:
    return {m.person.full_name: m.position for m in board.members.filter(ended_on__isnull=True)}


def test_the_representative_records_the_head_and_deputy_from_the_unit_page(
    browser_as: Any, rep: Any, agency: Any, board: Board
) -> None:
    binh, cuong = _member(board, "Phạm Thị Bình"), _member(board, "Võ Văn Cường")
    client = browser_as(rep)
    page = client.get(reverse("workplaces:unit", args=[agency.pk]))
    assert page.status_code == 200 and b'id="board-positions"' in page.content
    url = reverse("oversight:board_positions", args=[board.pk])
    data = {"head": binh.pk, "deputy": cuong.pk, "next": page.wsgi_request.path}
    assert client.post(url, data).status_code == 403  # no CSRF token
    assert set(_positions(board).values()) == {"member"}
    r = client.post_form(url, data)
    assert r.status_code == 302 and r["Location"] == reverse("workplaces:unit", args=[agency.pk])
    assert _positions(board) == {"Phạm Thị Bình": "head", "Võ Văn Cường": "deputy", "Lê Văn An": "member"}
    binh.membership.refresh_from_db()
    assert binh.membership.title == str(BoardMember.Position.HEAD.label)
    entry = AuditEntry.objects.filter(action="oversight.board_positions").latest("pk")
    assert entry.actor == rep and entry.object_id == str(board.pk)
    assert entry.before == {"head": [], "deputy": []}
    assert entry.after == {"head": binh.pk, "deputy": cuong.pk, "on": today().isoformat()}
    # The unit's page lists the head first, then the deputy, with their positions.
    page = client.get(reverse("workplaces:unit", args=[agency.pk])).content.decode()
    text = page[page.index('id="inspection-board"') :]
    assert text.index("Phạm Thị Bình") < text.index("Võ Văn Cường") < text.index("Lê Văn An")
    assert 'data-position="head">Phạm Thị Bình (' in text
    # A new choice replaces the old one (no deputy this time); the audit keeps both.
    r = client.post_form(url, {"head": cuong.pk, "deputy": "", "next": "/"})
    assert r.status_code == 302
    assert _positions(board) == {"Phạm Thị Bình": "member", "Võ Văn Cường": "head", "Lê Văn An": "member"}
    entry = AuditEntry.objects.filter(action="oversight.board_positions").latest("pk")
    assert entry.before == {"head": [binh.pk], "deputy": [cuong.pk]}
    assert entry.after is not None and (entry.after["head"], entry.after["deputy"]) == (cuong.pk, None)


def test_bad_choices_are_refused_with_a_message_and_change_nothing(
    browser_as: Any, rep: Any, agency: Any, board: Board, other_board: Board
) -> None:
    an = _member(board, "Lê Văn An")
    foreign = _member(other_board, "Lê Văn An")  # another agency's member, same name
    client = browser_as(rep)
    unit_url = reverse("workplaces:unit", args=[agency.pk])
    url = reverse("oversight:board_positions", args=[board.pk])
    cases = [
        ({"head": foreign.pk}, "Hãy chọn Trưởng ban trong số các thành viên đương nhiệm của Ban."),
        (
            {"head": an.pk, "deputy": foreign.pk},
            "Hãy chọn Phó trưởng ban trong số các thành viên đương nhiệm của Ban.",
        ),
        ({"head": an.pk, "deputy": an.pk}, "Trưởng ban và Phó trưởng ban phải là hai thành viên khác nhau."),
        (
            {"head": an.pk, "on": (today() + dt.timedelta(days=1)).isoformat()},
            "không thể là ngày trong tương lai",
        ),
        ({"head": ""}, "Trưởng ban"),
    ]
    for data, message in cases:
        r = client.post_form(url, data, HTTP_REFERER="http://testserver" + unit_url)
        shown = r.content.decode()  # the unit's page again, with the reason
        assert r.status_code == 400 and f'action="{url}"' in shown, data
        assert message in shown, (data, message)
    assert set(_positions(board).values()) == {"member"}
    assert set(_positions(other_board).values()) == {"member"}
    assert not AuditEntry.objects.filter(action="oversight.board_positions").exists()


def test_only_the_units_representative_records_the_positions(
    browser_as: Any,
    rep: Any,
    board: Board,
    other_board: Board,
    enterprise_rep: Any,
    front_officer: Any,
    steering_member: Any,
) -> None:
    an = _member(board, "Lê Văn An")
    url = reverse("oversight:board_positions", args=[board.pk])
    member = an.person
    give_totp(member)
    for person in (enterprise_rep, front_officer, member, steering_member):
        assert browser_as(person).post_form(url, {"head": an.pk}).status_code == 404, person
    # The agency's representative cannot touch the other agency's board.
    foreign = _member(other_board, "Lê Văn An")
    other_url = reverse("oversight:board_positions", args=[other_board.pk])
    assert browser_as(rep).post_form(other_url, {"head": foreign.pk}).status_code == 404
    assert set(_positions(board).values()) == set(_positions(other_board).values()) == {"member"}
    # Nobody else sees the form on the unit's page.
    assert (
        b'id="board-positions"'
        not in browser_as(member).get(reverse("workplaces:unit", args=[board.body.workplace.pk])).content
    )


def test_api_with_a_token(
    browser_as: Any, token_for: Any, rep: Any, board: Board, other_board: Board, enterprise_rep: Any
) -> None:
    an, binh = _member(board, "Lê Văn An"), _member(board, "Phạm Thị Bình")
    foreign = _member(other_board, "Lê Văn An")
    client = browser_as()  # enforces CSRF: the token is the credential
    headers = token_for(rep)
    url = f"/api/v1/oversight/boards/{board.pk}/positions"
    r = client.post(url, {"head": foreign.pk}, content_type="application/json", **headers)
    assert r.status_code == 400 and r.json()["code"] == "not_a_member"
    assert "Trưởng ban" in r.json()["message"]
    r = client.post(url, {"head": an.pk, "deputy": an.pk}, content_type="application/json", **headers)
    assert r.status_code == 400 and r.json()["code"] == "same_person"
    assert set(_positions(board).values()) == {"member"}
    other = f"/api/v1/oversight/boards/{other_board.pk}/positions"
    r = client.post(other, {"head": foreign.pk}, content_type="application/json", **headers)
    assert r.status_code == 404
    r = client.post(url, {"head": an.pk}, content_type="application/json", **token_for(enterprise_rep))
    assert r.status_code in (403, 404)
    r = client.post(url, {"head": an.pk, "deputy": binh.pk}, content_type="application/json", **headers)
    assert r.status_code == 200, r.content
    members = r.json()["members"]
    assert [(m["name"], m["position"]) for m in members] == [
        ("Lê Văn An", "head"),
        ("Phạm Thị Bình", "deputy"),
        ("Võ Văn Cường", "member"),
    ]
    assert set(_positions(other_board).values()) == {"member"}
    assert AuditEntry.objects.filter(action="oversight.board_positions", actor=rep).count() == 1


def test_the_minutes_state_the_head_and_deputy(rep: Any, agency: Any, board: Board) -> None:
    conf = agency.conferences.get()
    assert not any("đã bầu" in line for line in minutes.election_lines(conf))
    oversight.unit_board_positions(
        actor=rep, board=board, head=_member(board, "Võ Văn Cường"), deputy=_member(board, "Lê Văn An")
    )
    assert (
        "Ban Thanh tra nhân dân đã bầu ông/bà Võ Văn Cường làm Trưởng ban, ông/bà Lê Văn An làm Phó Trưởng ban."
        in minutes.election_lines(conf)
    )


def test_a_members_seat_that_ended_cannot_be_chosen(rep: Any, board: Board) -> None:
    an = _member(board, "Lê Văn An")
    oversight.member_end(actor=rep, member=an, reason="Chuyển công tác")
    with pytest.raises(DomainError) as e:
        oversight.unit_board_positions(actor=rep, board=board, head=an)
    assert e.value.code == "not_a_member"


def test_a_communes_board_is_not_set_this_way(front_officer: Any, commune: Any) -> None:
    b = oversight.board_establish(
        actor=front_officer,
        place=commune,
        size=5,
        term_from=today() - dt.timedelta(days=30),
        term_to=today() + dt.timedelta(days=700),
    )
    with pytest.raises(DomainError) as e:
        oversight.unit_board_positions(actor=front_officer, board=b, head=1)
    assert e.value.code == "not_unit_board"


def test_the_demo_units_board_has_a_head(rep: Any, agency: Any) -> None:
    from danchu.workplaces import demo, queries

    held_conference(agency)
    demo._board_election(agency)
    members = [(m.person.full_name, m.position) for m in queries.inspection_board_members(agency)]
    assert members == [("Lê Văn An", "head"), ("Phạm Thị Bình", "deputy"), ("Võ Văn Cường", "member")]
    cuong = queries.inspection_board_members(agency)[2].person
    assert not cuong.is_active  # elected without an account: seated without sign-in


def test_a_position_keeps_the_day_it_was_set_shown_on_the_unit_page_and_the_api(
    client_as: Any, token_for: Any, client: Any, rep: Any, agency: Any, board: Board
) -> None:
    BoardMember.objects.filter(board=board).update(term_from=today() - dt.timedelta(days=30))
    an, binh, cuong = (_member(board, n) for n in NAMES)
    first, later = today() - dt.timedelta(days=20), today() - dt.timedelta(days=3)
    oversight.unit_board_positions(actor=rep, board=board, head=an, deputy=binh, on=first)
    # The deputy changes later (through the API): the head keeps the day they were chosen, the new
    # deputy has the new day and the former deputy, a member again, has none.
    r = client.post(
        f"/api/v1/oversight/boards/{board.pk}/positions",
        {"head": an.pk, "deputy": cuong.pk, "on": later.isoformat()},
        content_type="application/json",
        **token_for(rep),
    )
    assert r.status_code == 200, r.content
    got = {m["name"]: m["position_since"] for m in r.json()["members"]}
    assert got == {NAMES[0]: first.isoformat(), NAMES[1]: None, NAMES[2]: later.isoformat()}
    since = {m.person.full_name: m.position_since for m in board.members.filter(ended_on__isnull=True)}
    assert since == {NAMES[0]: first, NAMES[1]: None, NAMES[2]: later}
    page = client_as(rep).get(reverse("workplaces:unit", args=[agency.pk])).content.decode()
    assert f'<span class="position-since">{first:%d/%m/%Y}</span>' in page
    assert f'<span class="position-since">{later:%d/%m/%Y}</span>' in page
