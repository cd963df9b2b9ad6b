"""A board member's dismissal through the pages (a client that enforces CSRF, as a browser) and the API
(personal tokens): the commune Front proposes, the village head puts it to the vote, the meeting votes
by secret ballot, the commune Front decides. Refusals answer 4xx with a clear message and write nothing;
another commune's Front officer finds nothing (404)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from danchu.accounts.models import Body, Membership, Role
from danchu.accounts.tests.factories import BodyFactory, person_with_role
from danchu.core.models import AuditEntry
from danchu.meetings.models import Dismissal

from .conftest import vote_on

pytestmark = pytest.mark.django_db
NEW = "/meetings/dismissals/new/"
API = "/api/v1/meetings/dismissals"


@pytest.fixture
def other_front_officer(other_commune: Any) -> Any:
    front = BodyFactory(kind=Body.Kind.FATHERLAND_FRONT, name="Ủy ban MTTQ xã Ea Kly", place=other_commune)
    return person_with_role(Role.FRONT_OFFICER, other_commune, body=front, full_name="Mặt Trận Xã Khác")


def form(village: Any, mai: Any, board: Any, **kw: Any) -> dict[str, Any]:
    return {
        "village": village.pk,
        "office": "inspection_board",
        "member": f"{board.pk}:{mai.pk}",
        "holder_name": "",
        "trigger": "commune_front",
        "proposer_name": "Vũ Thị Mặt Trận",
        "reason": "Không hoàn thành nhiệm vụ giám sát, không còn được Nhân dân tín nhiệm.",
        **kw,
    }


def proposals() -> int:
    return AuditEntry.objects.filter(action="meetings.dismissal_propose").count()


def test_the_whole_path_through_the_pages(
    mai: Any,
    inspection_board: Any,
    front_officer: Any,
    village_head: Any,
    chairman: Any,
    village: Any,
    households: Any,
    board_vote_meeting: Any,
    browser_as: Any,
) -> None:
    front = browser_as(front_officer)
    key = f"{inspection_board.pk}:{mai.pk}"
    page = front.get(f"{NEW}?office=inspection_board&village={village.pk}&member={key}").content.decode()
    assert "Hà Thị Mai — Ban Thanh tra nhân dân xã Krông Pắc (Thôn 1)" in page
    assert f'value="{key}" selected' in page
    # Without the CSRF token (a forged cross-site post) nothing is recorded.
    assert front.post(NEW, form(village, mai, inspection_board)).status_code == 403
    assert not Dismissal.objects.exists()
    r = front.post_form(NEW, form(village, mai, inspection_board))
    assert r.status_code == 302, r.content.decode()[:2000]
    d = Dismissal.objects.get()
    assert (d.office, d.board, d.holder, d.holder_name) == (
        "inspection_board",
        inspection_board,
        mai,
        "Hà Thị Mai",
    )
    head = browser_as(village_head)
    page = head.get(f"/meetings/dismissals/{d.pk}/").content.decode()
    matter5, matter4 = (board_vote_meeting.items.get(matter=m) for m in (5, 4))
    assert f'value="{matter5.pk}"' in page and f'value="{matter4.pk}"' not in page
    assert head.post_form(f"/meetings/dismissals/{d.pk}/agenda/", {"item": matter5.pk}).status_code == 302
    vote_on(board_vote_meeting, village_head, households, present=8, votes_for=6)
    # The commune chairman decides the village head's dismissal, not a board member's: not found.
    boss = browser_as(chairman)
    assert 'name="decision_number"' not in boss.get(f"/meetings/dismissals/{d.pk}/").content.decode()
    r = boss.post_form(f"/meetings/dismissals/{d.pk}/decide/", {"decision_number": "7/QĐ-UBND"})
    assert r.status_code == 404
    assert Dismissal.objects.get().status == "voted"
    page = front.get(f"/meetings/dismissals/{d.pk}/").content.decode()
    assert "6/10" in page and 'name="decision_number"' in page
    todo = "Việc cho thôi làm đã được thôn tán thành, chờ bạn quyết định"
    assert todo in front.get("/office/").content.decode()
    assert (
        front.post(f"/meetings/dismissals/{d.pk}/decide/", {"decision_number": "7/QĐ-MTTQ"}).status_code
        == 403
    )
    r = front.post_form(f"/meetings/dismissals/{d.pk}/decide/", {"decision_number": "7/QĐ-MTTQ"})
    assert r.status_code == 302
    page = front.get(f"/meetings/dismissals/{d.pk}/").content.decode()
    assert "Quyết định của Ủy ban Mặt trận Tổ quốc xã" in page and "7/QĐ-MTTQ" in page
    assert not Membership.objects.active(timezone.localdate()).filter(person=mai, role=Role.INSPECTION_MEMBER)
    assert todo not in front.get("/office/").content.decode()


def test_the_proposal_page_refuses_bad_input_and_writes_nothing(
    mai: Any, inspection_board: Any, front_officer: Any, village: Any, other_village: Any, browser_as: Any
) -> None:
    front = browser_as(front_officer)
    for bad in (
        {"reason": "Không hoàn thành\x00 nhiệm vụ"},
        {"reason": "x" * 5001},
        {"member": "999999:999999"},  # no such member
        {"member": ""},  # a board member's dismissal names the member
        {"trigger": "whim"},
    ):
        r = front.post_form(NEW, form(village, mai, inspection_board, **bad))
        assert r.status_code == 400, bad
    r = front.post_form(NEW, form(village, mai, inspection_board, member=""))
    assert "Hãy chọn thành viên Ban được đề nghị cho thôi làm." in r.content.decode()
    # Mai was elected by Thôn 1: Buôn Đắk cannot dismiss her (shown at the field, what was typed kept).
    r = front.post_form(NEW, form(other_village, mai, inspection_board))
    page = r.content.decode()
    assert r.status_code == 400 and "không phải thành viên đương nhiệm" in page and "Buôn Đắk bầu" in page
    assert "Không hoàn thành nhiệm vụ giám sát" in page
    assert not Dismissal.objects.exists() and proposals() == 0
    assert front.post_form(NEW, form(village, mai, inspection_board)).status_code == 302
    r = front.post_form(NEW, form(village, mai, inspection_board, trigger="own_request"))
    assert r.status_code == 409 and "đang được tiến hành" in r.content.decode()
    assert Dismissal.objects.count() == 1 and proposals() == 1


def test_another_communes_front_officer_and_staff_find_nothing(
    mai: Any,
    inspection_board: Any,
    front_officer: Any,
    other_front_officer: Any,
    outsider: Any,
    village: Any,
    browser_as: Any,
    client: Any,
    token_for: Any,
) -> None:
    from danchu.meetings import services

    d = services.dismissal_propose(
        actor=front_officer,
        village=village,
        office="inspection_board",
        holder=mai,
        board=inspection_board,
        trigger="commune_front",
        reason="Không hoàn thành nhiệm vụ.",
        proposer_name="Vũ Thị Mặt Trận",
    )
    Dismissal.objects.filter(pk=d.pk).update(status=Dismissal.Status.VOTED)  # as if the village approved
    meetings_log = AuditEntry.objects.filter(action__startswith="meetings.")
    before = meetings_log.count()
    for stranger in (other_front_officer, outsider):
        b = browser_as(stranger)
        assert b.get(f"/meetings/dismissals/{d.pk}/").status_code == 404
        assert (
            b.post_form(f"/meetings/dismissals/{d.pk}/decide/", {"decision_number": "1/QĐ"}).status_code
            == 404
        )
        # Their own proposal page offers nothing of this commune, and refuses its village.
        assert f'value="{inspection_board.pk}:{mai.pk}"' not in b.get(NEW).content.decode()
        assert b.post_form(NEW, form(village, mai, inspection_board)).status_code == 400
        token = token_for(stranger)
        assert client.get(f"{API}/{d.pk}", **token).status_code == 404
        r = client.post(
            f"{API}/{d.pk}/decide", {"decision_number": "1/QĐ"}, content_type="application/json", **token
        )
        assert r.status_code == 404
        r = client.get(f"{API}/members", {"village": village.code, "office": "inspection_board"}, **token)
        assert r.status_code == 404
    assert Dismissal.objects.get().status == "voted" and meetings_log.count() == before


def test_the_whole_path_through_the_api_with_personal_tokens(
    mai: Any,
    inspection_board: Any,
    front_officer: Any,
    village_head: Any,
    chairman: Any,
    village: Any,
    households: Any,
    board_vote_meeting: Any,
    client: Any,
    token_for: Any,
) -> None:
    front, head = token_for(front_officer), token_for(village_head)
    r = client.get(f"{API}/members", {"village": village.code, "office": "inspection_board"}, **front)
    assert r.status_code == 200
    assert r.json() == [
        {
            "member": mai.pk,
            "name": "Hà Thị Mai",
            "board": inspection_board.pk,
            "board_name": inspection_board.name,
            "village": village.code,
        }
    ]
    body = {
        "village": village.code,
        "office": "inspection_board",
        "member": mai.pk,
        "trigger": "commune_front",
        "reason": "Không hoàn thành nhiệm vụ giám sát.",
        "proposer_name": "Vũ Thị Mặt Trận",
    }

    def post(data: dict[str, Any], token: dict[str, str] = front, url: str = API) -> Any:
        return client.post(url, data, content_type="application/json", **token)

    r = post({**body, "member": 987654})
    assert (
        r.status_code == 400 and r.json()["code"] == "unknown_member" and "tài khoản" in r.json()["message"]
    )
    assert post({**body, "reason": "x\x00"}).status_code == 400
    assert post({**body, "reason": "x" * 5001}).status_code == 422
    assert post({**body, "member": None}).status_code == 400
    assert not Dismissal.objects.exists() and proposals() == 0
    r = post(body)
    assert r.status_code == 201, r.content
    d = r.json()
    assert (d["office"], d["board"], d["holder"], d["holder_name"], d["status"]) == (
        "inspection_board",
        inspection_board.pk,
        mai.pk,
        "Hà Thị Mai",
        "proposed",
    )
    r = post({**body, "trigger": "own_request"})
    assert r.status_code == 409 and r.json()["code"] == "already_open"
    item = board_vote_meeting.items.get(matter=5)
    assert post({"item": item.pk}, front, f"{API}/{d['id']}/agenda").status_code in (
        403,
        404,
    )  # the meeting's
    r = post({"item": item.pk}, head, f"{API}/{d['id']}/agenda")
    assert r.status_code == 200 and r.json()["status"] == "on_agenda", r.content
    vote_on(board_vote_meeting, village_head, households, present=7, votes_for=7)
    assert post(
        {"decision_number": "7/QĐ-UBND"}, token_for(chairman), f"{API}/{d['id']}/decide"
    ).status_code in (
        403,
        404,
    )
    r = post({"decision_number": "7/QĐ-MTTQ"}, front, f"{API}/{d['id']}/decide")
    assert (
        r.status_code == 200
        and r.json()["status"] == "decided"
        and r.json()["decision_number"] == "7/QĐ-MTTQ"
    )
    assert client.get(f"{API}/{d['id']}", **head).json()["decided_on"] == timezone.localdate().isoformat()
    assert client.get(f"{API}/members", {"village": village.code}, **front).json() == []
