"""Objects of steering for the access matrix (core/tests/test_access_objects.py): the unit's steering
committee with a programme, an inspection with a recommendation, a bright spot, a "skilful mass
mobilisation" model and a task from a briefing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.accounts.models import Body
from danchu.steering import services
from danchu.steering.models import BrightSpot, EmulationModel, InspectedUnit, Inspection, Recommendation, Task


def committee_of(commune: Any) -> Any:
    """The commune's steering committee (made once; workplaces' matrix asks for the same one)."""
    body = Body.objects.filter(
        kind=Body.Kind.STEERING_COMMITTEE, place=commune
    ).first() or Body.objects.create(
        kind=Body.Kind.STEERING_COMMITTEE, place=commune, name=f"Ban Chỉ đạo QCDC {commune.name}"
    )
    return services.committee_ensure(actor=None, body=body, head_name="Nguyễn Văn Hùng")


def objects(commune: Any, village: Any, officer: Any) -> dict[str, str]:
    committee = committee_of(commune)
    year = dt.date.today().year
    programme = services.programme_create(
        actor=None, committee=committee, year=year, title=f"Kế hoạch thực hiện QCDC năm {year}"
    )
    inspection = Inspection.objects.create(
        committee=committee, title="Kiểm tra thực hiện QCDC ở thôn", planned_on=dt.date(year, 1, 15)
    )
    InspectedUnit.objects.create(inspection=inspection, place=village)
    recommendation = Recommendation.objects.create(
        inspection=inspection, text="Niêm yết công khai dự toán ngân sách tại nhà văn hóa thôn."
    )
    spot = BrightSpot.objects.create(
        committee=committee,
        place=village,
        name=f"Mô hình “Đường hoa nông thôn mới” {village.name}",
        address=village.name,
        year=year,
        registered_on=dt.date(year, 1, 10),
    )
    model = EmulationModel.objects.create(
        place=village,
        name="Mô hình “Dân vận khéo” vận động hiến đất làm đường",
        field=EmulationModel.Field.values[0],
        year=year,
        registered_on=dt.date(year, 1, 10),
    )
    task = Task.objects.create(
        committee=committee,
        title="Rà soát quy chế dân chủ ở thôn",
        owner_name="Lê Văn Nam",
        deadline=dt.date(year, 12, 31),
    )
    return {
        "steering:pk": str(committee.pk),
        "steering:programme_pk": str(programme.pk),
        "steering:inspection_pk": str(inspection.pk),
        "steering:recommendation_pk": str(recommendation.pk),
        "steering:spot_pk": str(spot.pk),
        "steering:model_pk": str(model.pk),
        "steering:task_close:pk": str(task.pk),
        "steering:recommendation_answer:pk": str(recommendation.pk),
        "api:steering:pk": str(committee.pk),
        "api:steering:programme_pk": str(programme.pk),
        "api:steering:inspection_pk": str(inspection.pk),
        "api:steering:recommendation_pk": str(recommendation.pk),
    }
