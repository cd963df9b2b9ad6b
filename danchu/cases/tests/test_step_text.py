"""The text a handler types into a workflow step (a reason, a legal basis, an answer, an obstacle) and a
citizen's rating comment: a NUL byte or a text longer than its column is refused with a message naming
the field, on the page, the API and the service — never cut silently, never a 500 (PostgreSQL refuses
a NUL), and nothing changes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client

from danchu.cases import services
from danchu.cases.models import Case, CaseEvent, State
from danchu.core.errors import DomainError


def _complaint(citizen: Any, village: Any) -> Case:
    return services.case_submit(
        services.CaseSubmission(
            case_type_key="complaint",
            place=village,
            title="Khiếu nại quyết định thu hồi đất",
            description="Quyết định thu hồi đất của UBND xã không đúng diện tích thực tế.",
            contested_decision="Quyết định số 12/QĐ-UBND",
            submitter=citizen,
        )
    )


def _in_progress(case: Case, officer: Any) -> Case:
    services.case_accept(case=case, by=officer)
    return services.case_assign(case=case, by=officer, handler=officer)


STEPS: list[tuple[str, str, int]] = [
    ("refuse", "reason", 500),
    ("transfer", "reason", 500),
    ("extend", "reason", 500),
    ("extend", "legal_basis", 300),
    ("pause", "reason", 500),
    ("pause", "legal_basis", 300),
    ("reopen", "reason", 500),
    ("respond", "body", 20_000),
    ("limitation", "obstacle_reason", 300),
]


def _call(step: str, field: str, value: str, case: Case, by: Any, other_commune: Any) -> Any:
    text = {"reason": "Lý do hợp lệ", field: value}
    if step == "refuse":
        return services.case_refuse(case=case, by=by, reason=text["reason"])
    if step == "transfer":
        return services.case_transfer(case=case, by=by, to_unit=other_commune, reason=text["reason"])
    if step == "extend":
        return services.case_extend(
            case=case, by=by, reason=text["reason"], legal_basis=text.get("legal_basis", "")
        )
    if step == "pause":
        return services.case_pause(
            case=case, by=by, reason=text["reason"], legal_basis=text.get("legal_basis", "")
        )
    if step == "reopen":
        return services.case_reopen(case=case, by=by, reason=text["reason"])
    if step == "respond":
        return services.case_respond(case=case, by=by, body=value)
    return services.case_record_limitation(
        case=case, by=by, known_on=dt.date(2026, 11, 20), obstacle_days=3, obstacle_reason=value
    )


def _case_for(step: str, citizen: Any, village: Any, officer: Any) -> Case:
    case = _complaint(citizen, village)
    if step in ("extend", "pause", "respond"):
        return _in_progress(case, officer)
    if step == "reopen":
        services.case_refuse(case=case, by=officer, reason="Không thuộc thẩm quyền")
    return case


@pytest.mark.parametrize("bad", ["nul", "long"])
@pytest.mark.parametrize("step,field,limit", STEPS)
def test_a_step_refuses_bad_text_and_changes_nothing(
    step: str,
    field: str,
    limit: int,
    bad: str,
    citizen: Any,
    village: Any,
    officer: Any,
    other_commune: Any,
) -> None:
    case = _case_for(step, citizen, village, officer)
    state, events = case.state, CaseEvent.objects.filter(case=case).count()
    value = "Lý do\x00 giả" if bad == "nul" else "x" * (limit + 1)
    with pytest.raises(DomainError) as refused:
        _call(step, field, value, case, officer, other_commune)
    assert refused.value.status == 400
    case.refresh_from_db()
    assert case.state == state and CaseEvent.objects.filter(case=case).count() == events
    # The same text at the limit is taken whole.
    done = _call(step, field, "y" * limit, Case.objects.get(pk=case.pk), officer, other_commune)
    assert done is not None


def test_a_refusal_reason_over_the_limit_on_the_page_is_refused_not_cut(
    citizen: Any, village: Any, officer: Any, browser_as: Any
) -> None:
    case = _complaint(citizen, village)
    browser = browser_as(officer)
    url = f"/cases/office/{case.tracking_code}/"
    r = browser.post_form(url + "refuse/", {"reason": "Đ" * 501}, HTTP_REFERER=url, HTTP_ACCEPT_LANGUAGE="vi")
    case.refresh_from_db()
    assert case.state == State.RECEIVED and case.refusal_reason == ""
    page = r.content.decode()  # the case page again, with the reason for the refusal
    assert r.status_code == 400 and "Lý do quá dài (dài hơn 500 ký tự)" in page
    assert f'action="{url}refuse/"' in page


def test_a_nul_in_a_reason_through_the_api_is_a_400(
    citizen: Any, village: Any, officer: Any, token_for: Any
) -> None:
    case = _complaint(citizen, village)
    r = Client().post(
        f"/api/v1/cases/{case.tracking_code}/refuse",
        json.dumps({"reason": "Không thuộc\x00 thẩm quyền"}),
        content_type="application/json",
        **token_for(officer),
    )
    assert 400 <= r.status_code < 500, r.content
    case.refresh_from_db()
    assert case.state == State.RECEIVED


def _answered(file_case: Any, officer: Any, chairman: Any) -> Case:
    case = _in_progress(file_case(), officer)
    services.case_respond(case=case, by=officer, body="Xã đã cho san lấp đoạn đường sạt lở.")
    services.case_sign_reply(case=case, by=chairman)
    return case


def test_a_rating_the_form_refuses_is_shown_again_with_what_was_typed(
    file_case: Any, officer: Any, chairman: Any, browser_as: Any
) -> None:
    case = _answered(file_case, officer, chairman)
    url = f"/cases/track/{case.tracking_code}/"
    key = case.receipt_key
    browser = browser_as()
    browser.get(url, {"k": key})
    r = browser.post_form(url + "rate/", {"satisfaction": "", "comment": "Đường đã đi lại được", "k": key})
    assert r.status_code == 400
    assert "Đường đã đi lại được" in r.content.decode()
    case.refresh_from_db()
    assert case.satisfaction is None
    r = browser.post_form(url + "rate/", {"satisfaction": "4", "comment": "Đường đã đi lại được", "k": key})
    assert r.status_code == 302
    case.refresh_from_db()
    assert case.satisfaction == 4 and case.satisfaction_comment == "Đường đã đi lại được"


def test_a_nul_in_a_rating_comment_through_the_api_is_a_400(
    file_case: Any, officer: Any, chairman: Any
) -> None:
    case = _answered(file_case, officer, chairman)
    r = Client().post(
        f"/api/v1/cases/track/{case.tracking_code}/rate?key={case.receipt_key}",
        json.dumps({"satisfaction": 5, "comment": "Tốt\x00"}),
        content_type="application/json",
    )
    assert r.status_code == 400, r.content  # the comment's NUL, not the key (403)
    case.refresh_from_db()
    assert case.satisfaction is None
