"""A figure typed in a report form is counted on the staff's dashboards once submitted, and in what
the public reads — the public figures, open data, the API's public reads — only once approved (as
DHIS2 keeps unapproved data out of its public analytics)."""

from __future__ import annotations

import re
from typing import Any

from django.urls import reverse

from danchu.reporting import queries, services
from danchu.reporting.models import IndicatorValue
from danchu.reporting.periods import Period

Q1 = Period.quarter(2025, 1)
CODE = "pib.matters_supervised"  # public, reported


def _public_page_shows(client: Any, place: Any) -> bool:
    html = client.get(reverse("reporting:home"), {"place": place.code, "period": Q1.code}).content.decode()
    return CODE in re.findall(r'data-indicator="([^"]+)"', html)


def _api_value(client: Any, place: Any) -> Any:
    r = client.get("/api/v1/reporting/values", {"indicator": CODE, "place": place.code, "period": Q1.code})
    assert r.status_code == 200, r.content
    return r.json()["value"]


def _open_data(client: Any, province: Any) -> list[Any]:
    url = reverse("reporting:open_data_file", args=["json"])
    rows = client.get(url, {"province": province.code, "period": Q1.code}).json()["communes"]
    return [r.get(CODE) for r in rows]


def _submitted(form: Any, place: Any, actor: Any, value: str, capture: Any) -> Any:
    """`place`'s quarterly form for Q1 with `value` typed for CODE, submitted (rolled up)."""
    sub = services.submission_open(form=form, place=place, period=Q1)
    services.submission_save(
        actor=actor,
        submission=sub,
        raw={"adminreform.received": "100", "adminreform.resolved": "90", CODE: value},
    )
    with capture(execute=True):
        services.submission_submit(actor=actor, submission=sub)
    return sub


def test_a_submitted_figure_reaches_the_public_only_once_approved(
    forms: Any,
    commune: Any,
    province: Any,
    officer: Any,
    steering_member: Any,
    client: Any,
    client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    quarterly, _ = forms
    sub = _submitted(quarterly, commune, officer, "12", django_capture_on_commit_callbacks)
    assert IndicatorValue.objects.filter(indicator=CODE, pending=True).exists()

    # The staff see it at once: the commune's officer and the province's steering member, on the
    # dashboard's query and through the API.
    assert queries.values(CODE, province, Q1).value == 12
    assert _api_value(client_as(officer), commune) == 12
    assert _api_value(client_as(steering_member), province) == 12
    # The public does not, at the commune or above it (the province reads the commune grain).
    for place in (commune, province):
        assert _api_value(client, place) is None
        assert not _public_page_shows(client, place)
    children = client.get(
        "/api/v1/reporting/values/children", {"indicator": CODE, "place": province.code, "period": Q1.code}
    ).json()
    assert [c["value"] for c in children if c["place_code"] == commune.code] == [None]
    assert 12 not in _open_data(client, province)

    with django_capture_on_commit_callbacks(execute=True):
        services.submission_decide(actor=steering_member, submission=sub, approve=True)
    assert not IndicatorValue.objects.filter(indicator=CODE, pending=True).exists()
    for place in (commune, province):
        assert _api_value(client, place) == 12
        assert _public_page_shows(client, place)
    assert 12 in _open_data(client, province)


def test_a_province_adds_an_approved_commune_and_a_pending_one_apart(
    forms: Any,
    commune: Any,
    other_commune: Any,
    province: Any,
    admin_user: Any,
    client: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    quarterly, _ = forms
    approved = _submitted(quarterly, commune, admin_user, "12", django_capture_on_commit_callbacks)
    _submitted(quarterly, other_commune, admin_user, "5", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_decide(actor=admin_user, submission=approved, approve=True)
    assert queries.values(CODE, province, Q1).value == 17  # the staff: both
    assert _api_value(client, province) == 12  # the public: the approved one
    assert sorted(v for v in _open_data(client, province) if v is not None) == [12]


def test_the_signer_is_told_which_units_figures_await_approval(
    forms: Any,
    commune: Any,
    province: Any,
    officer: Any,
    steering_member: Any,
    committee: Any,
    client_as: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    quarterly, _ = forms
    sub = _submitted(quarterly, commune, officer, "12", django_capture_on_commit_callbacks)
    report = services.report_draft(
        actor=steering_member, place=province, period=Period.year(2025), committee=committee
    )
    page = client_as(steering_member).get(reverse("reporting:report", args=[report.pk])).content.decode()
    note = re.search(r'id="awaiting-approval">(.*?)</p>', page, re.S)
    assert note and commune.name in note.group(1)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_decide(actor=steering_member, submission=sub, approve=True)
    page = client_as(steering_member).get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert 'id="awaiting-approval"' not in page
