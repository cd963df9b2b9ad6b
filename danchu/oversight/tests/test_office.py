"""The back-office entry: each role finds its own work, and the forms refuse bad input cleanly."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from danchu.accounts.models import Body
from danchu.core.calendar import today
from danchu.core.office import office_links_for
from danchu.oversight import services
from danchu.oversight.models import Board, BoardMember, Supervision

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db


def test_front_officer_and_board_member_find_oversight_in_the_office_menu(
    front_officer: Any, board_member: Any, officer: Any
) -> None:
    assert "oversight.office" in [link.key for link in office_links_for(front_officer)]
    assert "oversight.office" in [link.key for link in office_links_for(board_member)]
    assert "oversight.office" not in [link.key for link in office_links_for(officer)]


def test_front_office_page_lists_its_supervisions_and_the_board(
    client_as: Any, board: Board, front_officer: Any
) -> None:
    front = Body.objects.get(kind=Body.Kind.FATHERLAND_FRONT)
    services.supervision_plan(
        actor=front_officer,
        front=front,
        data=services.SupervisionData(
            title="Giám sát bình xét hộ nghèo năm 2026",
            topic="social",
            supervised_body="UBND xã",
            plan="Làm việc với các thôn",
            planned_from=today(),
            planned_to=today(),
        ),
    )
    page = client_as(front_officer).get("/oversight/").content.decode()
    assert "Giám sát bình xét hộ nghèo năm 2026" in page and str(board) in page


def test_chairman_sees_the_recommendation_awaiting_his_answer(
    client_as: Any, board: Board, board_member: Any, chairman: Any
) -> None:
    start = dt.date(2025, 9, 3)
    m = walk_to_concluded(slip(board, board_member, received_on=start), board_member, start)
    services.recommendation_make(
        actor=board_member,
        matter=m,
        addressee="Chủ tịch UBND xã",
        content="Chỉ đạo hoàn trả",
        on=m.concluded_on,
    )
    page = client_as(chairman).get("/oversight/").content.decode()
    assert m.code in page
    assert client_as(chairman).get(f"/oversight/matters/{m.pk}/").status_code == 200


def test_front_records_an_elected_member_through_the_page(
    browser_as: Any, board: Board, front_officer: Any, other_village: Any, officer: Any
) -> None:
    client = browser_as(front_officer)
    url = f"/oversight/boards/{board.pk}/members/"
    form = {"village": other_village.pk, "position": "member", "elected_on": "2025-07-10"}
    # A commune official is refused, with nothing written.
    r = client.post_form(url, {**form, "person": officer.email})
    assert r.status_code == 400
    assert "đang giữ chức vụ ở xã hoặc thôn nên không thể là thành viên" in r.content.decode()
    assert not BoardMember.objects.filter(person=officer).exists()
    # A contact that is no account is named; a NUL in it refused; nothing written.
    page = f"http://testserver/oversight/boards/{board.pk}/"
    r = client.post_form(url, {**form, "person": "khong.co@example.vn"}, HTTP_REFERER=page)
    assert r.status_code == 400 and f'action="{url}"' in r.content.decode()  # the board's page again
    assert "Không có tài khoản nào có số điện thoại hoặc e-mail này" in r.content.decode()
    r = client.post_form(url, {**form, "person": "0912\x00345678"}, HTTP_REFERER=page)
    assert r.status_code == 400 and "Không được chứa ký tự rỗng (NUL)." in r.content.decode()
    assert BoardMember.objects.count() == 1  # the head, from the fixture
    from danchu.accounts.tests.factories import UserFactory

    person = UserFactory(full_name="H'Hương Niê")
    r = client.post_form(url, {**form, "person": person.email})
    assert r.status_code == 302
    seat = BoardMember.objects.get(person=person)
    r = client.post_form(f"/oversight/members/{seat.pk}/recognise/", {})
    seat.refresh_from_db()
    assert seat.recognised_on == today()


def test_board_member_cannot_record_members_or_plan_front_supervisions(
    browser_as: Any, board: Board, board_member: Any, other_village: Any
) -> None:
    client = browser_as(board_member)
    r = client.post_form(
        f"/oversight/boards/{board.pk}/members/",
        {
            "person": "x@example.vn",
            "village": other_village.pk,
            "position": "member",
            "elected_on": "2025-07-10",
        },
    )
    assert r.status_code == 404
    front = Body.objects.create(kind=Body.Kind.FATHERLAND_FRONT, name="MTTQ", place=board.body.place)
    r = client.post_form(f"/oversight/fronts/{front.pk}/supervisions/", {"title": "x"})
    assert r.status_code == 404
    assert not Supervision.objects.exists()


def test_an_administrator_finds_the_commune_to_give_a_board_instead_of_thousands_of_forms(
    client_as: Any, province: Any, admin_user: Any, front_officer: Any
) -> None:
    """Found by QA: /oversight/ as the administrator rendered one set-up form per commune of the country
    (~3,300, 3 MB, 13–19 s), every one with the same field ids. Many communes: a search first."""
    from collections import Counter

    from danchu.places.tests import factories as pf

    for i in range(12):
        pf.commune(province, code=f"2430{i:02d}", name=f"Xã Đắk Mil {i}")
    pf.commune(province, code="24399", name="Phường Buôn Ma Thuột")
    client = client_as(admin_user)
    page = client.get("/oversight/").content.decode()
    assert 'id="establish-search"' in page and "/board/" not in page
    found = client.get("/oversight/?commune=dak mil").content.decode()  # folded: no diacritics needed
    assert found.count('/board/"') == 12 and "Buôn Ma Thuột" not in found
    ids = Counter(re.findall(r'\bid="([^"]+)"', found))
    assert [i for i, n in ids.items() if n > 1] == []
    by_code = client.get("/oversight/?commune=24399").content.decode()
    assert by_code.count('/board/"') == 1 and "Buôn Ma Thuột" in by_code
    assert (
        client.get("/oversight/?commune=x%00y").status_code == 400
    )  # a NUL in the address: refused for every page (core.middleware)
    too_long = client.get("/oversight/?commune=" + "đ" * 500)  # was cut to 100 and searched
    assert too_long.status_code == 400 and "100" in too_long.content.decode()
    # a Front officer of one commune still gets its form straight away
    own = client_as(front_officer).get("/oversight/").content.decode()
    assert 'id="establish-search"' not in own and "/oversight/communes/24181/board/" in own
