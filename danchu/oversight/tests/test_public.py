from __future__ import annotations

from typing import Any

import pytest

from danchu.oversight.models import Board, BoardMember, Channel, Matter

pytestmark = pytest.mark.django_db


def test_public_page_shows_members_without_private_phone(
    client: Any, board: Board, board_member: Any, commune: Any
) -> None:
    board_member.phone = "+84912345678"
    board_member.save()
    url = f"/oversight/communes/{commune.code}/"
    page = client.get(url).content.decode()
    assert board_member.full_name in page and "0912" not in page
    BoardMember.objects.filter(person=board_member).update(
        public_phone=True, public_note="Tối thứ Năm tại nhà văn hóa thôn 1"
    )
    page = client.get(url).content.decode()
    assert "0912" in page and "nhà văn hóa thôn 1" in page


def test_public_board_api_hides_unpublished_phone(
    client: Any, board: Board, board_member: Any, commune: Any
) -> None:
    board_member.phone = "+84912345678"
    board_member.save()
    data = client.get(f"/api/v1/oversight/communes/{commune.code}/board").json()
    assert data["members"][0]["phone"] is None


def test_citizen_sends_information_to_the_board(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, commune: Any
) -> None:
    from django.core import mail

    client = browser_as(citizen)
    r = client.post_form(
        f"/oversight/communes/{commune.code}/information/",
        {
            "title": "Công trình nhà văn hóa thôn chậm tiến độ",
            "description": "Đã 6 tháng chưa xong phần mái.",
        },
    )
    assert r.status_code == 302
    m = Matter.objects.get()
    assert m.channel == Channel.ONLINE and m.board == board and m.submitted_by == citizen
    assert any(board_member.email in message.to for message in mail.outbox)
    # The citizen reads their own matter; another citizen does not.
    assert client.get(f"/oversight/matters/{m.pk}/").status_code == 200


def test_anonymous_cannot_send_information(client: Any, board: Board, commune: Any) -> None:
    r = client.post(f"/oversight/communes/{commune.code}/information/", {"title": "x", "description": "y"})
    assert r.status_code == 302 and "login" in r["Location"]
    assert not Matter.objects.exists()


def test_unknown_commune_is_404(client: Any, db: Any) -> None:
    assert client.get("/oversight/communes/99999/").status_code == 404


def test_a_citizen_cannot_flood_the_board(
    client: Any, token_for: Any, board: Board, citizen: Any, commune: Any
) -> None:
    from danchu.oversight.services.matters import DAILY_LIMIT

    url = f"/api/v1/oversight/communes/{commune.code}/information"
    h = token_for(citizen)
    for i in range(DAILY_LIMIT):
        body = {"title": f"Phản ánh {i}", "description": "Đèn đường hỏng"}
        assert client.post(url, body, content_type="application/json", **h).status_code == 201
    r = client.post(url, {"title": "Thêm", "description": "x"}, content_type="application/json", **h)
    assert r.status_code == 429 and r.json()["message"]
    assert Matter.objects.count() == DAILY_LIMIT
