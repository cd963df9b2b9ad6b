"""The API runs the same services: tokens, CSRF, refusals with {code, message}, other units → 404."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.consultations.models import Comment, Consultation

from .conftest import docx_bytes, make_draft, today

pytestmark = pytest.mark.django_db
API = "/api/v1/consultations"


def test_officer_prepares_and_opens_with_a_token(client, officer, commune, token_for):
    headers = token_for(officer)
    r = client.post(
        f"{API}/",
        {"place": commune.code, "title": "Quy hoạch sử dụng đất 2030", "basis": "land_use", "draft": _file()},
        **headers,
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert len(r.json()["paragraphs"]) == 6
    short = {"opens_on": str(today()), "closes_on": str(today() + dt.timedelta(days=5))}
    r = client.post(f"{API}/{pk}/open", short, content_type="application/json", **headers)
    assert r.status_code == 400 and r.json()["code"] == "period_too_short"
    ok = {"opens_on": str(today()), "closes_on": str(today() + dt.timedelta(days=30))}
    r = client.post(f"{API}/{pk}/open", ok, content_type="application/json", **headers)
    assert r.status_code == 200 and r.json()["status"] == "open"


def _file():  # noqa: ANN202
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("du-thao.docx", docx_bytes())


def test_resident_comments_through_the_page_script_with_csrf(browser_as, open_consultation, citizen):
    para = open_consultation.paragraphs.get(position=2)
    client = browser_as(citizen)
    r = client.api(
        "post",
        f"{API}/{open_consultation.pk}/comments",
        {"text": "Đồng ý.", "paragraph": para.pk, "stance": "support"},
    )
    assert r.status_code == 201, r.content
    # Without the CSRF header the session cannot write.
    from django.test import Client

    raw = Client(enforce_csrf_checks=True)
    raw.force_login(citizen)
    r = raw.post(f"{API}/{open_consultation.pk}/comments", {"text": "X"}, content_type="application/json")
    assert r.status_code == 403 and Comment.objects.count() == 1


def test_outsider_gets_404_for_a_draft_of_another_commune(client, draft, outsider, token_for):
    assert client.get(f"{API}/{draft.pk}", **token_for(outsider)).status_code == 404


def test_comment_from_outside_the_group_is_refused_with_the_reason(
    client, open_consultation, foreign_resident, token_for
):
    r = client.post(
        f"{API}/{open_consultation.pk}/comments",
        {"text": "Ý kiến"},
        content_type="application/json",
        **token_for(foreign_resident),
    )
    assert r.status_code == 403 and r.json()["code"] == "not_consulted"


def test_nul_byte_in_a_comment_is_a_clear_400(client, open_consultation, citizen, token_for):
    r = client.post(
        f"{API}/{open_consultation.pk}/comments",
        {"text": "a\u0000b"},
        content_type="application/json",
        **token_for(citizen),
    )
    assert r.status_code == 400 and r.json()["code"] == "bad_character" and not Comment.objects.exists()


def test_anonymous_cannot_comment(client, open_consultation):
    r = client.post(f"{API}/{open_consultation.pk}/comments", {"text": "x"}, content_type="application/json")
    assert r.status_code == 401


def test_close_refused_until_every_group_is_answered(client, open_consultation, officer, citizen, token_for):
    headers = token_for(officer)
    cid = open_consultation.pk
    client.post(
        f"{API}/{cid}/comments", {"text": "Giữ lúa"}, content_type="application/json", **token_for(citizen)
    )
    Consultation.objects.filter(pk=cid).update(closes_on=today() - dt.timedelta(days=1))
    assert client.post(f"{API}/{cid}/end", **headers).status_code == 200
    body = {"reference": "12/QĐ-UBND", "decision": "Phê duyệt", "final_text": "Văn bản"}
    r = client.post(f"{API}/{cid}/close", body, content_type="application/json", **headers)
    assert r.status_code == 400 and r.json()["code"] == "synthesis_incomplete"
    ids = [c["id"] for c in client.get(f"{API}/{cid}/comments", **headers).json()]
    g = client.post(
        f"{API}/{cid}/groups",
        {"title": "Đất lúa", "comments": ids},
        content_type="application/json",
        **headers,
    ).json()
    client.post(
        f"{API}/{cid}/groups/{g['id']}/answer",
        {"answer": "accepted"},
        content_type="application/json",
        **headers,
    )
    r = client.post(f"{API}/{cid}/close", body, content_type="application/json", **headers)
    assert r.status_code == 200 and r.json()["status"] == "closed"


def test_survey_through_the_api_one_answer_per_receipt(client, officer, commune, token_for):
    headers = token_for(officer)
    q = client.post(
        f"{API}/questionnaires",
        {"title": "SIPAS", "questions": [{"kind": "scale", "text": "Hài lòng?", "in_index": True}]},
        content_type="application/json",
        **headers,
    ).json()
    s = client.post(
        f"{API}/surveys",
        {
            "questionnaire": q["id"],
            "place": commune.code,
            "title": "Quý IV",
            "starts_on": str(today()),
            "ends_on": str(today()),
        },
        content_type="application/json",
        **headers,
    ).json()
    (code,) = client.post(
        f"{API}/surveys/{s['id']}/receipts", {"count": 1}, content_type="application/json", **headers
    ).json()
    body = {"answers": {str(q["questions"][0]): 5}}
    assert (
        client.post(f"{API}/surveys/answers/{code}", body, content_type="application/json").status_code == 201
    )
    r = client.post(f"{API}/surveys/answers/{code}", body, content_type="application/json")
    assert r.status_code == 409 and r.json()["code"] == "already_answered"
    assert client.get(f"{API}/surveys/{s['id']}", **headers).json()["index"] == 100.0


def test_vote_on_a_rejected_statement_through_the_api_is_refused(
    client, officer, citizen, commune, token_for
):
    from danchu.consultations.services import opinions

    conv = opinions.conversation_create(actor=officer, place=commune, topic="Đèn đường")
    st = opinions.statement_submit(actor=citizen, conversation=conv, text_="Lắp đèn đường Thôn 1.")
    opinions.statement_moderate(actor=officer, statement=st, accept=False, reason="Trùng ý kiến khác.")
    r = client.post(
        f"{API}/maps/{conv.pk}/votes",
        {"statement": st.number, "value": 1},
        content_type="application/json",
        **token_for(citizen),
    )
    assert r.status_code == 400 and r.json()["code"] == "statement_not_accepted"


def test_vote_on_a_statement_number_no_statement_can_have_is_refused(
    client, officer, citizen, commune, token_for
):
    """A number beyond any column (or below zero) is no statement of the conversation: 400 with the
    reason, nothing stored — on SQLite too, whose driver cannot even carry it."""
    from danchu.consultations.models import Vote
    from danchu.consultations.services import opinions

    conv = opinions.conversation_create(actor=officer, place=commune, topic="Đèn đường")
    opinions.statement_submit(actor=citizen, conversation=conv, text_="Lắp đèn đường Thôn 1.")
    for number in (10**30, 2**63, -1, 2**31):
        r = client.post(
            f"{API}/maps/{conv.pk}/votes",
            {"statement": number, "value": 1},
            content_type="application/json",
            **token_for(citizen),
        )
        if number > 2_147_483_647:  # past any column: refused by the body's own rule, naming the field
            assert r.status_code == 422 and r.json()["detail"][0]["field"] == "statement", (number, r.content)
        else:
            assert r.status_code == 400 and r.json()["code"] == "bad_statement", (number, r.content)
    assert not Vote.objects.exists()


def test_a_comment_on_a_paragraph_id_no_paragraph_can_have_is_refused(
    client, open_consultation, other_consultation_paragraph, citizen, token_for
):
    """Beyond any column, below zero, or a real paragraph of another consultation: 400 with the
    reason, nothing stored."""
    for paragraph in (10**30, 2**63, -1, other_consultation_paragraph.pk):
        r = client.post(
            f"{API}/{open_consultation.pk}/comments",
            {"text": "Đồng ý.", "paragraph": paragraph, "stance": "support"},
            content_type="application/json",
            **token_for(citizen),
        )
        if paragraph > 2_147_483_647:  # past any column: refused by the body's own rule, naming the field
            assert r.status_code == 422 and r.json()["detail"][0]["field"] == "paragraph", (
                paragraph,
                r.content,
            )
        else:
            assert r.status_code == 400 and r.json()["code"] == "bad_paragraph", (paragraph, r.content)
    assert not Comment.objects.exists()


@pytest.fixture
def other_consultation_paragraph(outsider, other_commune):
    return make_draft(outsider, other_commune).paragraphs.first()
