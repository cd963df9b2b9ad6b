"""The board a village's election of a board member seats the elected on. A commune may have several
community investment supervision boards sitting (one per project, works): the commune Front names the
board when it recognises the result — on the page, in the API, to the service — and a recognition that
names none is refused, with nothing written, rather than seating the member on some project's board."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.core.errors import DomainError
from danchu.meetings import services
from danchu.meetings.models import Election
from danchu.meetings.tests.voting import elect_on_village_meeting

pytestmark = pytest.mark.django_db
SUPERVISION = Election.Office.SUPERVISION_BOARD
API = "/api/v1/meetings/elections"


@pytest.fixture
def road(commune: Any) -> Body:
    return BodyFactory(kind=Body.Kind.SUPERVISION_BOARD, name="Ban GSĐTCĐ đường trục Thôn 1", place=commune)


@pytest.fixture
def school(commune: Any) -> Body:
    return BodyFactory(kind=Body.Kind.SUPERVISION_BOARD, name="Ban GSĐTCĐ trường mẫu giáo", place=commune)


@pytest.fixture
def lan(village: Any) -> Any:
    return person_with_role(Role.CITIZEN, village, full_name="Lê Thị Lan")


@pytest.fixture
def tallied(village: Any, village_head: Any, lan: Any) -> Election:
    """Lan elected to a supervision board by the village's households, awaiting recognition."""
    return elect_on_village_meeting(village, village_head, lan, SUPERVISION)


def roles(person: Any) -> list[Body]:
    return [m.body for m in Membership.objects.filter(person=person, role=Role.SUPERVISION_MEMBER)]


def still_tallied(e: Election) -> bool:
    e.refresh_from_db()
    return e.status == Election.Status.TALLIED and e.recognised_on is None


def test_with_several_boards_sitting_the_front_names_one(
    tallied: Election, road: Body, school: Body, front_officer: Any, lan: Any
) -> None:
    with pytest.raises(DomainError, match="several boards for this office: choose") as refused:
        services.election_recognise(actor=front_officer, election=tallied)
    assert refused.value.code == "choose_board"
    assert refused.value.detail == {
        "boards": [{"id": road.pk, "name": road.name}, {"id": school.pk, "name": school.name}]
    }
    assert still_tallied(tallied) and roles(lan) == []
    services.election_recognise(actor=front_officer, election=tallied, board=school)
    assert roles(lan) == [school]


def test_an_ended_board_is_not_counted_nor_chosen(
    tallied: Election, road: Body, school: Body, front_officer: Any, lan: Any
) -> None:
    road.valid_to = timezone.localdate() - dt.timedelta(days=1)
    road.save(update_fields=["valid_to"])
    with pytest.raises(DomainError, match="has ended") as refused:
        services.election_recognise(actor=front_officer, election=tallied, board=road)
    assert refused.value.code == "board_ended" and still_tallied(tallied)
    services.election_recognise(actor=front_officer, election=tallied)  # the one sitting
    assert roles(lan) == [school]


def test_no_board_sitting_or_another_communes_board_is_refused(
    tallied: Election, road: Body, other_commune: Any, front_officer: Any, board_member: Any, lan: Any
) -> None:
    elsewhere = BodyFactory(kind=Body.Kind.SUPERVISION_BOARD, name="Ban GSĐTCĐ xã khác", place=other_commune)
    inspection = board_member.memberships.get().body
    for board in (elsewhere, inspection):
        with pytest.raises(DomainError, match="not the commune's board") as refused:
            services.election_recognise(actor=front_officer, election=tallied, board=board)
        assert refused.value.code == "bad_board"
    road.valid_to = timezone.localdate() - dt.timedelta(days=1)
    road.save(update_fields=["valid_to"])
    with pytest.raises(DomainError, match="no board for this office sitting today") as refused:
        services.election_recognise(actor=front_officer, election=tallied)
    assert refused.value.code == "no_board"
    assert still_tallied(tallied) and roles(lan) == []


def test_the_page_asks_the_front_for_the_board(
    tallied: Election, road: Body, school: Body, front_officer: Any, lan: Any, browser_as: Any
) -> None:
    front = browser_as(front_officer)
    page = front.get(f"/meetings/elections/{tallied.pk}/").content.decode()
    assert "hãy chọn ban mà người trúng cử tham gia" in page
    assert f'<option value="{road.pk}">{road.name}</option>' in page
    assert f'<option value="{school.pk}">{school.name}</option>' in page
    url = f"/meetings/elections/{tallied.pk}/recognise/"
    for bad in ("", "999999", "abc"):
        r = front.post_form(url, {"board": bad})
        assert r.status_code == 400, bad
    assert "hãy chọn ban" in front.post_form(url, {"board": ""}).content.decode()
    assert still_tallied(tallied) and roles(lan) == []
    assert front.post_form(url, {"board": str(road.pk)}).status_code == 302
    assert roles(lan) == [road]
    assert 'name="board"' not in front.get(f"/meetings/elections/{tallied.pk}/").content.decode()


def test_one_board_sitting_needs_no_choice_on_the_page(
    tallied: Election, road: Body, front_officer: Any, lan: Any, browser_as: Any
) -> None:
    front = browser_as(front_officer)
    assert 'name="board"' not in front.get(f"/meetings/elections/{tallied.pk}/").content.decode()
    assert front.post_form(f"/meetings/elections/{tallied.pk}/recognise/", {}).status_code == 302
    assert roles(lan) == [road]


def test_the_api_names_the_board_in_the_query(
    tallied: Election,
    road: Body,
    school: Body,
    other_commune: Any,
    front_officer: Any,
    lan: Any,
    client: Any,
    token_for: Any,
) -> None:
    front = token_for(front_officer)
    url = f"{API}/{tallied.pk}/recognise"
    r = client.post(url, **front)
    assert r.status_code == 400 and r.json()["code"] == "choose_board"
    assert [b["id"] for b in r.json()["detail"]["boards"]] == [road.pk, school.pk]
    elsewhere = BodyFactory(kind=Body.Kind.SUPERVISION_BOARD, name="Ban GSĐTCĐ xã khác", place=other_commune)
    r = client.post(f"{url}?board={elsewhere.pk}", **front)
    assert r.status_code == 400 and r.json()["code"] == "bad_board"
    assert client.post(f"{url}?board=abc", **front).status_code == 422
    assert still_tallied(tallied) and roles(lan) == []
    r = client.post(f"{url}?board={school.pk}", **front)
    assert r.status_code == 200 and r.json()["status"] == "recognised"
    assert roles(lan) == [school]
