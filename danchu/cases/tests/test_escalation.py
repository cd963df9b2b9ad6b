"""Escalation always reaches a person and says whom and how (issue #18 item 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.cases import queries, services
from danchu.cases.models import Contact, Delegation, Escalation
from danchu.core.models import AuditEntry

from .conftest import at

D = dt.date


def _overdue_feedback(file_case: Any) -> Any:
    # Received Mon 4 Jan 2027: acceptance due 10 days later (14 Jan).
    return file_case(received_at=at(2027, 1, 4))


def test_commune_without_a_chairman_reaches_the_party_secretary(
    file_case: Any, commune: Any, officer: Any
) -> None:
    case = _overdue_feedback(file_case)
    Contact.objects.create(
        place=commune, kind=Contact.Kind.PARTY_SECRETARY, name="Bí thư Đảng ủy", email="bithu@xa.vn"
    )
    result = services.remind_and_escalate(today=D(2027, 1, 15))
    assert result["escalated"] == 1
    [esc] = Escalation.objects.filter(case=case)
    assert (esc.level, esc.role, esc.recipient, esc.channel) == (
        "commune",
        "party_secretary",
        "Bí thư Đảng ủy",
        "email",
    )
    assert any("bithu@xa.vn" in m.to for m in mail.outbox)
    entry = AuditEntry.objects.filter(action="cases.escalate").get()
    assert entry.after["told"] == [
        {"role": "party_secretary", "recipient": "Bí thư Đảng ủy", "channel": "email"}
    ]
    # Once per deadline and level.
    assert services.remind_and_escalate(today=D(2027, 1, 16))["escalated"] == 0


def test_the_chairman_comes_first_then_a_delegated_vice_chairman(
    file_case: Any, commune: Any, chairman: Any, officer: Any
) -> None:
    case = _overdue_feedback(file_case)
    services.remind_and_escalate(today=D(2027, 1, 15))
    assert [e.role for e in Escalation.objects.filter(case=case)] == ["chairman"]
    # A chairman who cannot be reached (no address on any channel) is passed over.
    other = _overdue_feedback(file_case)
    chairman.email, chairman.phone, chairman.notify_channel = "x@chu.invalid", "", "email"
    chairman.save()
    vice = person_with_role(Role.COMMUNE_OFFICER, commune, full_name="Phó Chủ Tịch")
    Delegation.objects.create(unit=commune, delegate=vice, valid_from=D(2026, 1, 1), granted_by=chairman)
    services.remind_and_escalate(today=D(2027, 1, 15))
    assert [(e.role, e.person) for e in Escalation.objects.filter(case=other)] == [("vice_chairman", vice)]


def test_nobody_in_the_commune_goes_to_the_province_steering_office(
    file_case: Any, province: Any, steering_member: Any
) -> None:
    case = _overdue_feedback(file_case)
    Contact.objects.create(
        place=province, kind=Contact.Kind.STEERING_OFFICE, name="Văn phòng BCĐ tỉnh", phone="0912345678"
    )
    services.remind_and_escalate(today=D(2027, 1, 15))
    [esc] = Escalation.objects.filter(case=case)
    assert (esc.role, esc.channel) == ("steering_office", "sms")
    assert list(queries.unacted_escalations(steering_member)) == [esc]


def test_no_contact_at_all_still_reaches_an_administrator(file_case: Any, admin_user: Any) -> None:
    case = _overdue_feedback(file_case)
    services.remind_and_escalate(today=D(2027, 1, 15))
    [esc] = Escalation.objects.filter(case=case)
    assert (esc.role, esc.person) == ("admin", admin_user)


def test_overdue_past_the_margin_goes_to_the_province_and_action_clears_the_list(
    file_case: Any, province: Any, chairman: Any, officer: Any, steering_member: Any
) -> None:
    case = _overdue_feedback(file_case)
    services.remind_and_escalate(today=D(2027, 1, 15))
    assert services.remind_and_escalate(today=D(2027, 1, 22))["to_province"] == 0
    # 10 working days after 14 Jan: 28 Jan.
    result = services.remind_and_escalate(today=D(2027, 1, 28))
    assert result["to_province"] == 1
    levels = sorted(e.level for e in Escalation.objects.filter(case=case))
    assert levels == ["commune", "province"]
    assert {e.case for e in queries.unacted_escalations(steering_member)} == {case}
    services.case_accept(case=case, by=officer)
    assert not list(queries.unacted_escalations(steering_member))


def test_the_escalation_page(
    file_case: Any, browser_as: Any, steering_member: Any, officer: Any, admin_user: Any
) -> None:
    case = _overdue_feedback(file_case)
    services.remind_and_escalate(today=D(2027, 1, 15))
    page = browser_as(steering_member).get("/cases/office/escalations/")
    assert page.status_code == 200
    assert case.tracking_code in page.content.decode()
    assert browser_as(officer).get("/cases/office/escalations/").status_code == 404
