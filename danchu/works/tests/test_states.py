"""Actions in the wrong state are refused cleanly (a message, 4xx, nothing written)."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.core.errors import DomainError
from danchu.works import services
from danchu.works.models import Information, Payment, Recommendation, Session

from .conftest import DECIDED


def _hand_over(work, officer):
    services.progress_add(work=work, by=officer, on=dt.date(2026, 7, 25), percent=100)
    services.work_accept(work=work, by=officer, on=dt.date(2026, 7, 30), note="Nghiệm thu")
    services.work_hand_over(work=work, by=officer, on=dt.date(2026, 8, 5), to="Thôn 1")


def test_an_entry_of_a_handed_over_work_cannot_be_reversed(browser_as, pledged, officer, households):
    paid = services.payment_record(
        work=pledged, household=households[1], by=officer, kind="money", received_on=DECIDED, amount=1000
    )
    _hand_over(pledged, officer)
    with pytest.raises(DomainError, match="đã bàn giao"):
        services.payment_reverse(payment=paid, by=officer, reason="Ghi nhầm")
    c = browser_as(officer)
    assert f"/works/payments/{paid.pk}/reverse/" not in c.get(f"/works/{pledged.pk}/ledger/").content.decode()
    r = c.post_form(f"/works/payments/{paid.pk}/reverse/", {"reason": "Ghi nhầm"})
    assert r.status_code == 409 and Payment.objects.count() == 1
    assert "Công trình đã khép sổ: đã bàn giao." in r.content.decode()


def test_an_answered_recommendation_cannot_be_answered_again(client, board, supervisor, officer, token_for):
    rec = services.recommendation_make(
        board=board, by=supervisor, text="Bổ sung đá dăm", due_on=dt.date(2027, 1, 5)
    )
    services.recommendation_answer(recommendation=rec, by=officer, answer="Đã bổ sung ngày 20/5")
    r = client.post(
        f"/api/v1/works/recommendations/{rec.pk}/answer",
        {"answer": "Câu trả lời khác"},
        content_type="application/json",
        **token_for(officer),
    )
    assert r.status_code == 409
    assert Recommendation.objects.get(pk=rec.pk).answer == "Đã bổ sung ngày 20/5"


def test_the_board_cannot_work_before_it_was_set_up_nor_be_set_up_before_the_decision(
    board, supervisor, front_officer, make_work
):
    before = board.established_on - dt.timedelta(days=1)
    with pytest.raises(DomainError, match="25/03/2026"):
        services.session_record(board=board, by=supervisor, held_on=before, checklist={}, findings="x")
    with pytest.raises(DomainError, match="25/03/2026"):
        services.board_close(board=board, by=supervisor, on=before, note="Xong")
    assert not Session.objects.exists() and board.status == "active"
    other = make_work(title="Cống Thôn 1", decision_number="2/NQ", decision_date=dt.date(2026, 6, 1))
    with pytest.raises(DomainError):
        services.board_establish(
            work=other, by=front_officer, decision_number="9/QĐ-MTTQ", established_on=dt.date(2026, 5, 1)
        )
    assert not hasattr(other, "board")


def test_information_needs_an_active_board(browser_as, client, work, citizen, token_for):
    c = browser_as(citizen)
    assert 'id="inform-form"' not in c.get(f"/works/{work.pk}/").content.decode()
    r = c.post_form(f"/works/{work.pk}/inform/", {"text": "Xe quá tải làm hỏng đường"})
    assert r.status_code == 409 and not Information.objects.exists()
    assert "không có Ban giám sát đầu tư của cộng đồng đang hoạt động" in r.content.decode()
    r = client.post(
        f"/api/v1/works/works/{work.pk}/information",
        {"text": "Xe quá tải làm hỏng đường"},
        content_type="application/json",
        **token_for(citizen),
    )
    assert r.status_code == 409 and not Information.objects.exists()
