from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import person_with_role
from danchu.steering import services as steering_services
from danchu.workplaces import services
from danchu.workplaces.models import Ownership, UnitType

LAST_YEAR = dt.date.today().year - 1


@pytest.fixture
def agency(commune: Any) -> Any:
    return services.unit_register(
        actor=None,
        data=services.UnitData(
            code="DV-KP-01",
            name="Trường THCS Nguyễn Du xã Krông Pắc",
            unit_type=UnitType.PUBLIC_SERVICE,
            place=commune,
            ownership=Ownership.NOT_APPLICABLE,
            employees=30,
            head_name="Nguyễn Văn Thành",
        ),
    )


@pytest.fixture
def enterprise(commune: Any) -> Any:
    return services.unit_register(
        actor=None,
        data=services.UnitData(
            code="DN-KP-01",
            name="Công ty TNHH Cà phê Krông Pắc",
            unit_type=UnitType.ENTERPRISE,
            place=commune,
            ownership=Ownership.PRIVATE,
            employees=160,
        ),
    )


@pytest.fixture
def foreign_enterprise(other_commune: Any) -> Any:
    """A unit of another commune that really exists."""
    return services.unit_register(
        actor=None,
        data=services.UnitData(
            code="DN-EK-01",
            name="Công ty Cổ phần Cao su Ea Kly",
            unit_type=UnitType.ENTERPRISE,
            place=other_commune,
            ownership=Ownership.STATE,
            employees=300,
        ),
    )


@pytest.fixture
def rep(agency: Any, commune: Any) -> Any:
    return person_with_role(Role.WORKPLACE_REP, commune, body=agency.body, full_name="Nguyễn Văn Thành")


@pytest.fixture
def enterprise_rep(enterprise: Any, commune: Any) -> Any:
    return person_with_role(Role.WORKPLACE_REP, commune, body=enterprise.body, full_name="Trần Thị Mai")


@pytest.fixture
def committee(steering_member: Any, province: Any) -> Any:
    body = Body.objects.get(kind=Body.Kind.STEERING_COMMITTEE, place=province)
    return steering_services.committee_ensure(actor=None, body=body)


def held_conference(unit: Any, *, year: int = LAST_YEAR, convened: int = 30, present: int = 25) -> Any:
    conf = services.conference_convene(
        actor=None, unit=unit, year=year, planned_on=dt.date(year, 12, 10), delegates_convened=convened
    )
    return services.conference_hold(
        actor=None,
        conference=conf,
        held_on=dt.date(year, 12, 10),
        delegates_present=present,
        contents_done=[c["key"] for c in conf.rule.contents][:2]
        if unit.is_enterprise
        else ["review", "plan"],
        chair="Nguyễn Văn Thành",
        secretary="Lê Thị Thu",
    )


def xlsx(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
