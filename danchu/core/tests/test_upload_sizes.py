"""A refused size reads as two different numbers: "20,0 MB; the limit is 20,0 MB" told nobody why."""

from __future__ import annotations

import io

import pytest
from django.utils import translation

from danchu.core.errors import DomainError
from danchu.core.uploads import sanitise

PDF = {"application/pdf": "pdf"}


def _refusal(size: int, limit: int) -> str:
    with translation.override("vi"), pytest.raises(DomainError) as e:
        sanitise(io.BytesIO(b"%PDF-1.4 x"), name="bien-ban.pdf", size=size, allowed=PDF)
    assert e.value.code == "file_too_large"
    return e.value.message


def test_just_over_the_limit_is_told_in_bytes(settings: pytest.FixtureRequest) -> None:
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024  # type: ignore[attr-defined]
    message = _refusal(20 * 1024 * 1024 + 1, 20 * 1024 * 1024)
    assert message == "Tệp bien-ban.pdf có dung lượng 20.971.521 byte; giới hạn là 20.971.520 byte."


def test_well_over_the_limit_is_told_in_megabytes(settings: pytest.FixtureRequest) -> None:
    settings.UPLOAD_MAX_BYTES = 20 * 1024 * 1024  # type: ignore[attr-defined]
    message = _refusal(25 * 1024 * 1024, 20 * 1024 * 1024)
    assert "25,0\xa0MB" in message and "20,0\xa0MB" in message
