from __future__ import annotations

import datetime as dt

import time_machine

from danchu.cases import services
from danchu.cases.models import Reply, State

from .conftest import at


def test_feedback_goes_from_receipt_to_closure(file_case, officer, chairman, commune):
    with time_machine.travel(at(2026, 2, 10), tick=False):
        case = file_case()
        assert case.unit == commune
        assert case.tracking_code.startswith("PA-")
        # 10 days end on Fri 20 Feb, a Tết day off: the next working day (Civil Code 2015, Art. 148(5)).
        assert case.acceptance_due == dt.date(2026, 2, 23)
        services.case_accept(case=case, by=officer)
        services.case_assign(case=case, by=officer, handler=officer)
        assert case.state == State.IN_PROGRESS
        services.case_respond(case=case, by=officer, body="Xã đã cho sửa đoạn đường.", publish=True)
        reply = services.case_sign_reply(case=case, by=chairman)
    assert reply.status == Reply.Status.SIGNED
    assert reply.number == "1/TB-UBND"
    assert case.state == State.RESOLVED and case.resolved_on_time
    services.case_close(case=case, by=officer)
    assert case.state == State.CLOSED
