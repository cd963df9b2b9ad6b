from __future__ import annotations

import datetime as dt

from django.core import mail

from danchu.cases import services
from danchu.cases.models import CaseEvent

from .conftest import at


def test_daily_job_reminds_handlers_and_escalates_overdue_cases_once(file_case, officer, chairman):
    soon = file_case(received_at=at(2026, 3, 2))
    services.case_assign(case=soon, by=officer, handler=officer)
    late = file_case(received_at=at(2026, 2, 2))
    mail.outbox.clear()
    result = services.remind_and_escalate(dt.date(2026, 3, 10))
    # Due on 12 Feb, still open on 10 Mar: more than 10 working days late, so the province is told too.
    assert result == {"reminded": 1, "escalated": 1, "to_province": 1}
    assert any(officer.email in m.to and soon.tracking_code in m.subject for m in mail.outbox)
    assert any(chairman.email in m.to and late.tracking_code in m.subject for m in mail.outbox)
    assert CaseEvent.objects.filter(case=late, action="escalate").count() == 2  # the commune, the province
    assert services.remind_and_escalate(dt.date(2026, 3, 11))["escalated"] == 0


def test_the_job_is_registered_as_a_daily_periodic_task():
    from danchu.cases.tasks import cases_daily_deadlines

    assert cases_daily_deadlines.task_class().validate_datetime(dt.datetime(2026, 3, 10, 0, 0))
    assert not cases_daily_deadlines.task_class().validate_datetime(dt.datetime(2026, 3, 10, 5, 0))


def _run_job_on(day: dt.date) -> dict[str, int]:
    """Run the daily job as huey would at 07:00 Vietnam time (00:00 UTC) on `day`."""
    import time_machine

    from danchu.cases.tasks import cases_daily_deadlines

    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 0, 5, tzinfo=dt.UTC), tick=False):
        return cases_daily_deadlines.call_local()


def _reminders_to(person, code: str) -> int:
    return sum(
        1 for m in mail.outbox if person.email in m.to and code in m.subject and "due soon" in m.subject
    )


def test_a_handler_is_reminded_of_a_deadline_once_over_three_consecutive_days(file_case, officer):
    case = file_case(received_at=at(2026, 3, 2))
    services.case_assign(case=case, by=officer, handler=officer)
    mail.outbox.clear()
    results = [_run_job_on(dt.date(2026, 3, d)) for d in (10, 11, 12)]
    assert [r["reminded"] for r in results] == [1, 0, 0]
    assert CaseEvent.objects.filter(case=case, action="remind").count() == 1


def test_a_new_due_date_after_an_extension_or_a_new_handler_after_a_transfer_is_reminded_again(
    file_case, officer, outsider, other_commune
):
    case = file_case(received_at=at(2026, 3, 2))
    services.case_accept(case=case, by=officer, at=at(2026, 3, 2))
    services.case_assign(case=case, by=officer, handler=officer)
    first_due = case.resolution_due
    assert _run_job_on(first_due - dt.timedelta(days=1))["reminded"] == 1
    assert _run_job_on(first_due)["reminded"] == 0
    services.case_extend(case=case, by=officer, reason="Cần xác minh thêm")
    assert case.resolution_due > first_due
    assert _run_job_on(case.resolution_due - dt.timedelta(days=2))["reminded"] == 1
    assert _run_job_on(case.resolution_due - dt.timedelta(days=1))["reminded"] == 0
    services.case_transfer(case=case, by=officer, to_unit=other_commune, reason="Thuộc thẩm quyền xã Ea Kly")
    case.refresh_from_db()
    services.case_assign(case=case, by=outsider, handler=outsider)
    assert _run_job_on(case.resolution_due - dt.timedelta(days=1))["reminded"] == 1
    assert case.reminders.filter(person=outsider).count() == 1
