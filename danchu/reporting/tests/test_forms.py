from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.reporting import services
from danchu.reporting.completeness import completeness, send_reminders
from danchu.reporting.models import IndicatorValue, Submission
from danchu.reporting.periods import Period

Q1 = Period.quarter(2025, 1)


def test_value_breaking_a_rule_is_refused_by_name_and_the_others_are_kept(
    forms: Any, commune: Any, officer: Any
) -> None:
    quarterly, _ = forms
    sub = services.submission_open(form=quarterly, place=commune, period=Q1)
    errors = services.submission_save(
        actor=officer,
        submission=sub,
        raw={"adminreform.received": "1.200", "adminreform.resolved": "1500", "pib.matters_supervised": "12"},
    )
    assert "adminreform.resolved" in errors
    assert "Hồ sơ đã giải quyết ≤ hồ sơ tiếp nhận" in errors["adminreform.resolved"]
    kept = {v.code: v.value for v in sub.values.all()}
    assert kept["adminreform.received"] == 1200 and kept["pib.matters_supervised"] == 12
    assert "adminreform.resolved" not in kept


def test_text_that_is_not_a_number_is_refused(forms: Any, commune: Any, officer: Any) -> None:
    quarterly, _ = forms
    sub = services.submission_open(form=quarterly, place=commune, period=Q1)
    errors = services.submission_save(actor=officer, submission=sub, raw={"adminreform.received": "nhiều"})
    assert "adminreform.received" in errors


def test_submit_approve_locks_and_rolls_up(
    forms: Any,
    commune: Any,
    officer: Any,
    steering_member: Any,
    province: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    quarterly, _ = forms
    sub = services.submission_open(form=quarterly, place=commune, period=Q1)
    with pytest.raises(DomainError):
        services.submission_submit(actor=officer, submission=sub)  # required values missing
    services.submission_save(
        actor=officer, submission=sub, raw={"adminreform.received": "100", "adminreform.resolved": "90"}
    )
    services.submission_submit(actor=officer, submission=sub)
    with pytest.raises(Conflict):
        services.submission_save(actor=officer, submission=sub, raw={"adminreform.received": "5"})
    with pytest.raises(Forbidden):
        services.submission_decide(actor=officer, submission=sub, approve=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_decide(actor=steering_member, submission=sub, approve=True)
    sub.refresh_from_db()
    assert sub.status == Submission.Status.APPROVED
    with pytest.raises(Conflict):
        services.submission_submit(actor=officer, submission=sub)
    from danchu.reporting.queries import values

    assert values("adminreform.received", province, Period.year(2025)).value == 100
    assert values("adminreform.resolved_rate", province, Q1).value == 90
    assert (
        IndicatorValue.objects.filter(
            indicator="adminreform.received", province_id=province.pk, grain="leaf"
        ).count()
        == 1
    )


def test_returned_form_needs_a_comment_and_can_be_corrected(
    forms: Any, commune: Any, officer: Any, steering_member: Any
) -> None:
    quarterly, _ = forms
    sub = services.submission_open(form=quarterly, place=commune, period=Q1)
    services.submission_save(
        actor=officer, submission=sub, raw={"adminreform.received": "100", "adminreform.resolved": "90"}
    )
    services.submission_submit(actor=officer, submission=sub)
    with pytest.raises(DomainError):
        services.submission_decide(actor=steering_member, submission=sub, approve=False, comment=" ")
    services.submission_decide(
        actor=steering_member, submission=sub, approve=False, comment="Kiểm tra lại số hồ sơ"
    )
    errors = services.submission_save(actor=officer, submission=sub, raw={"adminreform.resolved": "95"})
    assert errors == {}
    services.submission_submit(actor=officer, submission=sub)


def test_outsider_cannot_enter_another_communes_figures(forms: Any, commune: Any, outsider: Any) -> None:
    quarterly, _ = forms
    sub = services.submission_open(form=quarterly, place=commune, period=Q1)
    with pytest.raises(Forbidden):
        services.submission_save(actor=outsider, submission=sub, raw={"adminreform.received": "1"})


def test_reported_figure_below_the_records_is_flagged(
    forms: Any, commune: Any, officer: Any, monkeypatch: Any
) -> None:
    from danchu.reporting.registry import INDICATORS, Indicator

    recorded = Indicator(
        code="receptions.held",
        kind="computed",
        section="dan_giam_sat",
        name="x",
        compute=lambda *, start, end: [(commune.pk, {}, 7)],
    )
    monkeypatch.setitem(INDICATORS._items, "receptions.held", recorded)
    quarterly, _ = forms
    sub = services.submission_open(form=quarterly, place=commune, period=Q1)
    services.submission_save(
        actor=officer,
        submission=sub,
        raw={"adminreform.received": "1", "adminreform.resolved": "1", "reception.sessions_reported": "3"},
    )
    services.submission_submit(actor=officer, submission=sub)
    sub.refresh_from_db()
    assert sub.flags == [
        {
            "code": "reception.sessions_reported",
            "reported": 3.0,
            "computed": 7.0,
            "indicator": "receptions.held",
        }
    ]


def test_criteria_met_cannot_exceed_the_set_in_force(forms: Any, commune: Any, officer: Any) -> None:
    _, annual = forms
    sub = services.submission_open(form=annual, place=commune, period=Period.year(2024))
    errors = services.submission_save(actor=officer, submission=sub, raw={"newrural.criteria_met": "21"})
    assert "newrural.criteria_met" in errors and "19" in errors["newrural.criteria_met"]


def test_completeness_on_time_late_missing_and_reminders(
    forms: Any, commune: Any, other_commune: Any, officer: Any, province: Any
) -> None:
    from danchu.accounts.models import OutboxMessage, Role
    from danchu.accounts.tests.factories import person_with_role

    quarterly, _ = forms
    person_with_role(Role.COMMUNE_OFFICER, other_commune, notify_channel="sms")
    with time_machine.travel(dt.datetime(2025, 4, 8, 9, 0), tick=False):
        assert send_reminders() >= 1  # due 10/04: both communes reminded
        sub = services.submission_open(form=quarterly, place=commune, period=Q1)
        services.submission_save(
            actor=officer, submission=sub, raw={"adminreform.received": "10", "adminreform.resolved": "9"}
        )
        services.submission_submit(actor=officer, submission=sub)
    with time_machine.travel(dt.datetime(2025, 4, 20, 9, 0), tick=False):
        status = completeness(quarterly, province, Q1)
        states = {u.place.code: u.state for u in status.units}
        assert states == {commune.code: "on_time", other_commune.code: "missing"}
        before = OutboxMessage.objects.count()
        send_reminders()
        send_reminders()  # once only
        assert OutboxMessage.objects.count() == before + 1


@pytest.mark.parametrize("step", ["", "/submit"])
def test_refused_entry_through_the_api_leaves_no_draft_behind(
    forms: Any, commune: Any, steering_member: Any, step: str
) -> None:
    """A province member reads the commune's figures but does not type them: the API refuses, and the
    draft it had to open to find out is not left behind (found by the access matrix)."""
    from danchu.core.testing import BrowserClient

    _quarterly, annual = forms
    client = BrowserClient()
    client.force_login(steering_member)
    url = f"/api/v1/reporting/forms/{annual.code}/submissions/{commune.code}/2025{step}"
    response = client.api("put" if not step else "post", url, {"values": {}} if not step else {})
    assert response.status_code == 403
    assert not Submission.objects.filter(form=annual, place=commune).exists()


def test_the_completeness_page_offers_only_what_the_reader_may_open(
    forms: Any,
    commune: Any,
    province: Any,
    officer: Any,
    front_officer: Any,
    steering_member: Any,
    client_as: Any,
) -> None:
    """The Front read a unit's "Open" link to an entry page that answered 404, and an "Accept the
    approved data" button that answered "You may not accept the data of the units below"."""
    quarterly, _ = forms
    page = f"/reporting/place/{commune.code}/completeness/?form={quarterly.code}&period={Q1.code}"
    entry = f"/reporting/forms/{quarterly.code}/{commune.code}/{Q1.code}/"
    front = client_as(front_officer).get(page)
    assert front.status_code == 200 and 'id="completeness"' in front.content.decode()
    assert entry not in front.content.decode() and 'value="accept"' not in front.content.decode()
    assert client_as(front_officer).get(entry).status_code == 404  # what the link led to
    assert entry in client_as(officer).get(page).content.decode()  # the commune's own enterer
    above = client_as(steering_member).get(
        f"/reporting/place/{province.code}/completeness/?form={quarterly.code}&period={Q1.code}"
    )
    assert 'value="accept"' in above.content.decode()  # the level above accepts
    assert entry not in above.content.decode()  # nothing submitted yet: nothing to review
    sub = services.submission_open(form=quarterly, place=commune, period=Q1)
    services.submission_save(
        actor=officer, submission=sub, raw={"adminreform.received": "10", "adminreform.resolved": "9"}
    )
    services.submission_submit(actor=officer, submission=sub)
    above = client_as(steering_member).get(
        f"/reporting/place/{province.code}/completeness/?form={quarterly.code}&period={Q1.code}"
    )
    assert entry in above.content.decode()  # submitted: the level above reviews it
    assert client_as(steering_member).get(entry).status_code == 200
