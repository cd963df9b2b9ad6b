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
    assert result == {"reminded": 1, "escalated": 1}
    assert any(officer.email in m.to and soon.tracking_code in m.subject for m in mail.outbox)
    assert any(chairman.email in m.to and late.tracking_code in m.subject for m in mail.outbox)
    assert CaseEvent.objects.filter(case=late, action="escalate").count() == 1
    assert services.remind_and_escalate(dt.date(2026, 3, 11))["escalated"] == 0


def test_the_job_is_registered_as_a_daily_periodic_task():
    from danchu.cases.tasks import cases_daily_deadlines

    assert cases_daily_deadlines.task_class().validate_datetime(dt.datetime(2026, 3, 10, 0, 0))
    assert not cases_daily_deadlines.task_class().validate_datetime(dt.datetime(2026, 3, 10, 5, 0))
