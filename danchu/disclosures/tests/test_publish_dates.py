"""A disclosure published on 31/12/9999 was a 500 (OverflowError adding the posting period): the day
is refused beside its field on the page, by field in the API, and nothing changes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from danchu.disclosures.models import Disclosure

pytestmark = pytest.mark.django_db


def test_a_day_in_year_9999_is_refused_through_the_page_and_the_api(
    officer: Any, draft: Any, browser_as: Any, token_for: Any
) -> None:
    browser = browser_as(officer)
    for data in ({"publish_at": "9999-12-31T23:59"}, {"posting_start": "9999-12-30"}):
        page = browser.post_form(f"/disclosures/office/{draft.pk}/publish/", data)
        assert page.status_code == 400 and "không hợp lý" in page.content.decode()
    for body in ({"publish_at": "9999-12-31T23:59:00+07:00"}, {"posting_start": "9999-12-30"}):
        answer = Client().post(
            f"/api/v1/disclosures/office/items/{draft.pk}/publish",
            body,
            content_type="application/json",
            **token_for(officer),
        )
        assert answer.status_code == 422
        (problem,) = answer.json()["detail"]
        assert problem["field"] in body and "không hợp lý" in problem["message"]
    assert Disclosure.objects.get(pk=draft.pk).status == Disclosure.Status.DRAFT


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({"title": "", "note": "Sửa số tổng chi từ 98,5 triệu thành 99,5 triệu."}, "Tiêu đề"),
        ({"title": "Dự toán", "body": "<p>a\x00b</p>", "note": "Sửa số tổng chi."}, "Nội dung"),
        ({"title": "Dự toán", "note": ""}, "đính chính"),
    ],
)
def test_a_refused_correction_names_the_field_at_fault(
    officer: Any, published: Any, browser_as: Any, data: dict[str, str], named: str
) -> None:
    """Every refusal said the note was missing, even with the note written and the title empty."""
    page = browser_as(officer).post_form(f"/disclosures/office/{published.pk}/correct/", data)
    text = page.content.decode()
    assert page.status_code == 400 and named in text
    if data["note"]:
        assert "bản đính chính không có ghi chú" not in text
    assert Disclosure.objects.get(pk=published.pk).versions.count() == published.versions.count()


def test_a_withdrawal_reason_with_a_nul_is_refused_not_published_without_it(
    officer: Any, published: Any, browser_as: Any
) -> None:
    page = browser_as(officer).post_form(
        f"/disclosures/office/{published.pk}/withdraw/", {"reason": "a\x00b"}
    )
    assert page.status_code == 400 and "NUL" in page.content.decode()
    assert Disclosure.objects.get(pk=published.pk).status == Disclosure.Status.PUBLISHED
