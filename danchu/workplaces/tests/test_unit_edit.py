"""A unit's details are corrected when they change or were typed wrong: its staff grew past the size
it was registered with (else it could neither convene all its staff nor more than it had), a new
head, its staff now dispersed. Audited with before and after; bad input is a form error; another
unit's representative and another commune's officer get 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.core.errors import DomainError
from danchu.core.models import AuditEntry
from danchu.workplaces import services, units
from danchu.workplaces.models import Conference, Ownership, Unit

from .conftest import LAST_YEAR

pytestmark = pytest.mark.django_db


def _data(unit: Any, **changes: Any) -> dict[str, Any]:
    data = {
        "name": unit.name,
        "ownership": unit.ownership,
        "employees": unit.employees,
        "dispersed": "on" if unit.dispersed else "",
        "head_name": unit.head_name,
        "union_chair_name": unit.union_chair_name,
        "address": unit.address,
    }
    return {**data, **changes}


def test_a_unit_whose_staff_grew_is_corrected_and_then_convenes_them_all(
    browser_as: Any, rep: Any, agency: Any
) -> None:
    c = browser_as(rep)
    page = c.get(reverse("workplaces:unit", args=[agency.pk])).content.decode()
    assert 'id="unit-edit-form"' in page
    # Registered with 30 staff, it now has 35: convening the 35 is refused until corrected.
    with pytest.raises(DomainError):
        services.conference_convene(
            actor=rep,
            unit=agency,
            year=LAST_YEAR,
            planned_on=dt.date(LAST_YEAR, 12, 10),
            delegates_convened=35,
        )
    url = reverse("workplaces:unit_edit", args=[agency.pk])
    r = c.post_form(url, _data(agency, employees=35, head_name="Lê Thị Hồng Nhung"))
    assert r.status_code == 302 and r["Location"] == reverse("workplaces:unit", args=[agency.pk])
    agency = Unit.objects.get(pk=agency.pk)
    assert (agency.employees, agency.head_name) == (35, "Lê Thị Hồng Nhung")
    entry = AuditEntry.objects.get(action="workplaces.unit_update")
    assert entry.before["employees"] == 30 and entry.after["employees"] == 35
    services.conference_convene(
        actor=rep, unit=agency, year=LAST_YEAR, planned_on=dt.date(LAST_YEAR, 12, 10), delegates_convened=35
    )
    assert Conference.objects.filter(unit=agency, delegates_convened=35).exists()


def test_the_name_is_the_bodys_and_an_unchanged_form_writes_nothing(officer: Any, agency: Any) -> None:
    units.unit_update(
        actor=officer,
        unit=agency,
        data=units.UnitEdit(
            name="Trường THCS Nguyễn Du  xã Krông Pắc ", ownership=Ownership.NOT_APPLICABLE, employees=30
        ),
    )
    agency = Unit.objects.get(pk=agency.pk)
    assert agency.body.name == "Trường THCS Nguyễn Du  xã Krông Pắc"
    count = AuditEntry.objects.filter(action="workplaces.unit_update").count()
    units.unit_update(
        actor=officer,
        unit=agency,
        data=units.UnitEdit(
            name=agency.name,
            ownership=agency.ownership,
            employees=agency.employees,
            head_name=agency.head_name,
        ),
    )
    assert AuditEntry.objects.filter(action="workplaces.unit_update").count() == count


@pytest.mark.parametrize(
    "changes",
    [
        {"employees": -1},
        {"employees": 10**20},
        {"name": ""},
        {"name": "Trường\x00"},
        {"name": "T" * 300},
        {"head_name": "Nguyễn\u0007Văn"},
        {"ownership": "nationalised"},
    ],
)
def test_bad_input_is_a_form_error_and_nothing_changes(
    browser_as: Any, rep: Any, agency: Any, changes: dict[str, Any]
) -> None:
    r = browser_as(rep).post_form(reverse("workplaces:unit_edit", args=[agency.pk]), _data(agency, **changes))
    assert r.status_code == 400
    fresh = Unit.objects.get(pk=agency.pk)
    assert (fresh.name, fresh.employees, fresh.head_name, fresh.ownership) == (
        agency.name,
        agency.employees,
        agency.head_name,
        agency.ownership,
    )
    assert not AuditEntry.objects.filter(action="workplaces.unit_update").exists()


def test_another_units_representative_and_another_commune_get_404(
    browser_as: Any, enterprise_rep: Any, outsider: Any, board_member: Any, agency: Any
) -> None:
    for person in (enterprise_rep, outsider, board_member):
        r = browser_as(person).post_form(
            reverse("workplaces:unit_edit", args=[agency.pk]), _data(agency, employees=99)
        )
        assert r.status_code == 404
    assert Unit.objects.get(pk=agency.pk).employees == 30


def test_a_staff_of_a_thousand_typed_as_in_vietnam_is_a_thousand(
    browser_as: Any, rep: Any, agency: Any
) -> None:
    """ "1.000" employees were saved as 1: Django's integer field took ".000" for a fraction."""
    c = browser_as(rep)
    url = reverse("workplaces:unit_edit", args=[agency.pk])
    assert c.post_form(url, _data(agency, employees="1.000")).status_code == 302
    assert Unit.objects.get(pk=agency.pk).employees == 1000
    refused = c.post_form(url, _data(agency, employees="12,5"))
    assert refused.status_code == 400
    assert Unit.objects.get(pk=agency.pk).employees == 1000


def test_a_staff_of_a_thousand_reads_with_the_thousands_separator(
    browser_as: Any, client_as: Any, rep: Any, officer: Any, agency: Any
) -> None:
    """The unit page and the units list printed "1000 người lao động"; the house writes 1.000."""
    Unit.objects.filter(pk=agency.pk).update(employees=1500)
    page = browser_as(rep).get(reverse("workplaces:unit", args=[agency.pk])).content.decode()
    assert "1.500 người lao động" in page and "1500 người" not in page
    listed = client_as(officer).get(reverse("workplaces:units")).content.decode()
    assert "<td>1.500</td>" in listed
    english = client_as(officer)
    english.cookies["django_language"] = "en"
    assert "1,500 employees" in english.get(reverse("workplaces:unit", args=[agency.pk])).content.decode()
