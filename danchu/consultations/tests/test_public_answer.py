"""What a resident who commented meets once the answer is published: the link they are sent, the
page it opens, their own comments with the answer each one got."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings

from danchu.consultations.models import Consultation
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import synthesis

from .conftest import today

pytestmark = pytest.mark.django_db


def _close(c: Consultation, officer, comment, django_capture_on_commit_callbacks, also=()) -> Consultation:
    Consultation.objects.filter(pk=c.pk).update(closes_on=today() - dt.timedelta(days=1))
    c = svc.consultation_end_period(actor=officer, consultation=c)
    g = synthesis.group_create(
        actor=officer, consultation=c, title="Giữ đất trồng lúa", comment_ids=[comment.pk, *also]
    )
    synthesis.group_answer(
        actor=officer,
        group=g,
        answer="not_accepted",
        reason="Đất lúa kém hiệu quả, chuyển đổi theo quy hoạch tỉnh.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        return synthesis.consultation_close(
            actor=officer, consultation=c, data=synthesis.Decision("7/QĐ-UBND", "Phê duyệt", "Văn bản")
        )


def test_the_link_sent_to_a_commenter_opens_the_answer_for_them(
    client_as, open_consultation, officer, citizen, django_capture_on_commit_callbacks, mailoutbox
):
    citizen.notify_channel, citizen.email = "email", "dan.le@example.vn"
    citizen.save()
    comment = svc.comment_add(actor=citizen, consultation=open_consultation, text_="Giữ đất lúa Thôn 1.")
    _close(open_consultation, officer, comment, django_capture_on_commit_callbacks)
    (mail,) = [m for m in mailoutbox if m.to == ["dan.le@example.vn"]]
    url = re.search(re.escape(settings.SITE_URL) + r"(\S+)", mail.body).group(1)
    response = client_as(citizen).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đất lúa kém hiệu quả" in page


def test_a_commenter_sees_their_own_comments_and_the_answer_each_got(
    client, client_as, open_consultation, officer, citizen, resident, django_capture_on_commit_callbacks
):
    mine = svc.comment_add(actor=citizen, consultation=open_consultation, text_="Giữ đất lúa Thôn 1.")
    theirs = svc.comment_add(actor=resident, consultation=open_consultation, text_="Ý kiến riêng của H'Linh.")
    c = _close(open_consultation, officer, mine, django_capture_on_commit_callbacks, also=[theirs.pk])
    page = client_as(citizen).get(f"/consultations/{c.pk}/").content.decode()
    assert 'id="my-comments"' in page and "Giữ đất lúa Thôn 1." in page
    assert "Ý kiến riêng của H&#x27;Linh." not in page and "Ý kiến riêng của H'Linh." not in page
    assert 'id="my-comments"' not in client.get(f"/consultations/{c.pk}/").content.decode()
