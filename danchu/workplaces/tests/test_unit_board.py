"""The unit's People's Inspection Board as a board of oversight: recognising the conference's election
seats the elected who have an account (once), a later conference starts a new term, a seat ends; and
its members get only what the law gives a unit's board — their own unit's records and their board's
work, nothing of the commune (no cases, no compliance calendar, not staff of the place)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.permissions import (
    can_read_place,
    forget,
    is_staff,
    must_use_mfa,
    needs_mfa_setup,
    readable_places,
)
from danchu.accounts.tests.factories import UserFactory, give_totp
from danchu.core.calendar import today
from danchu.core.models import AuditEntry
from danchu.core.testing import open_election
from danchu.meetings import services as meetings
from danchu.oversight import services as oversight
from danchu.oversight.models import Board, BoardMember, Matter
from danchu.oversight.permissions import board_communes
from danchu.workplaces import elections, queries

from .conftest import LAST_YEAR, held_conference

pytestmark = pytest.mark.django_db

NAMES = ["Lê Văn An", "Phạm Thị Bình", "Võ Văn Cường"]


def _elect(rep: Any, conf: Any, accounts: dict[str, Any], *, winners: list[str], seats: int = 2) -> Any:
    """A paper election at the conference, counted and recognised by the unit's representative."""
    names = list(dict.fromkeys([*winners, *NAMES]))
    e = elections.inspection_board_elect(
        actor=rep, conference=conf, candidates=names, seats=seats, paper=True, accounts=accounts
    )
    meetings.election_team_set(
        actor=rep, election=e, head="Đỗ Thị Hoa", members=["Ngô Văn Kiên"], on=conf.held_on
    )
    e = open_election(meetings.election_open, actor=rep, election=e)
    meetings.election_close(actor=rep, election=e)
    present = conf.delegates_present
    votes = {c.pk: (present - 2 if c.full_name in winners else 1) for c in e.candidates.all()}
    meetings.paper_box_record(
        actor=rep,
        election=e,
        count=meetings.PaperCount(
            label="Hòm 1", issued=present, returned=present, valid=present, invalid=0, votes=votes
        ),
    )
    e = meetings.election_tally(actor=rep, election=e)
    return meetings.election_recognise(actor=rep, election=e)


@pytest.fixture
def people() -> dict[str, Any]:
    return {name: UserFactory(full_name=name) for name in NAMES}


@pytest.fixture
def seated(rep: Any, agency: Any, people: dict[str, Any]) -> Any:
    """Lê Văn An, seated on the agency's board by its recognised election (TOTP set up)."""
    _elect(rep, held_conference(agency), people, winners=["Lê Văn An", "Phạm Thị Bình"])
    member = people["Lê Văn An"]
    give_totp(member)
    forget(member)
    return member


def test_recognition_seats_the_elected_with_an_account(rep: Any, agency: Any, people: dict[str, Any]) -> None:
    conf = held_conference(agency)
    accounts = {k: v for k, v in people.items() if k != "Phạm Thị Bình"}  # Bình has no account
    e = _elect(rep, conf, accounts, winners=["Lê Văn An", "Phạm Thị Bình"])
    board = Board.objects.get(body=agency.body)
    assert board.is_unit and board.member_role == Role.UNIT_INSPECTION_MEMBER
    on = e.recognised_on
    assert (board.term_from, board.term_to, board.size) == (
        on,
        on.replace(year=on.year + 2) - dt.timedelta(1),
        2,
    )
    seat, binh = queries.inspection_board_members(agency)  # Cường lost
    assert seat.person == people["Lê Văn An"]
    # Bình had no account: seated with one recorded for her, without sign-in (test_board_seating.py).
    assert binh.person.full_name == "Phạm Thị Bình" and binh.person != people["Phạm Thị Bình"]
    assert not binh.person.is_active and not binh.person.has_usable_password()
    assert seat.village is None and seat.electorate == BoardMember.Electorate.CONFERENCE
    assert (seat.position, seat.elected_on, seat.recognised_on) == ("member", conf.held_on, on)
    m = seat.membership
    assert (m.role, m.body_id, m.place_id, m.valid_to) == (
        Role.UNIT_INSPECTION_MEMBER,
        agency.body_id,
        None,
        board.term_to,
    )
    entry = AuditEntry.objects.filter(action="meetings.election_recognise").latest("pk")
    assert entry.after is not None and entry.after["memberships"] == [m.pk, binh.membership_id]


def test_a_second_round_does_not_seat_anyone_twice(rep: Any, agency: Any, people: dict[str, Any]) -> None:
    conf = held_conference(agency)
    _elect(rep, conf, people, winners=["Lê Văn An"], seats=2)
    board = Board.objects.get(body=agency.body)
    term = (board.term_from, board.term_to)
    # A second round of the same conference: An again (by mistake) and Cường.
    _elect(rep, conf, people, winners=["Lê Văn An", "Võ Văn Cường"], seats=2)
    board.refresh_from_db()
    assert (board.term_from, board.term_to) == term
    active = BoardMember.objects.filter(board=board, ended_on__isnull=True)
    assert sorted(m.person.full_name for m in active) == ["Lê Văn An", "Võ Văn Cường"]
    assert BoardMember.objects.filter(board=board).count() == 2
    assert (
        Membership.objects.filter(role=Role.UNIT_INSPECTION_MEMBER, person=people["Lê Văn An"]).count() == 1
    )
    assert Board.objects.filter(body=agency.body).count() == 1


def test_a_board_grown_by_a_second_round_has_its_new_size_audited(
    rep: Any, agency: Any, people: dict[str, Any]
) -> None:
    conf = held_conference(agency)
    _elect(rep, conf, people, winners=["Lê Văn An"], seats=1)
    _elect(rep, conf, people, winners=["Võ Văn Cường"], seats=1)  # a second round seats one more
    assert Board.objects.get(body=agency.body).size == 2
    entry = AuditEntry.objects.get(action="oversight.board_size")
    assert (entry.before, entry.after) == ({"size": 1}, {"size": 2})


def test_a_later_conference_starts_a_new_term(rep: Any, agency: Any, people: dict[str, Any]) -> None:
    old = held_conference(agency, year=LAST_YEAR - 2)
    _elect(rep, old, people, winners=["Lê Văn An", "Phạm Thị Bình"])
    BoardMember.objects.update(term_from=old.held_on)  # recognised back then
    new = held_conference(agency)
    _elect(rep, new, people, winners=["Lê Văn An", "Võ Văn Cường"])
    board = Board.objects.get(body=agency.body)
    ended = BoardMember.objects.get(board=board, person=people["Phạm Thị Bình"])
    yesterday = today() - dt.timedelta(days=1)
    assert ended.ended_on == yesterday and f"{new.held_on:%d/%m/%Y}" in ended.end_reason
    assert ended.membership.valid_to == yesterday
    assert not Membership.objects.active().filter(person=people["Phạm Thị Bình"]).exists()
    # An was re-elected: the old seat ended, a new one for the new term (history kept).
    an = BoardMember.objects.filter(board=board, person=people["Lê Văn An"]).order_by("pk")
    assert [m.ended_on for m in an] == [yesterday, None]
    assert sorted(m.person.full_name for m in queries.inspection_board_members(agency)) == [
        "Lê Văn An",
        "Võ Văn Cường",
    ]


def test_the_units_representative_ends_a_seat_from_the_unit_page(
    browser_as: Any, rep: Any, agency: Any, seated: Any
) -> None:
    seat = BoardMember.objects.get(person=seated)
    rep_client = browser_as(rep)
    page = rep_client.get(reverse("workplaces:unit", args=[agency.pk]))
    assert page.status_code == 200 and b'id="inspection-board"' in page.content
    assert seated.full_name.encode() in page.content and b'id="board-end"' in page.content
    url = reverse("oversight:member_end", args=[seat.pk])
    data = {"reason": "Chuyển công tác", "on": today().isoformat(), "next": page.wsgi_request.path}
    assert rep_client.post(url, data).status_code == 403  # no CSRF token
    r = rep_client.post_form(url, data)
    assert r.status_code == 302 and r["Location"] == reverse("workplaces:unit", args=[agency.pk])
    seat.refresh_from_db()
    # The role stops counting at once: its last day is yesterday.
    assert seat.ended_on == today() and seat.membership.valid_to == today() - dt.timedelta(days=1)
    assert (
        seated.full_name.encode() not in rep_client.get(reverse("workplaces:unit", args=[agency.pk])).content
    )


def test_only_the_unit_ends_a_seat(
    browser_as: Any, agency: Any, seated: Any, enterprise_rep: Any, front_officer: Any
) -> None:
    seat = BoardMember.objects.get(person=seated)
    url = reverse("oversight:member_end", args=[seat.pk])
    for person in (enterprise_rep, front_officer, seated):
        client = browser_as(person)
        assert client.post_form(url, {"reason": "x"}).status_code == 404
    seat.refresh_from_db()
    assert seat.ended_on is None


def test_a_unit_board_member_is_not_staff_of_the_place(seated: Any, commune: Any, province: Any) -> None:
    assert not is_staff(seated) and not seated.works_in_office
    assert must_use_mfa(seated)
    assert not can_read_place(seated, commune) and not readable_places(seated).exists()
    assert board_communes(seated) == []  # no case of the commune is routed to them


def test_a_member_without_totp_must_set_it_up(rep: Any, agency: Any, people: dict[str, Any]) -> None:
    _elect(rep, held_conference(agency), people, winners=["Lê Văn An"], seats=1)
    assert needs_mfa_setup(people["Lê Văn An"])


def _commune_board(front_officer: Any, commune: Any) -> Board:
    board = oversight.board_establish(
        actor=front_officer,
        place=commune,
        size=5,
        term_from=today() - dt.timedelta(days=30),
        term_to=today() + dt.timedelta(days=700),
    )
    return board


def test_a_member_reads_their_unit_and_board_and_nothing_of_the_commune(
    browser_as: Any,
    seated: Any,
    agency: Any,
    enterprise: Any,
    foreign_enterprise: Any,
    front_officer: Any,
    commune: Any,
    citizen: Any,
) -> None:
    board = Board.objects.get(body=agency.body)
    commune_board = _commune_board(front_officer, commune)
    info = oversight.information_send(
        person=citizen, board=commune_board, title="Đường làng", description="Thi công sai thiết kế"
    )
    client = browser_as(seated)
    conf = agency.conferences.first()
    # Their own unit and board.
    for url in (
        reverse("workplaces:unit", args=[agency.pk]),
        reverse("workplaces:conference", args=[conf.pk]),
        reverse("workplaces:minutes", args=[conf.pk]),
        reverse("oversight:board", args=[board.pk]),
    ):
        assert client.get(url).status_code == 200, url
    # Another unit of the commune, a unit of another commune, the commune's board, its matter and
    # case, and the commune's back office.
    for url in (
        reverse("workplaces:unit", args=[enterprise.pk]),
        reverse("workplaces:unit", args=[foreign_enterprise.pk]),
        reverse("oversight:board", args=[commune_board.pk]),
        reverse("oversight:matter", args=[info.matter.pk]),
        reverse("cases:staff_detail", args=[info.tracking_code]),
        reverse("disclosures:office_compliance"),
    ):
        assert client.get(url).status_code == 404, url
    # The commune's case list and office home send them to their own page (`access(below=...)`).
    for url, mine in (
        (reverse("cases:staff_list"), reverse("accounts:home")),
        (reverse("office:index"), reverse("accounts:home")),
        (reverse("workplaces:units"), reverse("accounts:home")),
        (reverse("oversight:office"), reverse("oversight:mine")),
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, mine), url
    # They work in their own board (CSRF-enforcing client), not in the commune's.
    matter = {"title": "Chi quỹ phúc lợi", "description": "Chưa công khai", "channel": "direct"}
    matter["received_on"] = today().isoformat()
    assert client.post(reverse("oversight:matter_receive", args=[board.pk]), matter).status_code == 403
    assert client.post_form(reverse("oversight:matter_receive", args=[board.pk]), matter).status_code == 302
    assert Matter.objects.filter(board=board).count() == 1
    r = client.post_form(reverse("oversight:matter_receive", args=[commune_board.pk]), matter)
    assert r.status_code == 404
    assert not Matter.objects.filter(board=commune_board).exclude(pk=info.matter.pk).exists()
    # The unit's board is not the commune's: its public page still shows the commune's own board.
    public = client.get(reverse("oversight:commune", args=[commune.code]))
    assert public.status_code == 200 and board.body.name.encode() not in public.content


def test_api_with_a_token(
    client: Any,
    token_for: Any,
    seated: Any,
    agency: Any,
    foreign_enterprise: Any,
    enterprise: Any,
    front_officer: Any,
    commune: Any,
) -> None:
    board = Board.objects.get(body=agency.body)
    commune_board = _commune_board(front_officer, commune)
    headers = token_for(seated)
    r = client.get("/api/v1/oversight/boards", **headers)
    assert r.status_code == 200
    [listed] = r.json()
    assert listed["id"] == board.pk and listed["unit"] is True
    assert [m["name"] for m in listed["members"]] == ["Lê Văn An", "Phạm Thị Bình"]
    assert {m["village"] for m in listed["members"]} == {None}
    assert client.get(f"/api/v1/oversight/boards/{commune_board.pk}", **headers).status_code == 404
    assert client.get(f"/api/v1/workplaces/units/{agency.pk}", **headers).status_code == 200
    assert client.get(f"/api/v1/workplaces/units/{agency.pk}/conferences", **headers).status_code == 200
    for other in (enterprise, foreign_enterprise):
        assert client.get(f"/api/v1/workplaces/units/{other.pk}", **headers).status_code == 404
    assert client.get("/api/v1/cases/", **headers).status_code == 403
    assert client.get("/api/v1/workplaces/units", **headers).status_code == 403
    r = client.post(
        f"/api/v1/oversight/boards/{board.pk}/plans",
        {
            "period": "year",
            "year": today().year,
            "title": "Kế hoạch năm",
            "objectives": "Giám sát thực hiện quy chế dân chủ",
            "contents": "Hội nghị, chi tiêu nội bộ",
            "start_on": f"{today().year}-01-01",
            "end_on": f"{today().year}-12-31",
        },
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201, r.content


def test_a_commune_boards_member_still_needs_a_village(
    front_officer: Any, commune: Any, village: Any
) -> None:
    from django.db import IntegrityError, transaction

    board = _commune_board(front_officer, commune)
    person = UserFactory()
    member = oversight.member_add(
        actor=front_officer, board=board, data=oversight.MemberData(person=person, village=village)
    )
    with transaction.atomic(), pytest.raises(IntegrityError):
        BoardMember.objects.filter(pk=member.pk).update(village=None)
    assert Body.objects.get(pk=board.body_id).kind == Body.Kind.INSPECTION_BOARD
