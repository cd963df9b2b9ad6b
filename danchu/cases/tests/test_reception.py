from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.cases import queries, services
from danchu.cases.models import Dialogue, ReceptionLog
from danchu.core.errors import DomainError


def test_weekly_rule_before_july_2026_warns_about_weeks_without_the_chairman(officer, commune):
    services.reception_slot_add(unit=commune, by=officer, date=dt.date(2026, 3, 6), leader_name="Chủ tịch")
    warnings = queries.schedule_shortfall(commune, 2026, 3)
    assert len(warnings) == 4  # weeks of 9, 16, 23 and 30 March have no day


def test_from_july_2026_two_days_a_month_suffice(officer, commune):
    assert queries.schedule_shortfall(commune, 2026, 8)
    services.reception_slot_add(unit=commune, by=officer, date=dt.date(2026, 8, 5), leader_name="Chủ tịch")
    services.reception_slot_add(unit=commune, by=officer, date=dt.date(2026, 8, 19), leader_name="Chủ tịch")
    assert queries.schedule_shortfall(commune, 2026, 8) == []


def test_reception_page_records_a_log_linked_to_a_case(client_as, officer, commune, file_case):
    case = file_case()
    response = client_as(officer).post(
        f"/cases/office/reception/?unit={commune.code}&month=2026-03",
        {
            "kind": "log",
            "log-date": "2026-03-06",
            "log-leader_name": "Hoàng Văn Chủ Tịch",
            "log-is_head": "on",
            "log-persons": "7",
            "log-content": "Đất đai",
            "log-result": "Hướng dẫn",
            "log-case_codes": case.tracking_code,
        },
    )
    assert response.status_code == 302
    log = ReceptionLog.objects.get()
    assert log.persons == 7 and list(log.cases.all()) == [case]
    page = (
        client_as(officer).get(f"/cases/office/reception/?unit={commune.code}&month=2026-03").content.decode()
    )
    assert "Hoàng Văn Chủ Tịch" in page


def test_outsider_cannot_manage_reception(client_as, outsider, commune):
    assert client_as(outsider).get(f"/cases/office/reception/?unit={commune.code}").status_code == 404


def _log(code: str) -> dict[str, str]:
    return {
        "kind": "log",
        "log-date": "2026-11-06",
        "log-leader_name": "Hoàng Văn Chủ Tịch",
        "log-persons": "1",
        "log-content": "Công dân đến trình bày",
        "log-case_codes": code,
    }


def test_a_denunciation_is_linked_to_a_reception_only_by_who_reads_it(
    browser_as, officer, chairman, commune, village, citizen
):
    # Need-to-know (Luật Tố cáo 2018): an officer who neither received nor handles a denunciation
    # cannot confirm its code by linking it, nor see it named on the reception page.
    from .conftest import denunciation_in

    secret = denunciation_in(village, citizen)
    url = f"/cases/office/reception/?unit={commune.code}&month=2026-11"
    officer_page = browser_as(officer)
    refused = officer_page.post_form(url, _log(secret.tracking_code))
    assert refused.status_code == 400 and not ReceptionLog.objects.exists()
    assert browser_as(chairman).post_form(url, _log(secret.tracking_code)).status_code == 302
    assert list(ReceptionLog.objects.get().cases.all()) == [secret]
    assert secret.tracking_code not in officer_page.get(url).content.decode()
    assert secret.tracking_code in browser_as(chairman).get(url).content.decode()


def test_a_reception_or_dialogue_dated_in_the_future_is_refused(officer, commune):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(DomainError):
        services.reception_log_add(
            unit=commune, by=officer, date=tomorrow, leader_name="Chủ tịch", persons=2, content="Đất đai"
        )
    with pytest.raises(DomainError):
        services.dialogue_add(
            unit=commune,
            by=officer,
            held_on=tomorrow,
            topic="Đường",
            leaders="Chủ tịch",
            participants=3,
            minutes="x",
        )
    with pytest.raises(DomainError):
        services.dialogue_add(
            unit=commune,
            by=officer,
            held_on=timezone.localdate(),
            topic="Đường",
            leaders="Chủ tịch",
            participants=-1,
            minutes="x",
        )
    assert not ReceptionLog.objects.exists() and not Dialogue.objects.exists()
    services.reception_log_add(
        unit=commune,
        by=officer,
        date=timezone.localdate(),
        leader_name="Chủ tịch",
        persons=2,
        content="Đất đai",
    )
    assert ReceptionLog.objects.count() == 1


def test_a_month_that_is_no_month_is_refused_with_a_message(
    client_as: Any, officer: Any, commune: Any
) -> None:
    """A 404 ("not found") answered `?month=2026-13`, as if the page did not exist."""
    for bad in ("2026-13", "abc", "2026"):
        r = client_as(officer).get(f"/cases/office/reception/?unit={commune.code}&month={bad}")
        assert r.status_code == 400 and f"“{bad}”" in r.content.decode(), bad


def test_a_refused_reception_opens_its_form_with_the_reason(
    browser_as: Any, officer: Any, commune: Any
) -> None:
    """The forms sit in closed <details>: a refusal came back inside a closed one, as if nothing happened."""
    url = f"/cases/office/reception/?unit={commune.code}"
    b = browser_as(officer)
    assert "<details open>" not in b.get(url).content.decode()
    tomorrow = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    r = b.post_form(
        url,
        {
            "kind": "log",
            "log-date": tomorrow,
            "log-leader_name": "Chủ tịch",
            "log-persons": "2",
            "log-content": "Đất",
        },
    )
    page = r.content.decode()
    assert r.status_code == 400 and page.count("<details open>") == 1
    assert page.index("<details open>") < page.index('value="log"')  # the reception's form, not another
    assert not ReceptionLog.objects.exists()


@pytest.mark.parametrize(("kind", "field"), [("log", "log-persons"), ("dialogue", "dialogue-participants")])
def test_a_count_past_what_a_column_holds_is_refused_not_a_500(browser_as, officer, commune, kind, field):
    """99,999,999,999 persons received reached PostgreSQL: "integer out of range", a 500."""
    data = {**_log(""), "kind": kind} if kind == "log" else {"kind": kind}
    if kind == "dialogue":
        data.update(
            {
                "dialogue-held_on": "2026-11-06",
                "dialogue-topic": "Bồi thường giải phóng mặt bằng",
                "dialogue-leaders": "Hoàng Văn Chủ Tịch",
                "dialogue-minutes": "Đã đối thoại với 12 hộ.",
            }
        )
    data[field] = "99999999999"
    page = browser_as(officer).post_form(f"/cases/office/reception/?unit={commune.code}&month=2026-11", data)
    assert page.status_code == 400 and "nhỏ hơn hoặc bằng 2147483647" in page.content.decode()
    assert not ReceptionLog.objects.exists() and not Dialogue.objects.exists()
