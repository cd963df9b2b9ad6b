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


@pytest.fixture(autouse=True)
def _default_fields(db: Any) -> None:
    """The default fields come from a data migration, which a transactional test's flush removes."""
    import importlib

    fields = importlib.import_module("danchu.cases.migrations.0002_default_fields").FIELDS
    for code, name, description, keywords, group, order in fields:
        Field.objects.get_or_create(
            code=code,
            defaults=dict(name=name, description=description, keywords=keywords, group=group, order=order),
        )


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
