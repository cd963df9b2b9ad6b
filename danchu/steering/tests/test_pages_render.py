"""The committee page, the unit page and the public list render every new section with real data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import Body, Role
from danchu.accounts.tests.factories import person_with_role
from danchu.steering import services
from danchu.steering.models import BrightSpot
from danchu.steering.services import criteria, work
from danchu.workplaces import services as wp
from danchu.workplaces.models import UnitType

pytestmark = pytest.mark.django_db


def test_committee_and_unit_pages_show_the_work(
    client_as: Any, steering_member: Any, province: Any, commune: Any, client: Any
) -> None:
    body = Body.objects.get(kind=Body.Kind.STEERING_COMMITTEE, place=province)
    committee = services.committee_ensure(actor=None, body=body)
    unit = wp.unit_register(
        actor=None,
        data=wp.UnitData(
            code="DN-1",
            name="Công ty TNHH Hồ tiêu Krông Pắc",
            unit_type=UnitType.ENTERPRISE,
            place=commune,
            employees=60,
        ),
    )
    rep = person_with_role(Role.WORKPLACE_REP, commune, body=unit.body, full_name="Trần Thị Mai")
    work.assignment_add(
        actor=None, committee=committee, person=steering_member, position="Ủy viên phụ trách", place=commune
    )
    work.briefing_hold(
        actor=None,
        committee=committee,
        held_on=dt.date.today(),
        conclusions="Kết luận giao ban tháng",
        tasks=[
            work.TaskData(
                title="Đôn đốc hội nghị người lao động", deadline=dt.date.today(), owner_name="Ban Dân vận"
            )
        ],
    )
    insp = services.inspection_plan(
        actor=None,
        committee=committee,
        title="Kiểm tra doanh nghiệp",
        planned_on=dt.date.today(),
        units=[],
        bodies=[unit.body],
    )
    services.inspection_record(
        actor=None,
        inspection=insp,
        done_on=dt.date.today(),
        findings="Tốt",
        recommendations=["Niêm yết biên bản đối thoại"],
    )
    spot = services.bright_spot_register(
        actor=None, committee=committee, place=commune, name="Điểm sáng hiến đất làm đường", address="Thôn 1"
    )
    criteria.evidence_add(
        actor=None, criterion=criteria.criteria_for("qcdc")[0], text="Biên bản họp thôn", bright_spot=spot
    )

    page = client_as(steering_member).get(reverse("steering:committee", args=[committee.pk])).content.decode()
    for text in (
        "Ủy viên phụ trách",
        "Kết luận giao ban tháng",
        "Đôn đốc hội nghị người lao động",
        "Biên bản họp thôn",
    ):
        assert text in page
    unit_page = client_as(rep).get(reverse("workplaces:unit", args=[unit.pk])).content.decode()
    assert "Niêm yết biên bản đối thoại" in unit_page and 'name="answer"' in unit_page
    BrightSpot.objects.filter(pk=spot.pk).update(status="recognised", latitude=12.7, longitude=108.1)
    public = client.get(reverse("steering:bright_spots_public")).content.decode()
    assert 'data-lat="12.7' in public and "Điểm sáng hiến đất làm đường" in public
