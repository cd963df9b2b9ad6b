"""The list of units a province's steering committee or a commune reads: paged (never cut off
silently at a thousand), searchable by name or code without diacritics, in Vietnamese order."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from danchu.workplaces import services
from danchu.workplaces.models import Ownership, UnitType

pytestmark = pytest.mark.django_db


def _register(commune: Any, n: int) -> None:
    for i in range(n):
        services.unit_register(
            actor=None,
            data=services.UnitData(
                code=f"DN-{i:03d}",
                name=f"Công ty TNHH Đắk Lắk số {i:03d}",
                unit_type=UnitType.ENTERPRISE,
                place=commune,
                ownership=Ownership.PRIVATE,
                employees=20,
            ),
        )


def test_the_list_is_paged_and_every_unit_is_reachable(client_as: Any, officer: Any, commune: Any) -> None:
    _register(commune, 55)
    c = client_as(officer)
    first = c.get(reverse("workplaces:units")).content.decode()
    second = c.get(reverse("workplaces:units") + "?page=2").content.decode()
    names = [f"Công ty TNHH Đắk Lắk số {i:03d}" for i in range(55)]
    assert all((n in first) != (n in second) for n in names)  # each on exactly one page
    assert "?page=2" in first
    assert c.get(reverse("workplaces:units") + "?page=abc").status_code == 400
    assert c.get(reverse("workplaces:units") + "?page=99").status_code == 404


def test_a_unit_is_found_by_name_without_diacritics_or_by_code(
    client_as: Any, officer: Any, commune: Any
) -> None:
    _register(commune, 3)
    c = client_as(officer)
    found = c.get(reverse("workplaces:units"), {"q": "dak lak so 001"}).content.decode()
    assert "số 001" in found and "số 002" not in found
    found = c.get(reverse("workplaces:units"), {"q": "dn-002"}).content.decode()
    assert "số 002" in found and "số 001" not in found
    assert c.get(reverse("workplaces:units"), {"q": "x\x00" * 300}).status_code == 400  # NUL: core.middleware
