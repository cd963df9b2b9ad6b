"""A form sent twice (a double click, a reload that posts again, a sheet uploaded twice) records a
comment once, and says so."""

from __future__ import annotations

import pytest

from danchu.consultations.models import Comment
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import meeting_comments as mc
from danchu.core.errors import DomainError

from .test_meeting_channel import discussed

pytestmark = pytest.mark.django_db
TEXT = "Đề nghị giữ lại 2 ha lúa nước ven suối Ea Kmu."


def test_a_comment_form_sent_twice_records_one_comment(browser_as, open_consultation, citizen):
    browser = browser_as(citizen)
    url = f"/consultations/{open_consultation.pk}/"
    browser.get(url)
    para = open_consultation.paragraphs.get(position=3)
    data = {
        "text": TEXT,
        "stance": "oppose",
        "paragraph": para.pk,
        "csrfmiddlewaretoken": browser.csrf_token(),
    }
    assert browser.post(url + "comment/", data, HTTP_REFERER="http://testserver" + url).status_code == 302
    again = browser.post(url + "comment/", data, HTTP_REFERER="http://testserver" + url)
    assert again.status_code == 409
    page = again.content.decode()  # the consultation's page again, with the message
    assert "already sent this comment" in page or "đã gửi ý kiến này" in page
    assert f'action="{url}comment/"' in page
    assert Comment.objects.filter(consultation=open_consultation).count() == 1
    # The same words on another paragraph are another comment.
    data["paragraph"] = open_consultation.paragraphs.get(position=5).pk
    browser.post(url + "comment/", data)
    assert Comment.objects.filter(consultation=open_consultation).count() == 2


def test_a_comment_sent_twice_through_the_api_is_a_409(client, open_consultation, citizen, token_for):
    headers = token_for(citizen)
    url = f"/api/v1/consultations/{open_consultation.pk}/comments"
    first = client.post(url, {"text": TEXT}, content_type="application/json", **headers)
    assert first.status_code == 201, first.content
    again = client.post(url, {"text": TEXT}, content_type="application/json", **headers)
    assert again.status_code == 409 and Comment.objects.count() == 1


def test_a_counter_comment_recorded_twice_is_refused(open_consultation, officer):
    kw = {"text_": TEXT, "author_name": "Y Bhăm Êban", "source": Comment.Source.COUNTER}
    svc.comment_record(actor=officer, consultation=open_consultation, **kw)
    with pytest.raises(DomainError, match="already recorded"):
        svc.comment_record(actor=officer, consultation=open_consultation, **kw)
    assert Comment.objects.count() == 1


def test_a_meeting_sheet_uploaded_twice_records_nothing_the_second_time(open_consultation, officer, village):
    item = discussed(village)
    sheet = f"muc,ho_ten,y_kien\n{item.pk},Y Bhăm Êban,{TEXT}\n{item.pk},H'Hoa Mlô,Đồng ý mở rộng đường.\n"

    def upload() -> list[Comment]:
        rows = mc.meeting_comments_read(filename="rows.csv", data=sheet.encode())
        return mc.meeting_comments_record(actor=officer, consultation=open_consultation, rows=rows)

    assert len(upload()) == 2
    with pytest.raises(DomainError, match="(?i)line 2: .*already recorded"):
        upload()
    assert Comment.objects.count() == 2
