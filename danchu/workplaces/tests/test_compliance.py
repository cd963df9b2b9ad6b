"""The committee's compliance figures equal a direct count of the records; reminders before the date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import Role
from danchu.accounts.tests.factories import person_with_role
from danchu.workplaces import services
from danchu.workplaces.models import Conference, Dialogue, Reminder, Unit, UnitType
from danchu.workplaces.queries import compliance
from danchu.workplaces.tasks import send_reminders

from .conftest import LAST_YEAR, held_conference

pytestmark = pytest.mark.django_db


def _units(commune: Any, other_commune: Any) -> list[Any]:
    units = []
    for i in range(6):
        place = commune if i % 2 else other_commune
        kind = UnitType.ENTERPRISE if i >= 4 else (UnitType.AGENCY if i % 2 else UnitType.PUBLIC_SERVICE)
        units.append(
            services.unit_register(
                actor=None,
                data=services.UnitData(
                    code=f"U-{i}", name=f"Đơn vị số {i}", unit_type=kind, place=place, employees=30
                ),
            )
        )
    return units


def test_figures_equal_a_direct_count(province: Any, commune: Any, other_commune: Any) -> None:
    units = _units(commune, other_commune)
    held_conference(units[0])
    held_conference(units[1], present=10)  # below quorum: not counted as held
    held_conference(units[2])
    held_conference(units[4])
    services.dialogue_record(
        actor=None,
        unit=units[4],
        data=services.DialogueData(
            kind=Dialogue.Kind.PERIODIC, held_on=dt.date(LAST_YEAR, 5, 1), employer_side=3, employee_side=3
        ),
    )
    report = compliance(province, LAST_YEAR)
    agencies, enterprises, dialogue, _regulation = report.figures()

    def counted(types: list[str]) -> int:
        return sum(
            1
            for c in Conference.objects.filter(
                year=LAST_YEAR, unit__unit_type__in=types, status=Conference.Status.HELD
            )
            if c.delegates_present * 3 >= c.delegates_convened * 2
        )

    agency_types = [UnitType.AGENCY, UnitType.PUBLIC_SERVICE]
    assert (
        (agencies.held, agencies.total)
        == (
            counted(agency_types),
            Unit.objects.filter(unit_type__in=agency_types).count(),
        )
        == (2, 4)
    )
    assert (enterprises.held, enterprises.total) == (counted([UnitType.ENTERPRISE]), 2) == (1, 2)
    assert (dialogue.held, dialogue.total) == (
        Dialogue.objects.filter(held_on__year=LAST_YEAR, kind="periodic").values("unit").distinct().count(),
        2,
    )
    assert {r.unit.code for r in report.missing} == {"U-1", "U-3", "U-5"}
    # A commune's view counts its own units only.
    assert len(compliance(commune, LAST_YEAR).rows) == 3


def test_the_indicator_equals_the_direct_count(province: Any, commune: Any, other_commune: Any) -> None:
    from danchu.reporting.registry import INDICATORS

    units = _units(commune, other_commune)
    for u in units[:3]:
        held_conference(u)
    rows = list(
        INDICATORS.get("workplaces.conferences_held").compute(  # type: ignore[misc]
            start=dt.date(LAST_YEAR, 1, 1), end=dt.date(LAST_YEAR, 12, 31)
        )
    )
    assert (
        sum(r[2] if isinstance(r, tuple) else r.value for r in rows)
        == Conference.objects.filter(status="held", held_on__year=LAST_YEAR).count()
        == 3
    )


def test_a_late_conference_is_held_but_not_on_time(province: Any, agency: Any) -> None:
    from danchu.workplaces.models import ConferenceRule

    services.rule_for("officials", dt.date.today())
    ConferenceRule.objects.filter(kind="officials").update(due_month=6, due_day=30)
    held_conference(agency)  # held on 10/12
    row = compliance(province, LAST_YEAR).rows[0]
    assert row.held and not row.on_time


def test_the_committee_reads_its_compliance_list_and_a_commune_officer_does_not(
    client_as: Any, steering_member: Any, officer: Any, committee: Any, agency: Any
) -> None:
    url = reverse("workplaces:compliance", args=[committee.pk]) + f"?year={LAST_YEAR}"
    page = client_as(steering_member).get(url)
    assert page.status_code == 200 and agency.name in page.content.decode()
    printable = client_as(steering_member).get(url + "&print=1").content.decode()
    assert "CHƯA TỔ CHỨC HỘI NGHỊ" in printable.upper() or "NOT HELD" in printable.upper()
    assert client_as(officer).get(url).status_code == 404


def test_representatives_are_reminded_once_before_the_date(
    agency: Any, rep: Any, commune: Any, django_capture_on_commit_callbacks: Any, mailoutbox: Any
) -> None:
    union = person_with_role(Role.WORKPLACE_REP, commune, body=agency.body, full_name="Trần Thị Mai")
    year = dt.date.today().year
    early = dt.date(year, 12, 10)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders(early) == 2
    assert send_reminders(early) == 0  # once a year
    assert Reminder.objects.filter(unit=agency, year=year).count() == 1
    assert len(mailoutbox) == 2 and "31/12" in mailoutbox[0].subject
    assert union.pk
