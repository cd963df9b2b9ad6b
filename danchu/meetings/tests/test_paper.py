"""Paper ballots in a village-head election (issue #10): the election team, the count per box (main and
extra), consistency checks, the tally combining boxes with online ballots, the minutes of the count."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.core.models import AuditEntry
from danchu.core.testing import on_day, open_election
from danchu.meetings import services
from danchu.meetings.models import Election, PaperBox
from danchu.meetings.services import PaperCount

pytestmark = pytest.mark.django_db


@pytest.fixture
def paper(village_head: Any, village: Any, households: Any) -> Election:
    return services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=21),
        candidates=["Trần Văn Minh", "Lê Thị Hương"],
        paper=True,
    )


def ids(e: Election) -> tuple[int, int]:
    """(Lê Thị Hương, Trần Văn Minh) — by name."""
    a, b = e.candidates.order_by("full_name")
    return a.pk, b.pk


def polled(e: Election, actor: Any) -> Election:
    services.election_team_set(
        actor=actor, election=e, head="Nguyễn Văn Mặt Trận", members=["Phạm Thị Phụ Nữ", "Hoàng Văn Đoàn"]
    )
    open_election(services.election_open, actor=actor, election=e)
    return services.election_close(actor=actor, election=e)


def test_paper_election_from_team_to_recognition_combines_boxes_and_online_ballots(
    paper: Election, village_head: Any, chairman: Any, households: Any, rep_of: Any
) -> None:
    services.election_team_set(
        actor=village_head, election=paper, head="Nguyễn Văn Mặt Trận", members=["Phạm Thị Phụ Nữ"]
    )
    open_election(services.election_open, actor=village_head, election=paper)
    huong, minh = ids(paper)
    # one household votes online, for Minh
    receipt = services.ballot_cast(
        person=rep_of(households[0]), election=paper, household=households[0], choices=[minh]
    )
    with pytest.raises(Conflict, match="after the poll closes"):
        services.paper_box_record(
            actor=village_head, election=paper, count=PaperCount("Hòm chính", 7, 7, 7, 0, {huong: 5})
        )
    services.election_close(actor=village_head, election=paper)
    with pytest.raises(Conflict, match="count of the ballot boxes"):
        services.election_tally(actor=village_head, election=paper)
    services.paper_box_record(
        actor=village_head,
        election=paper,
        count=PaperCount("Hòm chính", issued=7, returned=7, valid=6, invalid=1, votes={huong: 4, minh: 2}),
    )
    services.paper_box_record(
        actor=village_head,
        election=paper,
        count=PaperCount("Hòm phụ", issued=2, returned=2, valid=2, invalid=0, votes={huong: 2}, kind="extra"),
    )
    e = services.election_tally(actor=village_head, election=paper)
    # Hương: 4 + 2 on paper = 6 of 10 households (> 50%); Minh: 2 on paper + 1 online = 3
    assert e.tally["votes"] == {str(huong): 6, str(minh): 3}
    assert e.tally["online_votes"] == {str(huong): 0, str(minh): 1}
    assert e.tally["paper"]["issued"] == 9 and e.tally["paper"]["valid"] == 8
    assert e.tally["paper"]["invalid"] == 1 and e.tally["paper"]["boxes"] == 2
    assert e.tally["winners"] == [huong] and e.status == "tallied"
    assert e.tally["receipts"] == [receipt]
    out = StringIO()
    call_command("verify_tally", str(e.pk), stdout=out)
    assert out.getvalue().startswith("OK")
    box = PaperBox.objects.get(election=e, label="Hòm phụ")
    box.votes = {str(huong): 1}
    box.save()
    with pytest.raises(CommandError, match="MISMATCH in votes, paper"):
        call_command("verify_tally", str(e.pk))
    box.votes = {str(huong): 2, str(minh): 0}
    box.save()
    e = services.election_recognise(actor=chairman, election=e)
    assert e.status == "recognised"


@pytest.mark.parametrize(
    ("count", "message"),
    [
        (dict(issued=5, returned=6, valid=6, invalid=0), "6 ballots returned but only 5 issued"),
        (dict(issued=6, returned=6, valid=4, invalid=1), "must add up to the ballots returned"),
        (dict(issued=6, returned=6, valid=5, invalid=1, votes={0: 6}), "has 6 votes but the box has only 5"),
        (dict(issued=6, returned=6, valid=5, invalid=1, votes={0: 4, 1: 3}), "more than 5 valid ballots"),
        (dict(issued=11, returned=6, valid=5, invalid=1), "more than the 10 households registered"),
        (dict(issued=6, returned=6, valid=6, invalid=0, votes={0: -1}), "cannot be negative"),
        (dict(issued=6, returned=6, valid=6, invalid=0, votes={999999: 1}), "not a candidate"),
    ],
)
def test_inconsistent_counts_are_refused_and_nothing_is_kept(
    paper: Election, village_head: Any, count: dict, message: str
) -> None:
    e = polled(paper, village_head)
    cands = ids(e)
    votes = {cands[k] if k in (0, 1) else k: v for k, v in count.pop("votes", {}).items()}
    entries = AuditEntry.objects.count()
    with pytest.raises(DomainError, match=message):
        services.paper_box_record(
            actor=village_head, election=e, count=PaperCount("Hòm chính", votes=votes, **count)
        )
    assert not PaperBox.objects.exists()
    assert AuditEntry.objects.count() == entries


def test_boxes_issued_together_cannot_exceed_the_roster_and_a_box_is_corrected_by_its_label(
    paper: Election, village_head: Any
) -> None:
    e = polled(paper, village_head)
    huong, _minh = ids(e)
    services.paper_box_record(
        actor=village_head, election=e, count=PaperCount("Hòm chính", 8, 8, 8, 0, {huong: 8})
    )
    with pytest.raises(DomainError, match="11 paper ballots issued"):
        services.paper_box_record(
            actor=village_head, election=e, count=PaperCount("Hòm phụ", 3, 3, 3, 0, kind="extra")
        )
    # the same label corrects the box (before the tally), so the total is 9
    services.paper_box_record(
        actor=village_head, election=e, count=PaperCount("Hòm chính", 7, 7, 7, 0, {huong: 7})
    )
    services.paper_box_record(
        actor=village_head, election=e, count=PaperCount("Hòm phụ", 3, 3, 3, 0, kind="extra")
    )
    assert PaperBox.objects.filter(election=e).count() == 2
    assert AuditEntry.objects.filter(action="meetings.paper_box_correct").count() == 1
    services.election_tally(actor=village_head, election=e)
    with pytest.raises(Conflict, match="before the tally"):
        services.paper_box_record(actor=village_head, election=e, count=PaperCount("Hòm phụ", 2, 2, 2, 0))


def test_team_rules_candidate_off_team_head_required_only_for_paper(
    paper: Election, village_head: Any, officer: Any, outsider: Any, village: Any
) -> None:
    with pytest.raises(DomainError, match="candidate may not sit"):
        services.election_team_set(actor=village_head, election=paper, head="Lê Thị Hương", members=["A B"])
    with pytest.raises(DomainError, match="at least one member"):
        services.election_team_set(actor=village_head, election=paper, head="Nguyễn Văn A", members=[" "])
    with pytest.raises(DomainError, match="NUL"):
        services.election_team_set(actor=village_head, election=paper, head="Nguyễn\x00", members=["B"])
    with pytest.raises(DomainError, match="too long"):
        services.election_team_set(actor=village_head, election=paper, head="x" * 201, members=["B"])
    with pytest.raises(Forbidden):
        services.election_team_set(actor=outsider, election=paper, head="Nguyễn Văn A", members=["B"])
    e = services.election_team_set(actor=officer, election=paper, head="Nguyễn Văn A", members=["Trần B"])
    assert e.team_head == "Nguyễn Văn A" and e.team == ["Trần B"] and e.team_set_on == timezone.localdate()
    online = services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=21),
        candidates=["C D"],
    )
    with pytest.raises(DomainError, match="not held by paper"):
        services.election_team_set(actor=village_head, election=online, head="Nguyễn Văn A", members=["B"])


def test_box_count_needs_the_team(paper: Election, village_head: Any) -> None:
    open_election(services.election_open, actor=village_head, election=paper)
    services.election_close(actor=village_head, election=paper)
    with pytest.raises(Conflict, match="Name the election team"):
        services.paper_box_record(
            actor=village_head, election=paper, count=PaperCount("Hòm chính", 1, 1, 1, 0)
        )


def test_a_paper_count_carries_no_voter() -> None:
    fields = {f.name for f in PaperBox._meta.get_fields()}
    assert not fields & {"household", "person", "voter", "households", "participation"}
    assert fields >= {"issued", "returned", "valid", "invalid", "votes"}


def test_paper_boxes_through_the_api_and_the_minutes_of_the_count(
    village_head: Any,
    village: Any,
    households: Any,
    client: Any,
    token_for: Any,
    client_as: Any,
    chairman: Any,
) -> None:
    head = token_for(village_head)
    r = client.post(
        "/api/v1/meetings/elections",
        {
            "village": village.code,
            "office": "village_head",
            "election_day": str(timezone.localdate() + dt.timedelta(days=21)),
            "candidates": ["Trần Văn Minh", "Lê Thị Hương"],
            "paper": True,
        },
        content_type="application/json",
        **head,
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["paper"] is True
    huong = next(c["id"] for c in r.json()["candidates"] if c["full_name"] == "Lê Thị Hương")
    team = {"head": "Nguyễn Văn Mặt Trận", "members": ["Phạm Thị Phụ Nữ"]}
    r = client.post(f"/api/v1/meetings/elections/{pk}/team", team, content_type="application/json", **head)
    assert r.status_code == 200, r.content
    assert r.json()["team_head"] == "Nguyễn Văn Mặt Trận"
    with on_day(Election.objects.get(pk=pk).election_day):
        assert client.post(f"/api/v1/meetings/elections/{pk}/open", **head).status_code == 200
    client.post(f"/api/v1/meetings/elections/{pk}/close", **head)
    url = f"/api/v1/meetings/elections/{pk}/boxes"
    bad = {"label": "Hòm chính", "issued": 6, "returned": 7, "valid": 7, "invalid": 0, "votes": {}}
    r = client.post(url, bad, content_type="application/json", **head)
    assert r.status_code == 400 and "phát ra" in r.json()["message"]  # in Vietnamese
    for nul in ({**bad, "label": "Hòm\x00"}, {**bad, "label": "x" * 101}, {**bad, "issued": -1}):
        assert client.post(url, nul, content_type="application/json", **head).status_code in (400, 422)
    good = {
        "label": "Hòm chính",
        "issued": 8,
        "returned": 8,
        "valid": 7,
        "invalid": 1,
        "votes": {str(huong): 6},
    }
    r = client.post(url, good, content_type="application/json", **head)
    assert r.status_code == 201, r.content
    assert PaperBox.objects.count() == 1
    # the same label corrects the box (commune staff may enter the team's sheet too)
    r = client.post(
        url, {**good, "valid": 8, "invalid": 0}, content_type="application/json", **token_for(chairman)
    )
    assert r.status_code == 201, r.content
    assert PaperBox.objects.get().valid == 8
    r = client.post(f"/api/v1/meetings/elections/{pk}/tally", **head)
    assert r.status_code == 200 and r.json()["status"] == "tallied"
    assert r.json()["tally"]["votes"][str(huong)] == 6
    page = client_as(village_head).get(f"/meetings/elections/{pk}/count-minutes/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "BIÊN BẢN KIỂM PHIẾU" in text and "Nguyễn Văn Mặt Trận" in text and "Hòm chính" in text
    # printed from the browser, so laid out by a stylesheet the CSP allows (an inline <style> was refused)
    assert "<style" not in text and "meetings/count-minutes" in text and "<h1" in text


def test_other_unit_cannot_count_or_name_the_team(
    paper: Election, village_head: Any, outsider: Any, client: Any, token_for: Any
) -> None:
    e = polled(paper, village_head)
    r = client.post(
        f"/api/v1/meetings/elections/{e.pk}/boxes",
        {"label": "Hòm chính", "issued": 1, "returned": 1, "valid": 1, "invalid": 0, "votes": {}},
        content_type="application/json",
        **token_for(outsider),
    )
    assert r.status_code in (403, 404)
    assert not PaperBox.objects.exists()


def test_paper_box_page_form_through_csrf(paper: Election, village_head: Any, browser_as: Any) -> None:
    e = polled(paper, village_head)
    huong, minh = ids(e)
    b = browser_as(village_head)
    page = b.get(f"/meetings/elections/{e.pk}/").content.decode()
    assert 'name="issued"' in page
    r = b.post_form(
        f"/meetings/elections/{e.pk}/boxes/",
        {"label": "Hòm chính", "kind": "main", "issued": "5", "returned": "6", "valid": "6", "invalid": "0"},
    )
    # refused with 400 and the reason in Vietnamese, nothing kept
    assert r.status_code == 400
    assert "Số phiếu thu vào (6) lớn hơn số phiếu phát ra (5)." in r.content.decode()
    assert not PaperBox.objects.exists()
    r = b.post_form(
        f"/meetings/elections/{e.pk}/boxes/",
        {
            "label": "Hòm chính",
            "kind": "main",
            "issued": "6",
            "returned": "6",
            "valid": "6",
            "invalid": "0",
            f"votes_{huong}": "4",
            f"votes_{minh}": "2",
        },
    )
    assert r.status_code == 302
    assert PaperBox.objects.get().votes == {str(huong): 4, str(minh): 2}


def test_plan_a_paper_election_on_the_page(village_head: Any, village: Any, browser_as: Any) -> None:
    b = browser_as(village_head)
    assert 'name="paper"' in b.get("/meetings/elections/new/").content.decode()
    day = timezone.localdate() + dt.timedelta(days=21)
    r = b.post_form(
        "/meetings/elections/new/",
        {
            "village": village.pk,
            "office": "village_head",
            "election_day": day.isoformat(),
            "seats": "1",
            "candidates": "Trần Văn Minh\nLê Thị Hương",
            "paper": "on",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    e = Election.objects.get()
    assert e.paper and e.candidates.count() == 2
    office = b.get("/meetings/").content.decode()
    assert f"/meetings/elections/{e.pk}/" in office and "<title>" in office
    assert "<h2>" not in office.split("<title>")[1].split("</title>")[0]  # no markup inside the title
    page = b.get(f"/meetings/elections/{e.pk}/").content.decode()
    assert 'name="head"' in page  # the team can be named while planned


def test_team_set_no_later_than_ten_days_before_election_day(paper: Election, village_head: Any) -> None:
    """Decree 59 (DOMAIN.md §3.4): the election team is established no later than 10 days before
    election day D. D-10 is the last day; on D-9 the team is refused and nothing is written."""
    day = paper.election_day
    with pytest.raises(DomainError, match=r"no later than 10 days .*59/2023/NĐ-CP") as refused:
        services.election_team_set(
            actor=village_head,
            election=paper,
            head="Nguyễn Văn A",
            members=["Trần B"],
            on=day - dt.timedelta(9),
        )
    assert refused.value.code == "team_late"
    assert Election.objects.get(pk=paper.pk).team_head == ""
    e = services.election_team_set(
        actor=village_head, election=paper, head="Nguyễn Văn A", members=["Trần B"], on=day - dt.timedelta(10)
    )
    assert e.team_head == "Nguyễn Văn A" and e.team_set_on == day - dt.timedelta(10)


def test_team_deadline_is_the_rule_in_force(paper: Election, village_head: Any) -> None:
    """The number is data with its legal basis: a rule row in force on election day moves the boundary."""
    from danchu.meetings.models import MeetingRule

    MeetingRule.objects.create(
        code=MeetingRule.Code.TEAM_DAYS,
        value=12,
        legal_basis="Văn bản thử nghiệm",
        valid_from=dt.date(2020, 1, 1),
    )
    day = paper.election_day
    with pytest.raises(DomainError, match="no later than 12 days .*Văn bản thử nghiệm"):
        services.election_team_set(
            actor=village_head, election=paper, head="Nguyễn Văn A", members=["B"], on=day - dt.timedelta(11)
        )
    e = services.election_team_set(
        actor=village_head, election=paper, head="Nguyễn Văn A", members=["B"], on=day - dt.timedelta(12)
    )
    assert e.team_set_on == day - dt.timedelta(12)
    # The election's step list shows the same rule, not a fixed number.
    from danchu.meetings.services.elections import steps

    team_step = steps(paper)[1]
    assert "12" in str(team_step["label"]) and team_step["due"] == day - dt.timedelta(12)


@pytest.mark.parametrize(("days_ahead", "accepted"), [(9, False), (10, True)])
def test_team_deadline_on_the_api_and_the_page(
    village_head: Any, village: Any, households: Any, client: Any, token_for: Any, browser_as: Any,
    days_ahead: int, accepted: bool,
) -> None:  # fmt: skip
    e = services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=days_ahead),
        candidates=["Trần Văn Minh", "Lê Thị Hương"],
        paper=True,
    )
    team = {"head": "Nguyễn Văn Mặt Trận", "members": ["Phạm Thị Phụ Nữ"]}
    r = client.post(
        f"/api/v1/meetings/elections/{e.pk}/team",
        team,
        content_type="application/json",
        **token_for(village_head),
    )
    if accepted:
        assert r.status_code == 200, r.content
        assert Election.objects.get(pk=e.pk).team_set_on == timezone.localdate()
        return
    assert r.status_code == 400, r.content
    body = r.json()
    assert body["code"] == "team_late"
    assert "chậm nhất 10 ngày" in body["message"] and "59/2023/NĐ-CP" in body["message"]
    b = browser_as(village_head)
    page = f"/meetings/elections/{e.pk}/"
    r = b.post_form(
        f"/meetings/elections/{e.pk}/team/",
        {"head": team["head"], "members": "Phạm Thị Phụ Nữ"},
        HTTP_REFERER=f"http://testserver{page}",
    )
    shown = r.content.decode()  # the election's page again, with the message
    assert r.status_code == 400 and f'action="/meetings/elections/{e.pk}/team/"' in shown
    assert "chậm nhất 10 ngày" in shown and "59/2023/NĐ-CP" in shown
    assert Election.objects.get(pk=e.pk).team_head == ""
