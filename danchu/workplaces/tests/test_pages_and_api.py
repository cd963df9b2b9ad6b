"""Pages and API across the cast: the unit's representative acts for their unit only, staff of the
place read, another commune's unit answers 404, unsafe requests need CSRF or a token."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.meetings.models import Motion
from danchu.workplaces.models import Conference, Dialogue, RegulationVersion

from .conftest import LAST_YEAR, held_conference

pytestmark = pytest.mark.django_db


def test_the_representative_finds_their_unit_in_the_office_menu(
    client_as: Any, rep: Any, agency: Any
) -> None:
    office = client_as(rep).get("/office/").content.decode()
    assert reverse("workplaces:units") in office
    page = client_as(rep).get(reverse("workplaces:units")).content.decode()
    assert agency.name in page


def test_the_representative_convenes_through_the_csrf_enforcing_client(
    browser_as: Any, rep: Any, agency: Any
) -> None:
    client = browser_as(rep)
    url = reverse("workplaces:conference_convene", args=[agency.pk])
    data = {
        "year": LAST_YEAR,
        "planned_on": f"{LAST_YEAR}-12-10",
        "delegates_convened": 30,
        "venue": "Hội trường",
    }
    assert client.post(url, data).status_code == 403  # no CSRF token
    response = client.post_form(url, data)
    conf = Conference.objects.get(unit=agency)
    assert response.status_code == 302 and response["Location"] == reverse(
        "workplaces:conference", args=[conf.pk]
    )


def test_another_communes_unit_is_404_for_pages_and_api(
    client_as: Any, token_for: Any, client: Any, rep: Any, officer: Any, foreign_enterprise: Any
) -> None:
    for person in (rep, officer):
        c = client_as(person)
        assert c.get(reverse("workplaces:unit", args=[foreign_enterprise.pk])).status_code == 404
        assert (
            c.post(reverse("workplaces:conference_convene", args=[foreign_enterprise.pk]), {}).status_code
            == 404
        )
    response = client.post(
        f"/api/v1/workplaces/units/{foreign_enterprise.pk}/conferences",
        {"year": LAST_YEAR, "planned_on": f"{LAST_YEAR}-11-01", "delegates_convened": 30},
        content_type="application/json",
        **token_for(officer),
    )
    assert response.status_code == 404
    assert not Conference.objects.exists()


def test_a_representative_reads_no_other_unit_of_their_commune(
    client_as: Any, rep: Any, enterprise: Any
) -> None:
    assert client_as(rep).get(reverse("workplaces:unit", args=[enterprise.pk])).status_code == 404


def test_staff_of_the_place_read_but_a_resident_does_not(
    client_as: Any, officer: Any, citizen: Any, agency: Any
) -> None:
    url = reverse("workplaces:unit", args=[agency.pk])
    assert client_as(officer).get(url).status_code == 200
    assert client_as(citizen).get(url).status_code == 404


def test_api_records_a_conference_with_a_token(client: Any, token_for: Any, rep: Any, agency: Any) -> None:
    headers = token_for(rep)
    r = client.post(
        f"/api/v1/workplaces/units/{agency.pk}/conferences",
        {"year": LAST_YEAR, "planned_on": f"{LAST_YEAR}-12-10", "delegates_convened": 30},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = client.post(
        f"/api/v1/workplaces/conferences/{pk}/held",
        {"held_on": f"{LAST_YEAR}-12-10", "delegates_present": 18, "contents_done": ["review"]},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 200 and r.json()["quorum_met"] is False
    r = client.post(
        f"/api/v1/workplaces/conferences/{pk}/resolutions",
        {"title": "Nghị quyết hội nghị"},
        content_type="application/json",
        **headers,
    )
    assert r.status_code == 400 and "túc số" in r.json()["message"]
    assert not Motion.objects.exists()


def test_api_refuses_nul_bytes_and_overlong_titles(
    client: Any, token_for: Any, rep: Any, agency: Any
) -> None:
    conf = held_conference(agency)
    for title in ("Nghị quyết\x00", "N" * 600):
        r = client.post(
            f"/api/v1/workplaces/conferences/{conf.pk}/resolutions",
            {"title": title},
            content_type="application/json",
            **token_for(rep),
        )
        assert 400 <= r.status_code < 500
    assert not Motion.objects.exists()


def test_anonymous_api_is_401(client: Any, agency: Any) -> None:
    assert client.get(f"/api/v1/workplaces/units/{agency.pk}").status_code == 401


def test_overlong_form_input_stays_in_the_form(client_as: Any, rep: Any, agency: Any) -> None:
    r = client_as(rep).post(
        reverse("workplaces:regulation_add", args=[agency.pk]),
        {"reference": "Q" * 200, "issued_on": f"{LAST_YEAR}-03-01"},
    )
    assert r.status_code == 400 and not RegulationVersion.objects.exists()


def test_a_refused_dialogue_sends_back_with_the_message(
    client_as: Any, enterprise_rep: Any, enterprise: Any
) -> None:
    r = client_as(enterprise_rep).post(
        reverse("workplaces:dialogue_add", args=[enterprise.pk]),
        {
            "kind": "periodic",
            "held_on": f"{LAST_YEAR}-06-01",
            "employer_side": 3,
            "employee_side": 2,
            "issues_received": 0,
            "issues_resolved": 0,
        },
        HTTP_REFERER="http://testserver" + reverse("workplaces:unit", args=[enterprise.pk]),
    )
    assert r.status_code == 400 and not Dialogue.objects.exists()
    page = r.content.decode()  # the unit's page again, with the reason
    assert "Với 160 người lao động, bên người lao động có ít nhất 5 người." in page
    assert 'action="' + reverse("workplaces:dialogue_add", args=[enterprise.pk]) + '"' in page


def test_a_representative_cannot_register_units(client_as: Any, rep: Any) -> None:
    assert client_as(rep).get(reverse("workplaces:unit_new")).status_code == 404


def test_an_officer_registers_a_unit_of_their_commune_only(
    browser_as: Any, officer: Any, commune: Any, other_commune: Any
) -> None:
    client = browser_as(officer)
    data = {
        "code": "DV-KP-20",
        "name": "Trạm Y tế xã Krông Pắc",
        "unit_type": "public_service",
        "ownership": "none",
        "employees": 12,
    }
    assert (
        client.post_form(reverse("workplaces:unit_new"), {**data, "place": other_commune.code}).status_code
        == 400
    )
    assert (
        client.post_form(reverse("workplaces:unit_new"), {**data, "place": commune.code}).status_code == 302
    )
    assert dt.date.today()  # the unit exists below
    from danchu.workplaces.models import Unit

    assert Unit.objects.get(code="DV-KP-20").body.place == commune


def test_a_unit_registers_its_bright_spot_with_evidence(
    browser_as: Any, client_as: Any, rep: Any, agency: Any, committee: Any, enterprise: Any
) -> None:
    from danchu.steering.models import BrightSpot, Evidence
    from danchu.steering.services import criteria

    client = browser_as(rep)
    r = client.post_form(
        reverse("workplaces:bright_spot_propose", args=[agency.pk]),
        {
            "name": "Công khai thu chi quỹ phụ huynh",
            "address": "Trường THCS Nguyễn Du",
            "field": "qcdc",
            "plan": "Niêm yết hằng tháng.",
        },
    )
    assert r.status_code == 302
    spot = BrightSpot.objects.get()
    assert spot.committee == committee and spot.body == agency.body and spot.status == "registered"
    first = criteria.criteria_for("qcdc")[0]
    url = reverse("workplaces:bright_spot_evidence", args=[agency.pk, spot.pk])
    assert (
        client.post_form(
            url, {"criterion": first.pk, "text": "Bảng công khai", "figure": "12 kỳ"}
        ).status_code
        == 302
    )
    assert Evidence.objects.get().bright_spot == spot
    # Another unit's page cannot reach this spot.
    other = reverse("workplaces:bright_spot_evidence", args=[enterprise.pk, spot.pk])
    assert client.post_form(other, {"criterion": first.pk, "text": "x"}).status_code == 404
    assert Evidence.objects.count() == 1
