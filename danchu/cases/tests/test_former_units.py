"""A commune abolished in the 2025 reorganisation (its record stays, with `valid_to` and its successor)
holds no cases: a case filed there through the API, Open311 or an import would reach a unit nobody acts
for, and nobody would ever answer it. It is refused with the successor named; a transfer there too."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from danchu.cases import services
from danchu.cases.models import Case
from danchu.core.errors import DomainError
from danchu.places.models import Succession
from danchu.places.tests import factories as pf


@pytest.fixture
def former(province: Any, commune: Any) -> Any:
    """Xã Ea Hồ, merged into `commune` on 1 July 2025."""
    old = pf.commune(
        province, code="24199", name="Xã Ea Hồ", valid_to=dt.date(2025, 6, 30), merged_into=commune
    )
    Succession.objects.create(old=old, new=commune, source="Nghị quyết 1660/NQ-UBTVQH15")
    return old


def test_a_case_filed_at_a_former_commune_through_the_api_is_refused_naming_its_successor(
    former: Any, commune: Any
) -> None:
    payload = {
        "place_code": former.code,
        "title": "Đèn hỏng",
        "description": "Đèn đường trước chợ không sáng.",
    }
    r = Client().post("/api/v1/cases/", payload, content_type="application/json")
    assert r.status_code == 400, r.content
    assert commune.code in r.json()["message"]
    assert not Case.objects.exists()


def test_a_former_commune_cannot_receive_a_transfer(file_case: Any, officer: Any, former: Any) -> None:
    case = file_case()
    with pytest.raises(DomainError) as refused:
        services.case_transfer(case=case, by=officer, to_unit=former, reason="Đúng địa bàn")
    assert refused.value.status == 400
    case.refresh_from_db()
    assert case.unit_id != former.pk


def test_a_case_received_while_the_commune_existed_can_still_be_imported(former: Any, officer: Any) -> None:
    # A register of 2024 names the commune as it was then.
    received = dt.datetime(2024, 5, 6, 9, tzinfo=dt.UTC)
    case = services.case_submit(
        services.CaseSubmission(
            case_type_key="feedback",
            place=former,
            title="Đường hỏng",
            description="Đường liên thôn hỏng.",
            anonymous=True,
            received_at=received,
        )
    )
    assert case.unit_id == former.pk
