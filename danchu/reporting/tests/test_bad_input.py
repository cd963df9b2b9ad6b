"""Bad input on reporting's pages and API: a clear message and a 4xx, never a 500, nothing half-saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.reporting import services
from danchu.reporting.models import ReportedValue
from danchu.reporting.periods import Period

Q1 = Period.quarter(2025, 1)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("NaN", ("not a number", "không phải là số")),
        ("Infinity", ("not a number", "không phải là số")),
        ("-12", ("not a number", "không phải là số")),
        ("1e30", ("not a number", "không phải là số")),
        ("123456789012345678901", ("too large", "quá lớn")),
        ("2,555", ("two decimal", "hai chữ số thập phân")),
    ],
)
def test_a_figure_that_cannot_be_stored_is_refused_with_a_message(
    typed: str, message: tuple[str, str], forms: Any, commune: Any, officer: Any, browser_as: Any
) -> None:
    quarterly, _ = forms
    url = reverse("reporting:entry", args=[quarterly.code, commune.code, Q1.code])
    r = browser_as(officer).post_form(
        url, {"adminreform.received": typed, "pib.matters_supervised": "12", "action": "save"}
    )
    assert r.status_code == 422
    page = r.content.decode()
    assert any(m in page for m in message)
    kept = dict(ReportedValue.objects.values_list("code", "value"))
    assert "adminreform.received" not in kept and kept["pib.matters_supervised"] == 12


def test_the_api_refuses_a_figure_that_cannot_be_stored(
    forms: Any, commune: Any, officer: Any, client: Any, token_for: Any
) -> None:
    quarterly, _ = forms
    r = client.put(
        f"/api/v1/reporting/forms/{quarterly.code}/submissions/{commune.code}/{Q1.code}",
        {"values": {"adminreform.received": "Infinity"}},
        content_type="application/json",
        **token_for(officer),
    )
    assert r.status_code == 422
    assert "adminreform.received" in r.json()["refused"]


def test_a_figure_with_thousands_and_two_decimals_is_kept_exactly(
    forms: Any, commune: Any, officer: Any
) -> None:
    quarterly, _ = forms
    sub = services.submission_open(form=quarterly, place=commune, period=Q1)
    errors = services.submission_save(
        actor=officer,
        submission=sub,
        raw={"adminreform.received": "52.620", "pib.matters_supervised": "2,50"},
    )
    assert errors == {}
    kept = dict(sub.values.values_list("code", "value"))
    assert kept["adminreform.received"] == 52620 and str(kept["pib.matters_supervised"]) == "2.50"
