from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from danchu.cases import services
from danchu.cases.models import Field


@pytest.fixture(autouse=True)
def _clear_cache(db: Any) -> None:
    from django.core.cache import cache

    cache.clear()


# The default fields come from a data migration; after a transactional test's flush the root
# conftest's restore_seed_rows() puts them back.


@pytest.fixture
def land(db: Any) -> Field:
    return Field.objects.get(code="dat-dai")


@pytest.fixture
def roads(db: Any) -> Field:
    return Field.objects.get(code="ha-tang")


def at(y: int, m: int, d: int, h: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h, 0))


@pytest.fixture
def file_case(village: Any, roads: Field) -> Any:
    """file_case(**overrides) -> a feedback case in `village` (anonymous unless told otherwise)."""

    def make(**kw: Any) -> Any:
        kw.setdefault("case_type_key", "feedback")
        kw.setdefault("place", village)
        kw.setdefault("field", roads)
        kw.setdefault("title", "Đường thôn 1 bị sạt lở")
        kw.setdefault(
            "description", "Đoạn đường liên thôn trước nhà văn hóa bị sạt lở, xe máy đi lại nguy hiểm."
        )
        if "submitter" not in kw and "identity" not in kw and "recorded_by" not in kw:
            kw.setdefault("anonymous", kw["case_type_key"] == "feedback")
        return services.case_submit(**kw)

    return make


@pytest.fixture
def workplace_rep(commune: Any) -> Any:
    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role

    return person_with_role(Role.WORKPLACE_REP, commune, full_name="Đinh Văn Doanh Nghiệp")


@pytest.fixture
def supervision_member(commune: Any) -> Any:
    from danchu.accounts.models import Role
    from danchu.accounts.tests.factories import person_with_role

    return person_with_role(Role.SUPERVISION_MEMBER, commune, full_name="Lý Thị Giám Sát")


@pytest.fixture
def foreign_village(other_commune: Any) -> Any:
    """A village of `other_commune` (another unit)."""
    from danchu.places.tests import factories as pf

    return pf.village(other_commune, code="24190-001", name="Buôn Ea Kly")


def denunciation_in(place: Any, citizen: Any) -> Any:
    """A denunciation filed on the web by a verified resident (nobody received it at a desk)."""
    return services.case_submit(
        services.CaseSubmission(
            case_type_key="denunciation",
            place=place,
            title="Tố cáo cán bộ thu tiền sai quy định",
            description="Nội dung tố cáo bí mật: cán bộ thôn thu 500.000 đồng mỗi hộ.",
            denounced="Cán bộ thu đóng góp",
            submitter=citizen,
        )
    )
