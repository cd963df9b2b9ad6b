"""The Front's records tell what has happened: no date after today, no answer before the comments."""

from __future__ import annotations

import datetime as dt

import pytest

from danchu.consultations.models import FrontComment
from danchu.consultations.services import front as svc
from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry

from .conftest import today

pytestmark = pytest.mark.django_db
API = "/api/v1/consultations/front/comments"


def _record(front_officer, commune, on):  # noqa: ANN001, ANN202
    return svc.front_comment_record(
        actor=front_officer,
        data=svc.FrontCommentInput(
            place=commune,
            draft_title="Dự thảo Quy chế thực hiện dân chủ xã Krông Pắc",
            drafting_body="UBND xã Krông Pắc",
            commented_on=on,
            comments="Đề nghị bổ sung hình thức lấy ý kiến qua loa truyền thanh.",
        ),
    )


def test_comments_dated_9999_are_refused_through_the_api(client, front_officer, token_for):
    """Year 9999 was stored, and counted in a report period that never comes."""
    body = {
        "draft_title": "Dự thảo",
        "drafting_body": "UBND xã",
        "commented_on": "9999-12-31",
        "comments": "Ý kiến",
    }
    r = client.post(API, body, content_type="application/json", **token_for(front_officer))
    assert r.status_code == 422 and "không hợp lý" in str(r.json()["detail"]), r.content.decode()
    assert not FrontComment.objects.exists()


def test_answer_before_the_comments_or_in_the_future_is_refused(front_officer, commune):
    fc = _record(front_officer, commune, today() - dt.timedelta(days=10))
    for day, code in (
        (today() - dt.timedelta(days=11), "answer_before_comments"),
        (dt.date(9999, 1, 1), "date_in_future"),
    ):
        with pytest.raises(DomainError) as refused:
            svc.drafting_answer_record(
                actor=front_officer, record=fc, answer="UBND xã tiếp thu.", answered_on=day
            )
        assert refused.value.code == code
    fc.refresh_from_db()
    assert fc.answered_on is None and fc.answer == ""


def test_a_corrected_answer_keeps_the_first_in_the_audit(front_officer, commune):
    fc = _record(front_officer, commune, today() - dt.timedelta(days=10))
    svc.drafting_answer_record(actor=front_officer, record=fc, answer="Tiếp thu.", answered_on=today())
    svc.drafting_answer_record(
        actor=front_officer, record=fc, answer="Tiếp thu một phần.", answered_on=today()
    )
    last = AuditEntry.objects.filter(action="consultations.front_answer").order_by("pk").last()
    assert last.before["answer"] == "Tiếp thu."


def test_the_front_records_its_comments_through_the_api(client, front_officer, commune, token_for):
    """/front/comments was taken by the route "/{pk}/comments" (pk="front"): both operations
    answered 422 whatever was sent."""
    headers = token_for(front_officer)
    body = {
        "draft_title": "Dự thảo kế hoạch xây dựng nông thôn mới",
        "drafting_body": "UBND xã Krông Pắc",
        "commented_on": str(today()),
        "comments": "Đề nghị bổ sung nội dung huy động ngày công.",
    }
    r = client.post(API, body, content_type="application/json", **headers)
    assert r.status_code == 201, r.content
    assert r.json()["place_code"] == commune.code
    listed = client.get(API, **headers)
    assert listed.status_code == 200 and [x["id"] for x in listed.json()] == [r.json()["id"]]
