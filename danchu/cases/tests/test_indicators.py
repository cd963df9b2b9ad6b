from __future__ import annotations

import datetime as dt

import time_machine

from danchu.cases import services
from danchu.reporting.registry import INDICATORS

from .conftest import at


def test_cases_indicators_compute_from_records(file_case, officer, chairman, commune):
    a = file_case(received_at=at(2026, 3, 2))
    file_case(received_at=at(2026, 3, 3))
    services.case_accept(case=a, by=officer, at=at(2026, 3, 3))
    services.case_respond(case=a, by=officer, body="x")
    with time_machine.travel(at(2026, 3, 10), tick=False):
        services.case_sign_reply(case=a, by=chairman)
    services.case_rate(case=a, satisfaction=5)
    services.reception_log_add(
        unit=commune, by=officer, date=dt.date(2026, 3, 6), leader_name="CT", persons=9, content="Đất đai"
    )
    period = dict(start=dt.date(2026, 3, 1), end=dt.date(2026, 3, 31))

    def total(code: str) -> int:
        compute = INDICATORS.get(code).compute
        assert compute is not None
        return int(sum(v for _p, _b, v in compute(**period)))

    assert total("cases.received") == 2
    assert total("cases.resolved") == 1 and total("cases.resolved_on_time") == 1
    assert total("cases.satisfied") == 1
    assert total("receptions.held") == 1 and total("receptions.persons") == 9
    assert INDICATORS.get("cases.on_time_rate").numerator == "cases.resolved_on_time"
