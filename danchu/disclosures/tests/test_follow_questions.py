from __future__ import annotations

import pytest
from django.core import mail

from danchu.accounts.models import Channel, OutboxMessage
from danchu.core.errors import DomainError
from danchu.core.text import fold
from danchu.disclosures import services
from danchu.disclosures.models import Notification, Question


def _publish(officer, d, capture):
    with capture(execute=True):
        services.disclosure_publish(actor=officer, disclosure=d)


def test_followers_of_the_commune_are_told_by_their_channel(
    citizen, unverified, officer, draft, commune, django_capture_on_commit_callbacks
) -> None:
    citizen.notify_channel = Channel.SMS
    citizen.save()
    services.follow(person=citizen, place=commune)
    services.follow(person=unverified, category="budget_execution")
    _publish(officer, draft, django_capture_on_commit_callbacks)
    sms = OutboxMessage.objects.filter(person=citizen)
    email_or_outbox = (
        any(unverified.email in m.to for m in mail.outbox)
        or OutboxMessage.objects.filter(person=unverified).exists()
    )
    assert sms.count() == 1 and draft.title in sms.get().subject
    assert fold(draft.title) in fold(sms.get().body)  # the SMS as sent: without diacritics
    assert email_or_outbox
    assert Notification.objects.filter(disclosure=draft).count() == 2


def test_village_followers_hear_of_items_for_their_village_only(
    citizen, officer, commune, village, other_village, django_capture_on_commit_callbacks
) -> None:
    services.follow(person=citizen, place=village)
    theirs = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="beneficiaries", title="Buôn Đắk", villages=[other_village]),
    )
    _publish(officer, theirs, django_capture_on_commit_callbacks)
    assert not Notification.objects.filter(person=citizen).exists()
    mine = services.disclosure_create(
        actor=officer,
        place=commune,
        draft=services.Draft(category="beneficiaries", title="Thôn 1", villages=[village]),
    )
    _publish(officer, mine, django_capture_on_commit_callbacks)
    assert Notification.objects.filter(person=citizen, disclosure=mine).exists()


def test_follow_and_unfollow_from_the_commune_page(client_as, citizen, commune) -> None:
    c = client_as(citizen)
    r = c.post("/disclosures/follow/", {"place": commune.code, "next": f"/disclosures/{commune.code}/"})
    assert r.status_code == 302
    assert (
        "Stop following" in c.get(f"/disclosures/{commune.code}/").content.decode()
        or "Bỏ theo dõi" in c.get(f"/disclosures/{commune.code}/").content.decode()
    )
    c.post("/disclosures/follow/", {"place": commune.code, "action": "unfollow"})
    assert not citizen.disclosure_follows.exists()


def test_question_is_moderated_then_answered_publicly(client_as, client, citizen, officer, published) -> None:
    r = client_as(citizen).post(
        f"/disclosures/d/{published.pk}/ask/", {"text": "Khoản thu 1.250 triệu gồm những gì?"}
    )
    assert r.status_code == 302
    q = Question.objects.get()
    assert q.status == Question.Status.PENDING
    assert "gồm những gì" not in client.get(published.get_absolute_url()).content.decode()
    staff = client_as(officer)
    assert "gồm những gì" in staff.get("/disclosures/office/questions/").content.decode()
    staff.post(f"/disclosures/office/questions/{q.pk}/", {"decision": "approve"})
    staff.post(f"/disclosures/office/questions/{q.pk}/", {"answer": "Gồm thu thuế và phí."})
    q.refresh_from_db()
    assert q.status == Question.Status.ANSWERED
    page = client.get(published.get_absolute_url()).content.decode()
    assert "gồm những gì" in page and "Gồm thu thuế và phí." in page


def test_rejecting_a_question_needs_a_reason(citizen, officer, published) -> None:
    q = services.question_ask(actor=citizen, disclosure=published, text="Câu hỏi không liên quan?")
    with pytest.raises(DomainError):
        services.question_moderate(actor=officer, question=q, approve=False, reason="")
    services.question_moderate(
        actor=officer, question=q, approve=False, reason="Không liên quan đến nội dung."
    )
    q.refresh_from_db()
    assert q.status == Question.Status.REJECTED


def test_anonymous_cannot_ask(client, published) -> None:
    r = client.post(f"/disclosures/d/{published.pk}/ask/", {"text": "Xin hỏi?"})
    assert r.status_code == 302 and "login" in r["Location"]
    assert not Question.objects.exists()


def test_outsider_cannot_moderate(client_as, outsider, citizen, published) -> None:
    q = services.question_ask(actor=citizen, disclosure=published, text="Xin hỏi thêm?")
    r = client_as(outsider).post(f"/disclosures/office/questions/{q.pk}/", {"decision": "approve"})
    assert r.status_code == 404


def test_staff_turn_a_question_into_a_feedback_case(client_as, citizen, officer, published) -> None:
    q = services.question_ask(
        actor=citizen, disclosure=published, text="Đường thôn 1 hư hỏng, xã có sửa không?"
    )
    r = client_as(officer).post(f"/disclosures/office/questions/{q.pk}/", {"decision": "case"})
    assert r.status_code == 302
    q.refresh_from_db()
    assert q.case_code
    with pytest.raises(DomainError):
        services.question_to_case(actor=officer, question=q)


def test_my_data_holds_the_questions_i_asked_and_their_answers(citizen, officer, published) -> None:
    """ "Everything danchu holds about me" (Decree 13/2023) held none of the person's questions."""
    from danchu.accounts.personal_data import personal_data

    q = services.question_ask(actor=citizen, disclosure=published, text="Khoản thu này gồm những gì?")
    services.question_moderate(actor=officer, question=q, approve=True)
    services.question_answer(actor=officer, question=q, answer="Gồm thu thuế và phí.")
    section = next(s for s in personal_data(citizen)["sections"] if s["key"] == "disclosures.questions")
    assert [(r["disclosure"], r["text"], r["answer"]) for r in section["rows"]] == [
        (published.title, "Khoản thu này gồm những gì?", "Gồm thu thuế và phí.")
    ]
    assert not [s for s in personal_data(officer)["sections"] if s["key"] == "disclosures.questions"][0][
        "rows"
    ]


def test_my_data_holds_what_i_follow(citizen, unverified, commune) -> None:
    """ "Everything danchu holds about me" (Decree 13/2023) held nothing of what the person follows."""
    from django.utils import translation

    from danchu.accounts.personal_data import personal_data

    services.follow(person=citizen, place=commune)
    services.follow(person=citizen, category="budget_execution")
    services.follow(person=unverified, place=commune)
    with translation.override("vi"):
        section = next(s for s in personal_data(citizen)["sections"] if s["key"] == "disclosures.follows")
    rows = [(r["place"], r["category"]) for r in section["rows"]]
    assert rows[0] == (commune.name, "Mọi lĩnh vực") and rows[1][0] == "Mọi nơi" and len(rows) == 2
