"""Demo: the province's one-stop desks and departments, and a year of one-stop figures for the demo
communes and two departments, in the terms of the year (toàn trình / một phần); plus the first half of
2021 for the former Krông Pắc district's communes (mức độ 3/4, the terms then) when they are loaded."""

from __future__ import annotations

import datetime as dt
from typing import Any

from danchu.core.demo import demo_step
from danchu.places.models import Level, Place

from . import services
from .models import Centre, Department, Figure, ServiceLevel

DEPARTMENTS = [("STP", "Sở Tư pháp"), ("SNNMT", "Sở Nông nghiệp và Môi trường")]


@demo_step("adminreform", 76)
def build(ctx: dict[str, Any]) -> None:
    province = ctx.get("province")
    if province is None:
        return
    departments = []
    for code, name in DEPARTMENTS:
        department = Department.objects.filter(province=province, code=code).first()
        departments.append(
            department or services.department_add(by=None, province=province, code=code, name=name)
        )
    if not Centre.objects.filter(place=province).exists():
        services.centre_record(
            by=None,
            place=province,
            name="Trung tâm Phục vụ hành chính công tỉnh",
            opened_on=dt.date(2025, 7, 1),  # the province as merged on 1 July 2025
        )
    year = dt.date.today().year - 1
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for index, commune in enumerate(ctx.get("communes", [])):
        if not Centre.objects.filter(place=commune).exists():
            services.centre_record(
                by=None, place=commune, name=f"Bộ phận Một cửa {commune.name}", opened_on=dt.date(2025, 7, 1)
            )
        received = 1200 + 150 * index
        _figures(
            commune, None, start, end, received, {ServiceLevel.FULL: 38 + index, ServiceLevel.PARTIAL: 61}
        )
    for index, department in enumerate(departments):
        _figures(
            province,
            department,
            start,
            end,
            5400 + 700 * index,
            {ServiceLevel.FULL: 120, ServiceLevel.PARTIAL: 85},
        )
    district = Place.objects.filter(code="654", level=Level.DISTRICT).first()
    if district is not None:
        h1 = (dt.date(2021, 1, 1), dt.date(2021, 6, 30))
        for index, commune in enumerate(
            Place.objects.within(district, include_self=False)
            .current(h1[1])
            .filter(level=Level.COMMUNE)
            .order_by("code")
        ):
            _figures(
                commune,
                None,
                *h1,
                3000 + 40 * index,
                {ServiceLevel.LEVEL_3: 12, ServiceLevel.LEVEL_4: 3},
                all_on_time=True,
            )


def _figures(
    place: Place,
    department: Department | None,
    start: dt.date,
    end: dt.date,
    received: int,
    offered: dict[str, int],
    all_on_time: bool = False,
) -> None:
    if Figure.objects.filter(place=place, department=department, start=start, end=end).exists():
        return
    resolved = received if all_on_time else received - received // 25
    services.figure_record(
        by=None,
        place=place,
        department=department,
        figures=services.Figures(
            start=start,
            end=end,
            carried_over=0 if all_on_time else received // 40,
            received=received,
            received_online=received // 3,
            resolved=resolved,
            resolved_on_time=resolved if all_on_time else resolved - resolved // 50,
            services=offered,
        ),
        source="demo",
    )
