"""Objects of workplaces for the access matrix (core/tests/test_access_objects.py): an agency of the
unit's commune with a convened conference and a bright spot it proposed, and the commune's steering
committee (for its compliance page)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.steering.models import BrightSpot
from danchu.steering.tests.matrix import committee_of
from danchu.workplaces import services
from danchu.workplaces.models import Ownership, UnitType


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    unit = services.unit_register(
        actor=None,
        data=services.UnitData(
            code=f"DV-{commune.code}-01",
            name=f"Trường THCS Nguyễn Du {commune.name}",
            unit_type=UnitType.PUBLIC_SERVICE,
            place=commune,
            ownership=Ownership.NOT_APPLICABLE,
            employees=42,
            head_name="Nguyễn Văn Thành",
        ),
    )
    year = dt.date.today().year
    conference = services.conference_convene(
        actor=None, unit=unit, year=year, planned_on=dt.date(year, 12, 10), delegates_convened=42
    )
    committee = committee_of(commune)
    spot = BrightSpot.objects.create(
        committee=committee,
        place=commune,
        body=unit.body,
        name=f"“Điểm sáng” dân chủ ở {unit.name}",
        address=commune.name,
        field=BrightSpot.Field.GOVERNMENT_MOBILISATION,
        year=year,
        registered_on=dt.date(year, 1, 10),
    )
    values = {
        "workplaces:pk": str(unit.pk),
        "workplaces:spot_pk": str(spot.pk),
        "workplaces:compliance:pk": str(committee.pk),
        "api:/api/v1/workplaces/units/{pk}:pk": str(unit.pk),
        "api:/api/v1/workplaces/units/{pk}/conferences:pk": str(unit.pk),
        "api:/api/v1/workplaces/conferences/{pk}/held:pk": str(conference.pk),
        "api:/api/v1/workplaces/conferences/{pk}/resolutions:pk": str(conference.pk),
        "api:/api/v1/workplaces/committees/{pk}/compliance:pk": str(committee.pk),
    }
    for name in ("conference", "conference_hold", "resolution_add", "minutes", "minutes_pdf"):
        values[f"workplaces:{name}:pk"] = str(conference.pk)
    return values
