"""Correcting the grouping of the synthesis: a comment put in the wrong group is taken out of it
(and a group left empty goes, since every group is answered and published)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.consultations.models import CommentGroup, Consultation
from danchu.consultations.services import consultations as svc
from danchu.consultations.services import synthesis
from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry

from .conftest import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def grouped(open_consultation, officer, citizen, resident):
    a = svc.comment_add(actor=citizen, consultation=open_consultation, text_="Giữ lại lúa nước.")
    b = svc.comment_add(actor=resident, consultation=open_consultation, text_="Đường 7 m là quá rộng.")
    Consultation.objects.filter(pk=open_consultation.pk).update(closes_on=today() - dt.timedelta(days=1))
    c = svc.consultation_end_period(actor=officer, consultation=open_consultation)
    g = synthesis.group_create(actor=officer, consultation=c, title="Giữ đất lúa", comment_ids=[a.pk, b.pk])
    return c, g, a, b


def _ungroup(browser, c, comment):
    browser.get(f"/consultations/{c.pk}/synthesis/")
    url = f"/consultations/{c.pk}/synthesis/comments/{comment.pk}/ungroup/"
    return browser.post(url, {"csrfmiddlewaretoken": browser.csrf_token()})


def test_a_comment_put_in_the_wrong_group_is_taken_out(browser_as, grouped, officer):
    c, g, a, b = grouped
    browser = browser_as(officer)
    assert (
        f"/synthesis/comments/{b.pk}/ungroup/"
        in browser.get(f"/consultations/{c.pk}/synthesis/").content.decode()
    )
    assert _ungroup(browser, c, b).status_code == 302
    b.refresh_from_db()
    assert b.group is None and list(g.comments.all()) == [a]
    assert AuditEntry.objects.filter(action="consultations.ungroup").count() == 1
    # The last comment out: the empty group goes, so nothing empty is answered and published.
    _ungroup(browser, c, a)
    assert not CommentGroup.objects.filter(pk=g.pk).exists()
    g2 = synthesis.group_create(actor=officer, consultation=c, title="Bề rộng đường", comment_ids=[b.pk])
    assert list(g2.comments.all()) == [b]


def test_staff_of_another_commune_get_404(browser_as, grouped, outsider):
    c, g, a, b = grouped
    url = f"/consultations/{c.pk}/synthesis/comments/{b.pk}/ungroup/"
    browser = browser_as(outsider)
    browser.get("/consultations/")
    assert browser.post(url, {"csrfmiddlewaretoken": browser.csrf_token()}).status_code == 404
    b.refresh_from_db()
    assert b.group_id == g.pk


def test_once_closed_the_grouping_stays(grouped, officer):
    c, g, a, b = grouped
    synthesis.group_answer(actor=officer, group=g, answer="accepted", reason="")
    synthesis.consultation_close(
        actor=officer, consultation=c, data=synthesis.Decision("7/QĐ-UBND", "Phê duyệt", "Văn bản")
    )
    with pytest.raises(DomainError, match="closed"):
        synthesis.comment_ungroup(actor=officer, consultation=c, comment=b)


def test_the_api_takes_a_comment_out_with_a_token_and_refuses_others(
    client, token_for, grouped, officer, outsider
):
    c, g, a, b = grouped
    url = f"/api/v1/consultations/{c.pk}/comments/{{}}/ungroup"
    assert client.post(url.format(b.pk), **token_for(outsider)).status_code == 404  # another commune's
    b.refresh_from_db()
    assert b.group_id == g.pk
    taken = client.post(url.format(b.pk), **token_for(officer))
    assert taken.status_code == 200 and taken.json() == {"id": b.pk, "group_removed": False}
    again = client.post(url.format(b.pk), **token_for(officer))
    assert again.status_code == 400 and again.json()["code"] == "not_grouped"
    last = client.post(url.format(a.pk), **token_for(officer))
    assert last.json() == {"id": a.pk, "group_removed": True}
    assert not CommentGroup.objects.filter(pk=g.pk).exists()
    assert AuditEntry.objects.filter(action="consultations.ungroup").count() == 2
