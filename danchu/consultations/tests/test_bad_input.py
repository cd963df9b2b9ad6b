"""Hostile and mistaken input found by probing every form and API operation: each is a clear 4xx with
nothing written (they were 500s, or silent 404s, or accepted)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.consultations.models import CommentGroup, Consultation, Question, Questionnaire, ReceiptCode
from danchu.consultations.services import consultations as svc
from danchu.core.errors import DomainError

from .conftest import today

pytestmark = pytest.mark.django_db
API = "/api/v1/consultations"


def test_group_naming_an_id_beyond_the_database_range_is_a_400(client, open_consultation, officer, token_for):
    """The id went straight into `pk__in`: SQLite's driver raised OverflowError (a 500)."""
    r = client.post(
        f"{API}/{open_consultation.pk}/groups",
        {"title": "Bồi thường", "comments": [2**63]},
        content_type="application/json",
        **token_for(officer),
    )
    assert r.status_code == 400 and r.json()["code"] == "bad_comments"
    assert not CommentGroup.objects.exists()


def test_questionnaire_through_the_api_follows_the_editor_rules(client, officer, token_for):
    """A text question's `scale_max` was stored as sent: -1 broke the column's check (a 500) and
    99999 overflows PostgreSQL's smallint; a question could carry thousands of choices."""
    headers = token_for(officer)
    text_question = {"kind": "text", "text": "Góp ý khác", "scale_max": -1}
    r = client.post(
        f"{API}/questionnaires",
        {"title": "Phiếu khảo sát", "questions": [text_question]},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201, r.content
    assert Question.objects.get(pk=r.json()["questions"][0]).scale_max == 5
    many = {"kind": "single", "text": "Kênh nộp hồ sơ?", "choices": [f"Kênh {i}" for i in range(500)]}
    r = client.post(
        f"{API}/questionnaires",
        {"title": "Phiếu quá dài", "questions": [many]},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 400 and r.json()["code"] == "choices"
    assert r.json()["message"].startswith(("Câu hỏi 1:", "Question 1:"))
    assert Questionnaire.objects.count() == 1


@pytest.mark.parametrize(
    ("opens", "closes", "code"),
    [
        (dt.date(9999, 12, 1), dt.date(9999, 12, 31), "open_too_far"),
        (None, dt.date(9999, 12, 31), "period_too_long"),
        (None, "before", "period_reversed"),
    ],
)
def test_opening_with_an_absurd_period_is_refused(draft, officer, opens, closes, code):
    """A mistyped year left a consultation open for comments in 9999, or until 9999: it could
    never take a comment, or never be ended (a period is not cut short)."""
    opens_on = opens or today()
    closes_on = opens_on - dt.timedelta(days=1) if closes == "before" else closes
    with pytest.raises(DomainError) as refused:
        svc.consultation_open(actor=officer, consultation=draft, opens_on=opens_on, closes_on=closes_on)
    assert refused.value.code == code
    draft.refresh_from_db()
    assert draft.status == Consultation.Status.DRAFT and draft.disclosure_id is None


def test_opening_for_a_year_is_still_allowed(draft, officer):
    c = svc.consultation_open(
        actor=officer, consultation=draft, opens_on=today(), closes_on=today() + dt.timedelta(days=365)
    )
    assert c.status == Consultation.Status.OPEN


def test_opening_page_with_year_9999_says_why(browser_as, draft, officer):
    r = browser_as(officer).post_form(
        f"/consultations/{draft.pk}/open/",
        {"opens_on": "9999-12-01", "closes_on": "9999-12-31"},
        follow=True,
        HTTP_REFERER=f"http://testserver/consultations/{draft.pk}/",
    )
    page = r.content.decode()
    assert r.status_code == 400 and "Ngày 01/12/9999 không hợp lý" in page  # beside the field, as typed
    draft.refresh_from_db()
    assert draft.status == Consultation.Status.DRAFT


def test_receipts_form_with_a_bad_count_says_why(browser_as, survey, officer):
    """The form answered 404, with no word of what was wrong."""
    browser = browser_as(officer)
    r = browser.post_form(
        f"/consultations/surveys/{survey.pk}/receipts/",
        {"count": "9999"},
        HTTP_REFERER=f"http://testserver/consultations/surveys/{survey.pk}/",
    )
    page = r.content.decode()  # the survey's page again, with the message
    assert r.status_code == 400
    assert "Số biên nhận" in page and "500" in page  # the field and its limit, named in the message
    assert f'action="/consultations/surveys/{survey.pk}/receipts/"' in page
    assert not ReceiptCode.objects.exists()


def test_a_group_form_sent_twice_does_not_empty_the_first_group(
    client, open_consultation, officer, token_for
):
    """The second group took the comments of the first, which stayed empty yet had to be answered and
    was published in the synthesis; an empty list made an empty group through the API."""
    comment = svc.comment_record(
        actor=officer,
        consultation=open_consultation,
        text_="Giữ đất lúa.",
        author_name="Y Bhăm",
        source="counter",
    )
    url, headers = f"{API}/{open_consultation.pk}/groups", token_for(officer)
    body = {"title": "Đất lúa", "comments": [comment.pk]}
    assert client.post(url, body, content_type="application/json", **headers).status_code == 201
    again = client.post(url, body, content_type="application/json", **headers)
    assert again.status_code == 409 and again.json()["code"] == "already_grouped"
    empty = client.post(url, {"title": "Trống", "comments": []}, content_type="application/json", **headers)
    assert empty.status_code == 400 and empty.json()["code"] == "no_comments"
    (group,) = CommentGroup.objects.all()
    assert list(group.comments.all()) == [comment]


@pytest.mark.parametrize("code", ["AB%00CD", "AB%20CD%2F", "%C4%90%C3%81"])
def test_a_receipt_code_with_a_nul_byte_or_odd_characters_is_a_404(client, survey, code):
    """The code went into the query as typed: a NUL byte is a DataError on PostgreSQL (a 500)."""
    assert client.get(f"/consultations/s/{code}/").status_code == 404
    r = client.post(
        f"/api/v1/consultations/surveys/answers/{code}", {"answers": {}}, content_type="application/json"
    )
    assert r.status_code == 404


def test_staff_cannot_record_comments_before_the_opening_day(draft, officer):
    """Recorded comments were taken while the consultation, published, had not opened yet."""
    from danchu.consultations.models import Comment
    from danchu.consultations.services import meeting_comments
    from danchu.places.importing.reading import Row

    c = svc.consultation_open(
        actor=officer,
        consultation=draft,
        opens_on=today() + dt.timedelta(days=5),
        closes_on=today() + dt.timedelta(days=40),
    )
    with pytest.raises(DomainError) as refused:
        svc.comment_record(
            actor=officer, consultation=c, text_="Giữ đất lúa.", author_name="Y Bhăm", source="counter"
        )
    assert refused.value.code == "not_yet"
    with pytest.raises(DomainError) as refused:
        meeting_comments.meeting_comments_record(
            actor=officer, consultation=c, rows=[Row(1, {"name": "H'Linh", "comment": "Đồng ý", "item": ""})]
        )
    assert refused.value.code == "not_yet"
    assert not Comment.objects.exists()
