"""What cases puts on "my page" and on the office home (danchu/cases/home.py, issue #16 items 2, 8)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_my_page_lists_my_cases_with_state_and_due_date(file_case: Any, citizen: Any, officer: Any) -> None:
    mine = file_case(submitter=citizen, title="Đèn đường hỏng trước nhà văn hóa")
    file_case(title="Hồ sơ của người khác")
    client = Client()
    client.force_login(citizen)
    html = client.get("/me/").content.decode()
    assert "Hồ sơ của tôi" in html
    assert mine.tracking_code in html and "Đèn đường hỏng" in html
    assert "Hồ sơ của người khác" not in html
    assert mine.acceptance_due.strftime("%d/%m/%Y") in html


def test_office_home_counts_overdue_cases_in_the_officers_unit(file_case: Any, officer: Any) -> None:
    import datetime as dt

    import time_machine
    from django.utils import timezone

    file_case()
    with time_machine.travel(timezone.now() + dt.timedelta(days=60)):
        client = Client()
        client.force_login(officer)  # within the travel: a staff session ends after hours, not days
        html = client.get("/office/").content.decode()
    assert "Hồ sơ quá hạn" in html
    assert 'href="/cases/office/?t=overdue"' in html


def test_my_data_holds_the_cases_i_sent_and_no_one_elses(file_case: Any, citizen: Any) -> None:
    """ "Everything danchu holds about me" (Decree 13/2023) held no case the person sent: only accounts
    registered what it exports."""
    import json

    from danchu.accounts.tests.my_data import pdf_source

    mine = file_case(submitter=citizen, title="Đèn đường hỏng trước nhà văn hóa")
    file_case(title="Hồ sơ của người khác")
    client = Client()
    client.force_login(citizen)
    data = json.loads(client.get("/me/data/danchu.json").content)
    section = next(s for s in data["sections"] if s["key"] == "cases.mine")
    assert [r["tracking_code"] for r in section["rows"]] == [mine.tracking_code]
    assert section["rows"][0]["title"] == "Đèn đường hỏng trước nhà văn hóa"
    assert section["columns"]["tracking_code"] == "Mã tra cứu"
    assert "Hồ sơ của người khác" not in json.dumps(data, ensure_ascii=False)
    text = pdf_source(client)
    assert "<th>Mã tra cứu</th>" in text and mine.tracking_code in text
    assert "tracking_code" not in text and "received_at" not in text  # columns named for people
    # The rating given to the answer is in it too, once given.
    from danchu.cases import services
    from danchu.cases.models import Case, State

    Case.objects.filter(pk=mine.pk).update(state=State.RESOLVED)
    services.case_rate(case=Case.objects.get(pk=mine.pk), satisfaction=2, comment="Sửa chậm quá")
    rows = json.loads(client.get("/me/data/danchu.json").content)["sections"]
    row = next(s for s in rows if s["key"] == "cases.mine")["rows"][0]
    assert (row["satisfaction"], row["satisfaction_comment"]) == (2, "Sửa chậm quá")
