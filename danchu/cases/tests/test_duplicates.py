from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from danchu.cases import services
from danchu.cases.duplicates import similar_cases
from danchu.cases.models import State


def test_similar_text_in_the_same_place_is_suggested(file_case):
    first = file_case(
        title="Rác thải đổ trộm bên suối", description="Có người đổ rác thải sinh hoạt xuống suối cạnh cầu."
    )
    file_case(title="Đèn đường không sáng", description="Ba bóng đèn chiếu sáng đã hỏng.")
    dup = file_case(
        title="Rac thai do bên suoi", description="Người dân đổ rác thải xuống suối cạnh cầu, hôi lắm."
    )
    found = [c for c, _score in similar_cases(dup)]
    assert found == [first]


def test_merged_case_submitters_keep_being_told(file_case, officer, chairman):
    first = file_case(anonymous=False, identity=services.Identity(name="A", email="a@example.vn"))
    dup = file_case(anonymous=False, identity=services.Identity(name="B", email="b@example.vn"))
    services.case_merge(case=dup, into=first, by=officer)
    assert dup.state == State.MERGED
    mail.outbox.clear()
    services.case_accept(case=first, by=officer)
    recipients = {r for m in mail.outbox for r in m.to}
    assert {"a@example.vn", "b@example.vn"} <= recipients


def test_tracking_a_merged_case_shows_the_case_it_joined(client, file_case, officer):
    first = file_case()
    dup = file_case()
    services.case_merge(case=dup, into=first, by=officer)
    page = client.get(f"/cases/track/{dup.tracking_code}/", {"k": dup.receipt_key}).content.decode()
    assert first.tracking_code in page
    # The code alone shows the state it follows, not the other case's code.
    page = client.get(f"/cases/track/{dup.tracking_code}/").content.decode()
    assert first.tracking_code not in page


def test_a_case_is_not_merged_into_one_that_was_refused(file_case, officer):
    # The duplicate would stop and its submitter follow a case nobody will answer again.
    from danchu.core.errors import DomainError

    refused = file_case()
    services.case_refuse(case=refused, by=officer, reason="Không thuộc thẩm quyền")
    dup = file_case()
    with pytest.raises(DomainError):
        services.case_merge(case=dup, into=refused, by=officer)
    dup.refresh_from_db()
    assert dup.state == State.RECEIVED and dup.merged_into_id is None


@pytest.mark.parametrize("action", ["link", "merge"])
def test_linking_to_a_code_one_does_not_handle_is_said_on_the_cases_page(
    file_case: Any, officer: Any, browser_as: Any, action: str
) -> None:
    """An unknown code answered the bare "page not found", leaving the case's page."""
    case = file_case()
    browser = browser_as(officer)
    page_url = f"/cases/office/{case.tracking_code}/"
    answer = browser.post_form(
        f"/cases/office/{case.tracking_code}/{action}/",
        {"other": "PA-ZZZZZZ"},
        HTTP_REFERER=f"http://testserver{page_url}",
    )
    assert answer.status_code == 400
    assert "Bạn không xử lý hồ sơ nào mang mã tra cứu PA-ZZZZZZ." in answer.content.decode()
    assert not case.linked.exists()
