"""Found in the acceptance review: dead links for people without a staff role, findings that could
not be published (or withdrawn) after the conclusion, plans dated outside their period, and a board
page listing every matter at once."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from danchu.accounts.models import Body
from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry
from danchu.oversight import services
from danchu.oversight.models import Board, Matter, Plan, Supervision

from .helpers import slip, walk_to_concluded

pytestmark = pytest.mark.django_db
START = dt.date(2025, 9, 3)
BASE = "/api/v1/oversight"


def _dead_links(client: Any, html: str) -> list[str]:
    hrefs = {h for h in re.findall(r'href="(/[^"#]*)', html) if h.startswith(("/oversight/", "/me/"))}
    return sorted(h for h in hrefs if client.get(h).status_code >= 400)


def test_a_citizen_reading_published_findings_meets_no_dead_link(
    browser_as: Any, board: Board, board_member: Any, citizen: Any, front_officer: Any
) -> None:
    """Found: the crumbs of a matter and a supervision led everyone to the back office, a 404 for a
    citizen (and for a unit board's member, who is not staff)."""
    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    services.matter_publish(actor=board_member, matter=m, public=True)
    s = services.supervision_plan(
        actor=front_officer,
        front=Body.objects.get(kind=Body.Kind.FATHERLAND_FRONT),
        data=services.SupervisionData(
            title="Giám sát công khai ngân sách xã năm 2025",
            topic="policy",
            supervised_body="UBND xã",
            plan="Làm việc với UBND xã",
            planned_from=START,
            planned_to=START,
        ),
    )
    services.supervision_start(actor=front_officer, supervision=s, on=START)
    services.supervision_conclude(actor=front_officer, supervision=s, findings="Đã công khai", public=True)
    client = browser_as(citizen)
    for url in (f"/oversight/matters/{m.pk}/", f"/oversight/supervisions/{s.pk}/"):
        page = client.get(url)
        assert page.status_code == 200
        assert _dead_links(client, page.content.decode()) == []
    # The Front reads the board: its crumb leads there.
    page = browser_as(front_officer).get(f"/oversight/matters/{m.pk}/").content.decode()
    assert f'href="/oversight/boards/{board.pk}/"' in page


def test_the_board_publishes_findings_after_the_conclusion_and_can_withdraw_them(
    browser_as: Any, client: Any, board: Board, board_member: Any, token_for: Any
) -> None:
    """Found: `public` could only be ticked in the conclusion form; a board that forgot it, or
    published by mistake, had no way to change it."""
    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    commune_page = f"/oversight/communes/{board.body.place.code}/"
    assert m.title not in client.get(commune_page).content.decode()
    browser = browser_as(board_member)
    assert 'class="publish"' in browser.get(f"/oversight/matters/{m.pk}/").content.decode()
    r = browser.post_form(f"/oversight/matters/{m.pk}/publish/", {"public": "1"})
    assert r.status_code == 302
    assert m.title in client.get(commune_page).content.decode()
    # Twice is refused, not audited twice.
    r = browser.post_form(f"/oversight/matters/{m.pk}/publish/", {"public": "1"})
    assert r.status_code == 409 and "Kết quả đã được công khai." in r.content.decode()
    assert AuditEntry.objects.filter(action="oversight.matter_publish").count() == 1
    r = client.post(
        f"{BASE}/matters/{m.pk}/publish",
        {"public": False},
        content_type="application/json",
        **token_for(board_member),
    )
    assert r.status_code == 200 and r.json()["public"] is False
    assert m.title not in client.get(commune_page).content.decode()
    assert AuditEntry.objects.filter(action="oversight.matter_publish").count() == 2


def test_a_matter_is_published_only_once_concluded_and_not_by_an_interested_member(
    browser_as: Any, board: Board, board_member: Any, second_member: Any
) -> None:
    draft = slip(board, board_member, received_on=START)
    r = browser_as(board_member).post_form(f"/oversight/matters/{draft.pk}/publish/", {"public": "1"})
    assert r.status_code == 409 and "Chỉ công khai kết quả của vụ việc đã kết luận." in r.content.decode()
    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    services.interest_declare(actor=second_member, matter=m, note="Con trưởng thôn là em ruột tôi")
    with pytest.raises(DomainError):
        services.matter_publish(actor=second_member, matter=m, public=True)
    r = browser_as(board_member).post_form(f"/oversight/matters/{m.pk}/publish/", {"public": "x"})
    assert r.status_code == 400 and "x không phải là một trong các lựa chọn" in r.content.decode()
    assert not Matter.objects.filter(public=True).exists()


def test_a_plan_for_a_period_must_be_dated_within_it(
    browser_as: Any, client: Any, board: Board, board_member: Any, token_for: Any
) -> None:
    """Found: a plan "quarter 2/2026" dated 2019–2031 was saved, and shown among 2026's plans."""
    form = {"period": "quarter", "year": "2026", "number": "2", "title": "Kế hoạch quý II/2026"}
    form |= {"objectives": "Giám sát thu chi", "contents": "Kiểm tra sổ sách", "budget": "5000000"}
    browser = browser_as(board_member)
    url = f"/oversight/boards/{board.pk}/plans/"
    r = browser.post_form(url, form | {"start_on": "2019-01-01", "end_on": "2031-01-01"})
    assert r.status_code == 400 and not Plan.objects.exists()
    assert "Thời gian của kế hoạch phải nằm trong kỳ kế hoạch" in r.content.decode()
    r = client.post(
        f"{BASE}/boards/{board.pk}/plans",
        {**form, "year": 2026, "number": 2, "budget": 0, "start_on": "2026-06-01", "end_on": "2026-07-15"},
        content_type="application/json",
        **token_for(board_member),
    )
    assert r.status_code == 400 and "30/06/2026" in r.json()["message"]
    assert not Plan.objects.exists()
    r = browser.post_form(url, form | {"start_on": "2026-04-01", "end_on": "2026-06-30"})
    assert r.status_code == 302
    year = form | {"period": "year", "number": "", "start_on": "2026-01-05", "end_on": "2026-12-31"}
    assert browser.post_form(url, year).status_code == 302
    term = form | {"period": "term", "number": "", "start_on": "2025-07-01", "end_on": "2030-06-30"}
    assert browser.post_form(url, term).status_code == 302
    assert Plan.objects.count() == 3


def test_the_board_page_lists_its_matters_a_page_at_a_time(
    client_as: Any, board: Board, board_member: Any
) -> None:
    for i in range(55):
        slip(board, board_member, received_on=START, title=f"Phiếu góp ý số {i + 1}")
    client = client_as(board_member)
    first = client.get(f"/oversight/boards/{board.pk}/").content.decode()
    assert first.count("/oversight/matters/") == 50 and "?page=2" in first
    second = client.get(f"/oversight/boards/{board.pk}/?page=2").content.decode()
    assert second.count("/oversight/matters/") == 5
    assert client.get(f"/oversight/boards/{board.pk}/?page=x").status_code == 400  # not page 1, as if asked
    assert (
        client.get(f"/oversight/boards/{board.pk}/?page=x%00").status_code == 400
    )  # a NUL in the address: refused for every page (core.middleware)


def test_a_supervision_recommendation_comes_after_its_findings(front_officer: Any, board: Board) -> None:
    s = services.supervision_plan(
        actor=front_officer,
        front=Body.objects.get(kind=Body.Kind.FATHERLAND_FRONT),
        data=services.SupervisionData(
            title="Giám sát bình xét hộ nghèo",
            topic="social",
            supervised_body="UBND xã",
            plan="Làm việc với các thôn",
            planned_from=START,
            planned_to=START,
        ),
    )
    services.supervision_start(actor=front_officer, supervision=s, on=START)
    services.supervision_conclude(
        actor=front_officer, supervision=s, findings="Bình xét đúng", on=dt.date(2025, 9, 10)
    )
    with pytest.raises(DomainError):
        services.recommendation_make(
            actor=front_officer, supervision=s, addressee="Chủ tịch UBND xã", content="x", on=START
        )
    assert not Supervision.objects.get().recommendations.exists()


def _key_of(page: str, action: str) -> str:
    """The idempotency key of the page's form that posts to `action`."""
    found = re.search(
        rf'action="{re.escape(action)}"[^>]*>(?:(?!</form>).)*?name="idempotency_key" value="([^"]+)"',
        page,
        re.S,
    )
    assert found, action
    return found.group(1)


def test_a_double_submit_records_one_matter_one_recommendation_one_information(
    browser_as: Any, client: Any, board: Board, board_member: Any, citizen: Any, token_for: Any
) -> None:
    """Found: a double click on "Record the matter" made two matters (two numbers, counted twice in
    the figures the steering committees report); the same for recommendations and for a citizen's
    information (two cases)."""
    browser = browser_as(board_member)
    page = browser.get(f"/oversight/boards/{board.pk}/").content.decode()
    key = _key_of(page, f"/oversight/boards/{board.pk}/matters/")
    form = {"channel": "direct", "title": "Trưởng thôn thu tiền làm đường không có biên lai"}
    form |= {"description": "Ông A phản ánh trực tiếp.", "received_on": "2025-09-03", "idempotency_key": key}
    first = browser.post_form(f"/oversight/boards/{board.pk}/matters/", form)
    again = browser.post_form(f"/oversight/boards/{board.pk}/matters/", form)
    assert first.status_code == again.status_code == 302 and again["Location"] == first["Location"]
    assert Matter.objects.count() == 1
    m = walk_to_concluded(Matter.objects.get(), board_member, START)
    page = browser.get(f"/oversight/matters/{m.pk}/").content.decode()
    key = _key_of(page, f"/oversight/matters/{m.pk}/recommend/")
    rec = {"addressee": "Chủ tịch UBND xã", "content": "Chỉ đạo trả lại tiền", "idempotency_key": key}
    for _ in range(2):
        assert browser.post_form(f"/oversight/matters/{m.pk}/recommend/", rec).status_code == 302
    assert m.recommendations.count() == 1
    headers = token_for(board_member) | {"HTTP_IDEMPOTENCY_KEY": "ttnd-api-0001"}
    body = {"title": "Phiếu hòm thư", "description": "Thôn 2 thu quỹ sai", "channel": "suggestion_box"}
    for _ in range(2):
        r = client.post(f"{BASE}/boards/{board.pk}/matters", body, content_type="application/json", **headers)
        assert r.status_code == 201
    assert Matter.objects.count() == 2
    code = board.body.place.code
    citizen_browser = browser_as(citizen)
    page = citizen_browser.get(f"/oversight/communes/{code}/").content.decode()
    key = _key_of(page, f"/oversight/communes/{code}/information/")
    info = {"title": "Xin hỏi về quỹ đường", "description": "Thôn thu 200.000 đ/hộ", "idempotency_key": key}
    for _ in range(2):
        assert citizen_browser.post_form(f"/oversight/communes/{code}/information/", info).status_code == 302
    assert Matter.objects.count() == 3


def test_the_api_does_not_publish_the_follow_up_notes_either(
    client: Any, board: Board, board_member: Any, front_officer: Any, citizen: Any, token_for: Any
) -> None:
    """Found: the page hid the board's and the Front's follow-up notes from a reader of the published
    findings, GET /matters/{id} and GET /supervisions/{id} returned them."""
    m = walk_to_concluded(slip(board, board_member, received_on=START), board_member, START)
    services.matter_publish(actor=board_member, matter=m, public=True)
    rec = services.recommendation_make(
        actor=board_member, matter=m, addressee="Chủ tịch UBND xã", content="Trả lại tiền"
    )
    services.recommendation_follow_up(
        actor=board_member, recommendation=rec, note="Gọi điện nhắc văn phòng xã"
    )
    s = services.supervision_plan(
        actor=front_officer,
        front=Body.objects.get(kind=Body.Kind.FATHERLAND_FRONT),
        data=services.SupervisionData(
            title="Giám sát chi trả trợ cấp",
            topic="social",
            supervised_body="UBND xã",
            plan="Làm việc với UBND xã",
            planned_from=START,
            planned_to=START,
        ),
    )
    services.supervision_start(actor=front_officer, supervision=s, on=START)
    services.supervision_conclude(actor=front_officer, supervision=s, findings="Chi trả chậm", public=True)
    srec = services.recommendation_make(
        actor=front_officer, supervision=s, addressee="UBND xã", content="Chi trả đúng hạn"
    )
    services.recommendation_follow_up(actor=front_officer, recommendation=srec, note="Đã nhắc lần 2 qua Zalo")
    citizen_headers = token_for(citizen)
    seen = client.get(f"{BASE}/matters/{m.pk}", **citizen_headers).json()
    assert seen["recommendations"][0]["content"] == "Trả lại tiền"
    assert seen["recommendations"][0]["follow_up"] == ""
    seen = client.get(f"{BASE}/supervisions/{s.pk}", **citizen_headers).json()
    assert seen["findings"] == "Chi trả chậm" and seen["recommendations"][0]["follow_up"] == ""
    board_view = client.get(f"{BASE}/matters/{m.pk}", **token_for(board_member)).json()
    assert "Gọi điện nhắc" in board_view["recommendations"][0]["follow_up"]
    front_view = client.get(f"{BASE}/supervisions/{s.pk}", **token_for(front_officer)).json()
    assert "Zalo" in front_view["recommendations"][0]["follow_up"]


def test_the_public_page_keeps_every_published_conclusion_reachable(client: Any, board: Board) -> None:
    """Found: the commune's page cut the published conclusions at 200, silently."""
    for i in range(25):
        Matter.objects.create(
            board=board,
            code=f"TTND-24181-2025-{i + 1:03d}",
            title=f"Kết luận công khai số {i + 1}",
            description="…",
            channel="direct",
            received_on=START,
            status=Matter.Status.CONCLUDED,
            concluded_on=START + dt.timedelta(days=i),
            findings="Đúng quy định",
            public=True,
        )
    url = f"/oversight/communes/{board.body.place.code}/"
    first = client.get(url).content.decode()
    assert "Kết luận công khai số 25" in first and "Kết luận công khai số 5<" not in first
    assert "?page=2" in first
    second = client.get(url + "?page=2").content.decode()
    assert "Kết luận công khai số 1<" in second and "Kết luận công khai số 25" not in second


def test_the_chairman_sees_which_recommendations_are_overdue_most_urgent_first(
    client_as: Any, board: Board, board_member: Any, chairman: Any
) -> None:
    late = walk_to_concluded(
        slip(board, board_member, received_on=START, title="Quỹ đường thôn 1"), board_member, START
    )
    services.recommendation_make(
        actor=board_member, matter=late, addressee="Chủ tịch UBND xã", content="Trả lại", on=late.concluded_on
    )
    fresh = walk_to_concluded(
        slip(board, board_member, received_on=START, title="Quỹ đường thôn 2"), board_member, START
    )
    services.recommendation_make(
        actor=board_member, matter=fresh, addressee="Chủ tịch UBND xã", content="Kiểm tra"
    )
    page = client_as(chairman).get("/oversight/").content.decode()
    assert page.index(late.code) < page.index(fresh.code)
    assert page.count('class="overdue"') == 1
