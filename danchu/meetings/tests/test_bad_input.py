"""Bad input through the pages and the API: a clear message and a 4xx, never a 500, nothing written."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

import pytest
from django.utils import timezone

from danchu.core.testing import on_day
from danchu.core.testing import open_election as open_on_the_day
from danchu.meetings import services
from danchu.meetings.models import (
    ConventionVersion,
    Dismissal,
    Election,
    Meeting,
    PaperBox,
    Participation,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/meetings/"


def _convene(village: Any, starts_at: str) -> dict[str, Any]:
    return {"village": village.code, "title": "Họp thôn", "starts_at": starts_at, "location": "Nhà văn hóa"}


def test_api_meeting_time_without_an_offset_is_local_time(
    village_head: Any, village: Any, client: Any, token_for: Any
) -> None:
    r = client.post(
        API,
        _convene(village, "2026-12-20T19:30:00"),
        content_type="application/json",
        **token_for(village_head),
    )
    assert r.status_code == 201, r.content
    m = Meeting.objects.get()
    assert timezone.is_aware(m.starts_at)
    assert timezone.localtime(m.starts_at).replace(tzinfo=None) == dt.datetime(2026, 12, 20, 19, 30)


# Year 1 and 9999 are no day anyone means, in any module (core.formats.implausible_day: 422 by field);
# a real year outside the meetings' own window is refused with that window.
IMPOSSIBLE = "không hợp lý"


@pytest.mark.parametrize(
    ("starts_at", "status", "said"),
    [
        ("0001-01-01T00:00:00+07:00", 422, IMPOSSIBLE),
        ("9999-12-31T23:59:59-07:00", 422, IMPOSSIBLE),
        ("1999-06-01T19:00:00+07:00", 400, "Ngày họp phải trong khoảng 01/01/2000 đến 31/12/2100"),
    ],
)
def test_api_meeting_in_an_impossible_year_is_refused_and_nothing_is_written(
    village_head: Any, village: Any, client: Any, token_for: Any, starts_at: str, status: int, said: str
) -> None:
    r = client.post(
        API, _convene(village, starts_at), content_type="application/json", **token_for(village_head)
    )
    assert r.status_code == status
    assert said in str(r.json())
    assert not Meeting.objects.exists()


def test_page_meeting_in_year_one_is_refused_with_a_message(
    village_head: Any, village: Any, browser_as: Any
) -> None:
    form = {"village": village.pk, "title": "Họp", "day": "0001-01-01", "time": "00:00", "location": "Nhà"}
    form |= {f"item{n}_kind": "inform" for n in range(5)}
    c = browser_as(village_head)
    r = c.post_form("/meetings/new/", form)
    assert r.status_code == 400  # the form's page again, with the message
    assert "Ngày 01/01/0001 không hợp lý" in r.content.decode()
    r = c.post_form("/meetings/new/", form | {"day": "1999-06-01"})
    assert r.status_code == 400
    assert "Ngày họp phải trong khoảng 01/01/2000 đến 31/12/2100." in r.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_election_in_an_impossible_year_is_refused_on_the_api_and_the_page(
    village_head: Any, village: Any, client: Any, token_for: Any, browser_as: Any, day: str
) -> None:
    body = {"village": village.code, "office": "village_head", "election_day": day, "candidates": ["A", "B"]}
    r = client.post(API + "elections", body, content_type="application/json", **token_for(village_head))
    assert r.status_code == 422 and IMPOSSIBLE in str(r.json()["detail"])
    form = {
        "village": village.pk,
        "office": "village_head",
        "election_day": day,
        "seats": 1,
        "candidates": "A\nB",
    }
    r = browser_as(village_head).post_form("/meetings/elections/new/", form)
    assert r.status_code == 400 and IMPOSSIBLE in r.content.decode()
    r = browser_as(village_head).post_form("/meetings/elections/new/", form | {"election_day": "1999-06-01"})
    assert r.status_code == 400
    assert "Ngày bầu cử phải trong khoảng 01/01/2000 đến 31/12/2100." in r.content.decode()
    assert not Election.objects.exists()


def test_comments_cannot_close_in_year_9999(
    village_head: Any, village: Any, client: Any, token_for: Any
) -> None:
    v = services.convention_draft(actor=village_head, village=village, title="Hương ước", text="Điều 1.")
    r = client.post(
        f"{API}conventions/{v.pk}/open",
        {"closes_on": "9999-12-31"},
        content_type="application/json",
        **token_for(village_head),
    )
    assert r.status_code == 422 and IMPOSSIBLE in str(r.json()["detail"])
    v.refresh_from_db()
    assert v.status == ConventionVersion.Status.DRAFT and not v.discussion


@pytest.fixture
def open_election(village_head: Any, village: Any) -> Election:
    e = services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=21),
        candidates=["Trần Văn Minh", "Lê Thị Hương"],
    )
    return open_on_the_day(services.election_open, actor=village_head, election=e)


@pytest.mark.parametrize("choice", ["²", "abc", "9" * 5000])
def test_a_ballot_with_a_choice_that_is_no_candidate_is_refused_not_cast_blank(
    open_election: Election, households: Any, rep_of: Any, browser_as: Any, choice: str
) -> None:
    rep = rep_of(households[0])
    c = browser_as(rep)
    r = c.post_form(
        f"/meetings/elections/{open_election.pk}/vote/",
        {"household": households[0].number, "choice": [choice]},
    )
    assert r.status_code == 400
    assert "Phiếu bầu ghi người không phải là người ứng cử." in r.content.decode()
    assert not Participation.objects.exists()


def test_box_count_with_a_superscript_digit_is_refused(
    village_head: Any, village: Any, households: Any, browser_as: Any
) -> None:
    e = services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=21),
        candidates=["Trần Văn Minh", "Lê Thị Hương"],
        paper=True,
    )
    services.election_team_set(actor=village_head, election=e, head="Nguyễn Văn A", members=["Trần Thị B"])
    open_on_the_day(services.election_open, actor=village_head, election=e)
    services.election_close(actor=village_head, election=e)
    form = {
        "label": "Hòm chính",
        "kind": "main",
        "issued": "²",
        "returned": "0",
        "valid": "0",
        "invalid": "0",
    }
    r = browser_as(village_head).post_form(f"/meetings/elections/{e.pk}/boxes/", form)
    assert r.status_code == 400 and "Số phiếu phải là số nguyên không âm." in r.content.decode()
    assert not PaperBox.objects.exists()


def test_dismissal_item_with_a_superscript_digit_is_refused(
    village_head: Any, village: Any, browser_as: Any
) -> None:
    d = services.dismissal_propose(
        actor=village_head,
        village=village,
        holder_name="Y Nguyên",
        trigger=Dismissal.Trigger.OWN_REQUEST,
        reason="Xin thôi vì lý do sức khỏe",
        proposer_name="Y Nguyên",
    )
    r = browser_as(village_head).post_form(f"/meetings/dismissals/{d.pk}/agenda/", {"item": "²"})
    assert r.status_code == 400
    assert "Chọn nội dung hội nghị biểu quyết việc cho thôi làm." in r.content.decode()
    d.refresh_from_db()
    assert d.status == Dismissal.Status.PROPOSED


def test_village_choices_are_in_vietnamese_order(officer: Any, commune: Any, client_as: Any) -> None:
    from danchu.places.tests import factories as pf

    pf.village(commune, code="24181-011", name="Thôn 1")
    pf.village(commune, code="24181-012", name="Buôn Đắk")
    pf.village(commune, code="24181-013", name="Ấp Đông")
    c = client_as(officer)
    for url in (
        "/meetings/new/",
        "/meetings/elections/new/",
        "/meetings/conventions/new/",
        "/meetings/dismissals/new/",
    ):
        page = c.get(url).content.decode()
        assert page.index("Ấp Đông") < page.index("Buôn Đắk") < page.index("Thôn 1"), url


def test_nul_in_a_village_code_or_a_receipt_is_a_404_not_a_500(
    village_head: Any, village: Any, client: Any, token_for: Any
) -> None:
    """PostgreSQL cannot compare with a NUL byte: these crashed there (SQLite does not mind)."""
    head = token_for(village_head)
    code = "24181\x00"
    bodies = {
        "": {"title": "Họp", "starts_at": "2026-12-20T19:30:00+07:00", "location": "Nhà văn hóa"},
        "elections": {"office": "village_head", "election_day": "2026-12-20", "candidates": ["A"]},
        "conventions": {"title": "Hương ước", "text": "Điều 1."},
        "dismissals": {"holder_name": "A", "trigger": "own_request", "reason": "r", "proposer_name": "B"},
    }
    for path, body in bodies.items():
        r = client.post(API + path, {**body, "village": code}, content_type="application/json", **head)
        assert r.status_code == 404, path
    assert client.get("/meetings/village/24181%00/").status_code == 404
    e = services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=21),
        candidates=["Trần Văn Minh"],
    )
    with on_day(e.election_day):
        for step in (services.election_open, services.election_close, services.election_tally):
            step(actor=village_head, election=e)
    r = client.get(f"{API}elections/{e.pk}/receipts/AB%00CD")
    assert r.status_code == 200 and r.json()["counted"] is False and r.json()["ballot_stored"] is False


def test_minutes_docx_holds_the_line_breaks_word_pastes(
    meeting: Any, village_head: Any, households: Any, client_as: Any
) -> None:
    """A vertical tab (Word's manual line break) or another control character crashed the DOCX."""
    from io import BytesIO

    from docx import Document

    from .conftest import open_meeting

    open_meeting(meeting, village_head)
    services.meeting_close(
        actor=village_head, meeting=meeting, secretary_name="Lê Thư Ký\x01", notes="Dòng một\x0bDòng hai"
    )
    r = client_as(village_head).get(f"/meetings/{meeting.pk}/minutes.docx")
    assert r.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(r.content)).paragraphs)
    assert "Dòng một\nDòng hai" in text


NFC = "Lê Thị Hương"
NFD = unicodedata.normalize("NFD", NFC)


def test_a_name_typed_decomposed_is_the_same_name(village_head: Any, village: Any) -> None:
    from danchu.core.errors import DomainError

    assert NFC != NFD
    with pytest.raises(DomainError, match="listed twice"):
        services.election_plan(
            actor=village_head,
            village=village,
            office=Election.Office.VILLAGE_HEAD,
            election_day=timezone.localdate() + dt.timedelta(days=21),
            candidates=[NFC, NFD],
        )
    e = services.election_plan(
        actor=village_head,
        village=village,
        office=Election.Office.VILLAGE_HEAD,
        election_day=timezone.localdate() + dt.timedelta(days=21),
        candidates=[NFC, "Trần Văn Minh"],
        paper=True,
    )
    with pytest.raises(DomainError, match="may not sit on the election team"):
        services.election_team_set(actor=village_head, election=e, head="Nguyễn Văn A", members=[NFD])
    assert not Election.objects.get(pk=e.pk).team_head


def test_a_meeting_is_not_closed_without_a_secretary(
    meeting: Any, village_head: Any, households: Any, client: Any, token_for: Any
) -> None:
    from .conftest import open_meeting

    open_meeting(meeting, village_head)
    r = client.post(
        f"{API}{meeting.pk}/close",
        {"secretary_name": "   ", "notes": "Biên bản"},
        content_type="application/json",
        **token_for(village_head),
    )
    assert r.status_code == 400 and "thư ký" in r.json()["message"]
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.OPEN and not meeting.minutes_notes


@pytest.mark.parametrize(
    "path,model",
    [
        ("/meetings/new/", "Meeting"),
        ("/meetings/elections/new/", "Election"),
        ("/meetings/dismissals/new/", "Dismissal"),
        ("/meetings/conventions/new/", "Convention"),
    ],
)
def test_a_form_page_sent_with_bad_input_answers_400_and_writes_nothing(
    browser_as: Any, village_head: Any, village: Any, path: str, model: str
) -> None:
    """The page comes back with the fields' messages and what was typed, as a 4xx (a 200 told a script
    or a test that the request had been accepted)."""
    from django.apps import apps

    data = {"village": village.pk, "title": "Họp\x00 thôn", "candidates": "x" * 300, "reason": "\x00"}
    r = browser_as(village_head).post_form(path, data)
    assert r.status_code == 400, r.status_code
    assert 'name="village"' in r.content.decode()  # the form is back, with its messages
    assert not apps.get_model("meetings", model).objects.exists()
