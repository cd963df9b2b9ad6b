"""Questions and proofs of posting through /api/v1/disclosures, across the cast."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from danchu.disclosures import services
from danchu.disclosures.models import Proof, Question

API = "/api/v1/disclosures"


def _post(c, url, data=None):
    return c.post(url, json.dumps(data or {}, default=str), content_type="application/json")


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (4, 4), "green").save(buf, "PNG")
    return buf.getvalue()


def _ask(citizen, published, text="Khoản thu 1.250 triệu gồm những gì?"):
    return services.question_ask(actor=citizen, disclosure=published, text=text)


# --- Asking and the public list -------------------------------------------------------------------


def test_citizen_asks_and_the_question_waits_for_moderation(client_as, client, citizen, published) -> None:
    r = _post(client_as(citizen), f"{API}/{published.pk}/questions", {"text": "Khoản thu gồm những gì?"})
    assert r.status_code == 201, r.content
    assert r.json()["text"] == "Khoản thu gồm những gì?" and r.json()["answered"] is False
    assert Question.objects.get().status == Question.Status.PENDING
    assert client.get(f"{API}/{published.pk}/questions").json() == []


def test_anonymous_cannot_ask(client, published) -> None:
    r = _post(client, f"{API}/{published.pk}/questions", {"text": "Xin hỏi thêm?"})
    assert r.status_code == 401 and r.json()["code"] == "unauthenticated"
    assert not Question.objects.exists()


def test_asking_is_rate_limited_like_the_page(client_as, citizen, published) -> None:
    c = client_as(citizen)
    for i in range(5):
        assert _post(c, f"{API}/{published.pk}/questions", {"text": f"Câu hỏi số {i}?"}).status_code == 201
    r = _post(c, f"{API}/{published.pk}/questions", {"text": "Câu hỏi thứ sáu?"})
    assert r.status_code == 429 and r.json()["code"] == "rate_limited"
    assert set(r.json()) == {"code", "message", "detail"}
    assert Question.objects.count() == 5


def test_a_too_short_question_is_refused_with_the_reason(client_as, citizen, published) -> None:
    r = _post(client_as(citizen), f"{API}/{published.pk}/questions", {"text": "?"})
    assert r.status_code == 400 and r.json()["code"] == "too_short"


def test_questions_of_a_draft_are_not_found(client, client_as, citizen, draft) -> None:
    assert client.get(f"{API}/{draft.pk}/questions").status_code == 404
    assert _post(client_as(citizen), f"{API}/{draft.pk}/questions", {"text": "Xin hỏi?"}).status_code == 404


def test_public_sees_only_approved_questions_and_public_answers(client, citizen, officer, published) -> None:
    pending = _ask(citizen, published, "Câu hỏi còn chờ duyệt?")
    approved = _ask(citizen, published, "Câu hỏi đã duyệt, chưa trả lời?")
    answered = _ask(citizen, published, "Câu hỏi đã được trả lời?")
    rejected = _ask(citizen, published, "Câu hỏi bị từ chối?")
    services.question_moderate(actor=officer, question=approved, approve=True)
    services.question_answer(actor=officer, question=answered, answer="Gồm thu thuế và phí.")
    services.question_moderate(actor=officer, question=rejected, approve=False, reason="Không liên quan.")
    r = client.get(f"{API}/{published.pk}/questions")
    assert r.status_code == 200
    shown = {q["id"]: q for q in r.json()}
    assert set(shown) == {approved.pk, answered.pk}
    assert pending.pk not in shown and rejected.pk not in shown
    assert shown[answered.pk]["answer"] == "Gồm thu thuế và phí." and shown[answered.pk]["answered"]
    assert shown[approved.pk]["answer"] == "" and shown[approved.pk]["answered_at"] is None
    assert "Không liên quan" not in r.content.decode()


# --- Moderation -------------------------------------------------------------------------------------


def test_officer_moderates_and_answers_through_the_api(
    client_as, client, citizen, officer, published
) -> None:
    q1 = _ask(citizen, published, "Câu hỏi thứ nhất?")
    q2 = _ask(citizen, published, "Câu hỏi thứ hai?")
    staff = client_as(officer)
    r = staff.get(f"{API}/office/questions", {"status": "pending"})
    assert r.status_code == 200 and r.json()["count"] == 2
    assert {q["id"] for q in r.json()["items"]} == {q1.pk, q2.pk}
    assert r.json()["items"][0]["disclosure"] == published.pk

    r = _post(staff, f"{API}/office/questions/{q1.pk}/approve")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    r = _post(staff, f"{API}/office/questions/{q1.pk}/answer", {"answer": "Gồm thu thuế và phí."})
    assert r.status_code == 200 and r.json()["status"] == "answered"
    r = _post(staff, f"{API}/office/questions/{q2.pk}/approve")
    r = _post(staff, f"{API}/office/questions/{q2.pk}/approve")
    assert r.status_code == 400 and r.json()["code"] == "already_moderated"

    assert staff.get(f"{API}/office/questions", {"status": "pending"}).json()["count"] == 0
    waiting = staff.get(f"{API}/office/questions").json()
    assert [q["id"] for q in waiting["items"]] == [q2.pk]  # approved, not yet answered
    public = client.get(f"{API}/{published.pk}/questions").json()
    assert {q["id"] for q in public} == {q1.pk, q2.pk}


def test_rejection_needs_a_reason_and_the_question_never_appears(
    client_as, client, citizen, officer, published
) -> None:
    q = _ask(citizen, published, "Câu hỏi không liên quan?")
    staff = client_as(officer)
    r = _post(staff, f"{API}/office/questions/{q.pk}/reject", {"reason": "  "})
    assert r.status_code == 400 and r.json()["code"] == "reason_required"
    q.refresh_from_db()
    assert q.status == Question.Status.PENDING
    r = _post(staff, f"{API}/office/questions/{q.pk}/reject", {"reason": "Không liên quan đến nội dung."})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert r.json()["reject_reason"] == "Không liên quan đến nội dung."
    r = _post(staff, f"{API}/office/questions/{q.pk}/answer", {"answer": "Trả lời muộn."})
    assert r.status_code == 400
    assert client.get(f"{API}/{published.pk}/questions").json() == []
    assert "không liên quan" not in client.get(published.get_absolute_url()).content.decode().lower()
    rejected = staff.get(f"{API}/office/questions", {"status": "rejected"}).json()
    assert [x["id"] for x in rejected["items"]] == [q.pk]


def test_unknown_status_filter_is_refused(client_as, officer) -> None:
    r = client_as(officer).get(f"{API}/office/questions", {"status": "lost"})
    assert r.status_code == 400 and r.json()["code"] == "unknown_status"
    assert r.json()["message"].startswith("Trạng thái câu hỏi lost không hợp lệ.")


def test_outsider_gets_404_and_sees_no_questions(client_as, citizen, outsider, published) -> None:
    q = _ask(citizen, published)
    c = client_as(outsider)
    assert c.get(f"{API}/office/questions").json()["count"] == 0
    for action, body in (("approve", {}), ("reject", {"reason": "x"}), ("answer", {"answer": "x"})):
        r = _post(c, f"{API}/office/questions/{q.pk}/{action}", body)
        assert r.status_code == 404 and r.json()["code"] == "not_found", action
    q.refresh_from_db()
    assert q.status == Question.Status.PENDING and q.answer == ""


def test_citizen_gets_403_on_moderation(client_as, citizen, published) -> None:
    q = _ask(citizen, published)
    c = client_as(citizen)
    assert c.get(f"{API}/office/questions").status_code == 403
    r = _post(c, f"{API}/office/questions/{q.pk}/approve")
    assert r.status_code == 403 and r.json()["code"] == "forbidden"
    assert c.get(f"{API}/office/items/{published.pk}/proofs").status_code == 403


def test_anonymous_gets_401_on_staff_endpoints(client, citizen, published) -> None:
    q = _ask(citizen, published)
    assert client.get(f"{API}/office/questions").status_code == 401
    assert _post(client, f"{API}/office/questions/{q.pk}/approve").status_code == 401
    assert client.get(f"{API}/office/items/{published.pk}/proofs").status_code == 401


def test_unknown_question_is_404(client_as, officer) -> None:
    assert _post(client_as(officer), f"{API}/office/questions/987654321/approve").status_code == 404


# --- Proofs of posting --------------------------------------------------------------------------------


def test_notice_board_proof_with_a_photo_and_posted_days(
    client_as, officer, commune, village, published
) -> None:
    c = client_as(officer)
    at = timezone.now() - dt.timedelta(days=2)
    r = c.post(
        f"{API}/office/items/{published.pk}/proofs",
        {
            "kind": "notice_board",
            "place": village.code,
            "at": at.isoformat(),
            "location": "Bảng tin nhà văn hóa thôn",
            "photo": SimpleUploadedFile("bang-tin.jpg", _png()),
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["place"] == village.code and r.json()["photo_url"].endswith(".png")
    r = c.post(
        f"{API}/office/items/{published.pk}/proofs",
        {"kind": "loudspeaker", "place": village.code, "at": (at + dt.timedelta(hours=1)).isoformat()},
    )
    assert r.status_code == 201 and r.json()["photo_url"] is None
    proofs = c.get(f"{API}/office/items/{published.pk}/proofs").json()
    assert [p["kind"] for p in proofs] == ["notice_board", "loudspeaker"]
    detail = c.get(f"{API}/office/items/{published.pk}").json()
    assert len(detail["proofs"]) == 2
    [row] = detail["posted"]
    assert row["place"] == village.code and row["days"] == 3 and row["ongoing"] and row["broadcasts"] == 1


def test_a_proof_photo_that_is_not_an_image_is_refused_with_the_reason(
    client_as, officer, commune, published
) -> None:
    r = client_as(officer).post(
        f"{API}/office/items/{published.pk}/proofs",
        {
            "kind": "notice_board",
            "place": commune.code,
            "at": timezone.now().isoformat(),
            "photo": SimpleUploadedFile("anh.jpg", b"%PDF-1.4\n%%EOF\n"),
        },
    )
    assert r.status_code == 400 and r.json()["code"] == "file_type"
    assert "anh.jpg" in r.json()["message"] and "PNG" in r.json()["message"]
    assert not Proof.objects.exists()


def test_a_notice_board_proof_needs_a_photo(client_as, officer, commune, published) -> None:
    r = client_as(officer).post(
        f"{API}/office/items/{published.pk}/proofs",
        {"kind": "notice_board", "place": commune.code, "at": timezone.now().isoformat()},
    )
    assert r.status_code == 400 and r.json()["code"] == "photo_required"


def test_a_proof_in_the_future_or_elsewhere_is_refused(
    client_as, officer, other_commune, commune, published
) -> None:
    c = client_as(officer)
    url = f"{API}/office/items/{published.pk}/proofs"
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    r = c.post(url, {"kind": "loudspeaker", "place": commune.code, "at": future})
    assert r.status_code == 400 and r.json()["code"] == "future"
    r = c.post(url, {"kind": "loudspeaker", "place": other_commune.code, "at": "2026-01-05T07:00"})
    assert r.status_code == 400
    assert not Proof.objects.exists()


def test_outsider_gets_404_on_proofs(client_as, outsider, commune, published) -> None:
    c = client_as(outsider)
    assert c.get(f"{API}/office/items/{published.pk}/proofs").status_code == 404
    r = c.post(
        f"{API}/office/items/{published.pk}/proofs",
        {"kind": "loudspeaker", "place": commune.code, "at": timezone.now().isoformat()},
    )
    assert r.status_code == 404
    assert not Proof.objects.exists()
