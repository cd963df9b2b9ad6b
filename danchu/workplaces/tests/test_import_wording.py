"""The units import speaks of units, not of cases: its refusal and an unknown unit type are worded for
what was imported (the same English words once took the cases module's Vietnamese)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danchu.workplaces.models import Unit

from .conftest import xlsx

pytestmark = pytest.mark.django_db

UNIT_HEADER = ["Mã đơn vị", "Tên đơn vị", "Loại", "Sở hữu", "Mã địa bàn", "Số lao động", "Thủ trưởng"]


def test_an_unknown_unit_type_is_called_a_unit_type(browser_as: Any, officer: Any, commune: Any) -> None:
    data = xlsx(
        [UNIT_HEADER, ["DV-KP-11", "Tập đoàn Cà phê Krông Pắc", "tập đoàn", "", commune.code, 120, ""]]
    )
    response = browser_as(officer).post_form(
        reverse("workplaces:import"), {"what": "units", "file": SimpleUploadedFile("don-vi.xlsx", data)}
    )

    page = response.content.decode()
    assert response.status_code == 400 and not Unit.objects.exists()
    assert "Chưa nhập gì. Hãy sửa các dòng sau rồi gửi lại tệp:" in page
    assert "loại hình đơn vị “tập đoàn” không hợp lệ" in page
    assert "hồ sơ" not in page and "loại đơn “" not in page
