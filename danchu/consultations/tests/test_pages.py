"""Pages: who sees what, the heat view, refusals as clear messages, files behind access checks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danchu.consultations.models import Comment, Consultation
from danchu.consultations.services import consultations as svc

pytestmark = pytest.mark.django_db


def test_a_draft_being_prepared_is_hidden_from_the_public_and_other_communes(
    client, client_as, draft, outsider, officer
):
    url = reverse("consultations:detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert client_as(outsider).get(url).status_code == 404
    assert client_as(officer).get(url).status_code == 200


def test_open_consultation_is_public_with_its_heat_view(client, open_consultation, citizen):
    p = open_consultation.paragraphs.get(position=3)
    svc.comment_add(actor=citizen, consultation=open_consultation, text_="Giữ đất lúa.", paragraph_id=p.pk)
    page = client.get(reverse("consultations:detail", args=[open_consultation.pk])).content.decode()
    assert f'class="para heat-5" id="p{p.pk}"' in page
    assert "Sign in to comment" in page or "Đăng nhập để góp ý" in page


def test_comment_form_refusal_comes_back_with_the_reason(browser_as, open_consultation, foreign_resident):
    client = browser_as(foreign_resident)
    url = reverse("consultations:detail", args=[open_consultation.pk])
    r = client.post_form(
        reverse("consultations:comment", args=[open_consultation.pk]),
        {"text": "Ý kiến", "stance": "neutral"},
        HTTP_REFERER="http://testserver" + url,
    )
    page = r.content.decode()  # the consultation's page again, the reason on top
    assert r.status_code == 403
    assert "không thuộc đối tượng" in page or "not among the people consulted" in page
    assert 'action="' + reverse("consultations:comment", args=[open_consultation.pk]) + '"' in page
    assert not Comment.objects.exists()


def test_overlong_comment_through_the_form_is_a_400(browser_as, open_consultation, citizen):
    r = browser_as(citizen).post_form(
        reverse("consultations:comment", args=[open_consultation.pk]),
        {"text": "x" * 6000, "stance": "neutral"},
    )
    assert r.status_code == 400 and not Comment.objects.exists()


def test_resident_cannot_reach_the_synthesis(client_as, open_consultation, citizen):
    assert (
        client_as(citizen).get(reverse("consultations:synthesis", args=[open_consultation.pk])).status_code
        == 404
    )


def test_synthesis_report_of_an_open_consultation_is_for_its_staff_only(
    client, client_as, open_consultation, officer
):
    url = reverse("consultations:synthesis_docx", args=[open_consultation.pk])
    assert client.get(url).status_code == 404
    r = client_as(officer).get(url)
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_draft_file_is_served_behind_the_getter(client, client_as, draft, open_consultation, officer):
    url = reverse("consultations:draft_file", args=[open_consultation.pk])
    r = client.get(url)
    assert r.status_code == 200 and r["X-Content-Type-Options"] == "nosniff"


def test_officer_records_a_meeting_comment_on_a_paragraph_by_number(browser_as, open_consultation, officer):
    r = browser_as(officer).post_form(
        reverse("consultations:record", args=[open_consultation.pk]),
        {
            "rec-author_name": "Y Bhăm Mlô",
            "rec-source": "meeting",
            "rec-paragraph": "6",
            "rec-stance": "oppose",
            "rec-text": "Đường 6 m là đủ.",
        },
    )
    assert r.status_code == 302
    c = Comment.objects.get()
    assert c.source == "meeting" and c.paragraph.position == 6 and c.recorded_by == officer


def test_front_officer_sees_consultations_in_the_office_menu(client_as, front_officer):
    page = client_as(front_officer).get(reverse("office:index")).content.decode()
    assert reverse("consultations:index") in page


def test_commune_page_lists_its_opened_consultations(client, open_consultation, commune, other_commune):
    page = client.get(reverse("consultations:place", args=[commune.code])).content.decode()
    assert open_consultation.title in page
    other = client.get(reverse("consultations:place", args=[other_commune.code])).content.decode()
    assert open_consultation.title not in other
    assert client.get(reverse("consultations:place", args=["nope"])).status_code == 404


def test_the_list_pages_through_every_consultation(client, open_consultation, commune, officer):
    """A province holds thousands of consultations: none may fall off the end of the list."""
    Consultation.objects.bulk_create(
        Consultation(
            place=commune,
            consulting_body="UBND xã Krông Pắc",
            title=f"Dự thảo kế hoạch số {i}",
            basis="other",
            status=Consultation.Status.OPEN,
            created_at=open_consultation.created_at + dt.timedelta(minutes=i),
        )
        for i in range(1, 251)
    )
    for url in ("/consultations/", f"/consultations/place/{commune.code}/"):
        first = client.get(url).content.decode()
        assert "Dự thảo kế hoạch số 250<" in first and open_consultation.title not in first
        assert "?page=2" in first
        last = client.get(url + "?page=6").content.decode()
        assert open_consultation.title in last and "Dự thảo kế hoạch số 250<" not in last
        assert client.get(url + "?page=abc").status_code == 400  # not the first page, as if asked for
        assert client.get(url + "?page=7").status_code == 404  # nor the last


def test_the_comment_form_names_the_paragraph_by_its_number_in_the_draft(
    client_as, open_consultation, officer, citizen
):
    """The resident chose paragraph 3 as numbered on the page, not a database id."""
    from .conftest import docx_bytes

    c = svc.draft_revise(actor=officer, consultation=open_consultation, docx_bytes=docx_bytes())
    third = c.paragraphs.get(version=2, position=3)
    assert third.pk != 3
    page = client_as(citizen).get(f"/consultations/{c.pk}/?p={third.pk}").content.decode()
    target = page.split('id="target"', 1)[1].split("</p>", 1)[0]
    assert target.rstrip().endswith("3") and f"#{third.pk}" not in target
    assert 'data-position="3"' in page


def test_a_comment_sent_after_the_period_ended_says_why(browser_as, open_consultation, officer, citizen):
    """The resident had the page open when the period ended: a clear reason, not a 404."""
    from .conftest import today

    browser = browser_as(citizen)
    url = f"/consultations/{open_consultation.pk}/"
    browser.get(url)
    token = browser.csrf_token()
    Consultation.objects.filter(pk=open_consultation.pk).update(closes_on=today() - dt.timedelta(days=1))
    svc.consultation_end_period(actor=officer, consultation=open_consultation)
    r = browser.post(
        url + "comment/", {"text": "Ý kiến muộn.", "stance": "neutral", "csrfmiddlewaretoken": token},
        HTTP_REFERER="http://testserver" + url,
    )  # fmt: skip
    page = r.content.decode()
    assert r.status_code == 400 and ("no longer accepted" in page or "không nhận thêm góp ý" in page)
    assert not Comment.objects.exists()
