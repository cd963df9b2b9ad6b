"""Objects of steering for the access matrix (core/tests/test_access_objects.py): the unit's steering
committee with a programme, an inspection with a recommendation, a bright spot, a "skilful mass
mobilisation" model and a task from a briefing."""

from __future__ import annotations

import datetime as dt
import json
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
    return (
        {
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
            f"{API}/tasks/{{pk}}/close:pk": str(task.pk),
        }
        | {
            f"{API}/committees/{{pk}}{path}:{param}": str(obj.pk)
            for path in COMMITTEE_PATHS
            for param, obj in (
                ("pk", committee),
                ("programme_pk", programme),
                ("inspection_pk", inspection),
                ("recommendation_pk", recommendation),
            )
            if param == "pk" or f"{{{param}}}" in path
        }
        | _bodies(year, village)
    )


def _bodies(year: int, village: Any) -> dict[str, str]:
    """Valid bodies, so the committee's getter and the service's check answer, not validation."""
    day = dt.date(year, 1, 20).isoformat()
    return {
        f"api-body:POST {path}": json.dumps(body)
        for path, body in {
            "/api/v1/steering/committees/{pk}/programmes": {
                "title": "Kế hoạch kiểm tra QCDC",
                "start_on": day,
                "end_on": dt.date(year, 12, 31).isoformat(),
            },
            "/api/v1/steering/committees/{pk}/inspections": {
                "title": "Kiểm tra công khai ngân sách",
                "planned_on": day,
                "units": [village.code],
            },
            "/api/v1/steering/committees/{pk}/inspections/{inspection_pk}/findings": {
                "done_on": day,
                "findings": "Thôn chưa niêm yết dự toán.",
                "recommendations": ["Niêm yết ngay."],
            },
            "/api/v1/steering/tasks/{pk}/close": {"result": "Đã rà soát xong quy chế dân chủ ở thôn."},
        }.items()
    }


API = "api:/api/v1/steering"
COMMITTEE_PATHS = (
    "/programmes",
    "/programmes/{programme_pk}/done",
    "/inspections",
    "/inspections/{inspection_pk}/findings",
    "/recommendations/{recommendation_pk}/resolve",
    "/tasks",
)
