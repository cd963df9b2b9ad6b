from __future__ import annotations

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danchu.cases import queries, services

from .conftest import at


def _populate(file_case, officer, chairman):  # noqa: ANN001, ANN202
    cases = [file_case(received_at=at(2026, 3, d)) for d in (2, 3, 4, 5, 6)]
    for c in cases[:3]:
        services.case_accept(case=c, by=officer, at=at(2026, 3, 9))
    services.case_respond(case=cases[0], by=officer, body="Đã xử lý")
    with time_machine.travel(at(2026, 3, 20), tick=False):
        services.case_sign_reply(case=cases[0], by=chairman)
    return cases


def test_dashboard_counts_open_due_soon_and_overdue(file_case, officer, chairman, commune):
    _populate(file_case, officer, chairman)
    d = queries.unit_dashboard(commune, today=dt.date(2026, 3, 17))
    assert d["open"] == 4
    assert d["overdue"] == 2  # two still unaccepted after their 10 days
    assert d["months"][0]["resolved"] == 1 and d["months"][0]["rate"] == 100.0


def test_dashboard_page_uses_a_fixed_number_of_queries(client_as, officer, chairman, file_case, commune):
    _populate(file_case, officer, chairman)
    c = client_as(officer)
    c.get(f"/cases/office/dashboard/?unit={commune.code}")
    with CaptureQueriesContext(connection) as few:
        c.get(f"/cases/office/dashboard/?unit={commune.code}")
    for d in range(10, 20):
        file_case(received_at=at(2026, 3, d))
    with CaptureQueriesContext(connection) as many:
        response = c.get(f"/cases/office/dashboard/?unit={commune.code}")
    assert response.status_code == 200
    assert len(many) == len(few)


def test_case_list_has_no_n_plus_one(client_as, officer, file_case):
    file_case()
    c = client_as(officer)
    with CaptureQueriesContext(connection) as few:
        c.get("/cases/office/")
    for _ in range(6):
        file_case()
    with CaptureQueriesContext(connection) as many:
        c.get("/cases/office/")
    assert len(many) <= len(few) + 2  # the calendar may load one more year of days off


def test_public_on_time_page_lists_communes(client, file_case, officer, chairman, commune):
    _populate(file_case, officer, chairman)
    page = client.get("/cases/on-time/").content.decode()
    assert commune.name in page and "100" in page


def test_the_on_time_page_refuses_a_province_that_does_not_exist(client, province) -> None:
    """`?province=99` listed every province's communes as if one had been chosen."""
    assert client.get("/cases/on-time/", {"province": province.code}).status_code == 200
    r = client.get("/cases/on-time/", {"province": "99"})
    assert r.status_code == 400 and "“99”" in r.content.decode()
