from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from danchu.accounts.models import Body
from danchu.core.errors import Conflict, DomainError, Forbidden
from danchu.reporting.periods import Period
from danchu.reporting.queries import values
from danchu.reporting.rollup import refresh
from danchu.steering import services
from danchu.steering.models import BrightSpot


@pytest.fixture
def committee(steering_member: Any, province: Any) -> Any:
    body = Body.objects.get(kind=Body.Kind.STEERING_COMMITTEE, place=province)
    return services.committee_ensure(actor=None, body=body, standing_body="Ban Dân vận Tỉnh ủy")


def test_bright_spot_goes_through_its_workflow_and_is_counted(
    committee: Any, steering_member: Any, commune: Any, province: Any
) -> None:
    spot = services.bright_spot_register(
        actor=steering_member,
        committee=committee,
        place=commune,
        name="Hiến đất làm đường",
        address="Thôn 1",
        registered_on=dt.date(2025, 2, 1),
    )
    with pytest.raises(Conflict):
        services.bright_spot_advance(actor=steering_member, spot=spot, to=BrightSpot.Status.RECOGNISED)
    with pytest.raises(DomainError):
        services.bright_spot_advance(
            actor=steering_member, spot=spot, to=BrightSpot.Status.PLANNED
        )  # no plan
    services.bright_spot_advance(
        actor=steering_member, spot=spot, to=BrightSpot.Status.PLANNED, note="Kế hoạch"
    )
    services.bright_spot_advance(actor=steering_member, spot=spot, to=BrightSpot.Status.IMPLEMENTING)
    services.bright_spot_advance(actor=steering_member, spot=spot, to=BrightSpot.Status.EVALUATED, note="Tốt")
    from danchu.steering.services import criteria

    for criterion in criteria.criteria_for(spot.field_kind):
        criteria.evidence_add(
            actor=steering_member, criterion=criterion, text="Biên bản đánh giá", bright_spot=spot
        )
    services.bright_spot_advance(
        actor=steering_member, spot=spot, to=BrightSpot.Status.RECOGNISED, on=dt.date(2025, 11, 2)
    )
    refresh(period=Period.year(2025))
    assert values("steering.bright_spots_recognised", province, Period.year(2025)).value == 1
    assert values("steering.bright_spots_registered", province, Period.quarter(2025, 1)).value == 1


def test_bright_spot_needs_name_and_address_and_a_member(
    committee: Any, steering_member: Any, officer: Any, commune: Any
) -> None:
    with pytest.raises(DomainError):
        services.bright_spot_register(
            actor=steering_member, committee=committee, place=commune, name="X", address=" "
        )
    with pytest.raises(Forbidden):
        services.bright_spot_register(
            actor=officer, committee=committee, place=commune, name="X", address="Y"
        )


def test_inspection_and_award_are_counted(
    committee: Any, steering_member: Any, commune: Any, other_commune: Any, province: Any
) -> None:
    insp = services.inspection_plan(
        actor=steering_member,
        committee=committee,
        title="Kiểm tra QCDC",
        planned_on=dt.date(2025, 5, 1),
        units=[(commune, ""), (other_commune, "")],
    )
    services.inspection_record(
        actor=steering_member, inspection=insp, done_on=dt.date(2025, 5, 10), findings="Tốt"
    )
    services.award_grant(
        actor=steering_member,
        kind="giay_khen",
        recipient="UBND xã",
        place=commune,
        reason="Điểm sáng",
        issuer="Ban Chỉ đạo",
        issued_on=dt.date(2025, 6, 1),
    )
    refresh(period=Period.year(2025))
    assert values("steering.units_inspected", province, Period.year(2025)).value == 2
    assert values("steering.awards", province, Period.year(2025), {"kind": "giay_khen"}).value == 1


def test_committee_page_for_members_and_404_for_outsiders(
    committee: Any, client_as: Any, steering_member: Any, outsider: Any, province: Any
) -> None:
    url = reverse("steering:committee", args=[committee.pk])
    assert client_as(steering_member).get(url).status_code == 200
    assert client_as(outsider).get(url).status_code == 404
    r = client_as(steering_member).post(
        reverse("steering:bright_spot_register", args=[committee.pk]),
        {"name": "Đối thoại", "address": "UBND", "place": province.code, "field": "qcdc"},
    )
    assert r.status_code == 302 and BrightSpot.objects.count() == 1
